// Everything a run of swtrace (or a tool built on it) needs to know, independent of how the
// options were spelled on the command line.

import SwtraceCore
import SwtraceOutput

public enum OutputFormat: String, Sendable, CaseIterable {
    case text, json
    /// Beyond bpftrace: maps as CSV tables (SwtraceOutput/CSVFormatter.swift).
    case csv
}

/// `-B`: when output reaches the file or terminal.
public enum BufferMode: String, Sendable, CaseIterable {
    /// After each batch of events (they arrive together), so lines show up as they happen.
    case line
    /// Only in large blocks and at exit: fastest for files.
    case full
    /// Each piece at once.
    case none
}

public struct RunOptions: Sendable {
    public enum ProgramSource: Sendable, Equatable {
        /// `-e PROGRAM`; printed as file name "stdin" in diagnostics, like bpftrace.
        case inline(String)
        /// `swtrace FILE.bt` (`-` reads standard input).
        case file(path: String)
        /// A tool's embedded program; diagnostics name it `name` (e.g. `opensnoop.bt`).
        case embedded(String, name: String)
    }

    public var program: ProgramSource?
    /// `-l [PATTERN]`: list probes instead of running (nil pattern = everything).
    public var listProbes: Bool = false
    public var listPattern: String?
    /// `-v` with `-l` (`-lv`): show probe arguments.
    public var verbose: Bool = false
    /// `-p PID`
    public var pid: Int32?
    /// `-c CMD`
    public var command: String?
    public var format: OutputFormat = .text
    /// `-o FILE`
    public var outputPath: String?
    public var quiet: Bool = false
    /// `-B MODE`
    public var bufferMode: BufferMode = .line
    /// False with `--no-warnings`.
    public var warnings: Bool = true
    /// `--include FILE`: headers read before the program, as `#include` lines.
    public var includeFiles: [String] = []
    /// `-k`: programs report failing probe-read and stack helpers as warnings.
    public var helperErrorChecks: Bool = false
    /// `--dry-run`: compile and load-check, do not attach.
    public var dryRun: Bool = false
    /// `--unsafe`
    public var unsafe: Bool = false
    /// `--info`
    public var info: Bool = false
    /// `--test` / `--bench`: run the test:/bench: probes instead of tracing.
    public var runMode: ProbeRunMode = .trace
    /// `$1`, `$2`, ... after the program file or `-e` program.
    public var positionalArguments: [String] = []
    /// `-d STAGE`: print an intermediate stage (`ast`, `ir`, `plan`).
    public var debugStages: [String] = []
    /// `--live[=INTERVAL]`: redraw the maps every this many milliseconds (nil: no live view).
    public var liveIntervalMilliseconds: Int?
    /// Replaces the `-f` printer: tools render their maps and events in their own layout.
    public var formatter: (any OutputFormatter)?

    public init() {}
}
