// The `swtrace` command line: bpftrace-compatible options turned into RunOptions for Session.
import ArgumentParser
import Foundation
import SwtraceCore

extension OutputFormat: ExpressibleByArgument {}
extension BufferMode: ExpressibleByArgument {}

/// `--test`, `--bench`: bpftrace's shorthands for its `--mode test` and `--mode bench`.
enum ProbeRunModeFlag: String, EnumerableFlag {
    case test, bench

    static func help(for value: ProbeRunModeFlag) -> ArgumentHelp? {
        switch value {
        case .test: return "Run the program's test:NAME probes, once each, and report which pass (return 0, no errorf(), no exit() with a non-zero code); no tracing probe is attached."
        case .bench: return "Run the program's bench:NAME probes repeatedly and print each one's average time per run; no tracing probe is attached."
        }
    }
}

public struct SwtraceCommandMain: ParsableCommand {
    public static let version = "swtrace v0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "swtrace",
        abstract: "A high-level tracing language for Linux, compiled to BPF (bpftrace-compatible).",
        usage: """
            swtrace [<options>] <filename> [<arguments> ...]
            swtrace [<options>] -e <program> [<arguments> ...]
            swtrace -l [<pattern>]
            """,
        discussion: """
            When <filename> is "-", the program is read from standard input. A program runs until \
            Ctrl-C or until it calls exit(); then every non-empty map is printed. Arguments after \
            the program are available to it as $1, $2, ... (put them after "--" if they start \
            with "-"); after "--", --name=value and --flag are named parameters, read with \
            getopt("name", default) and getopt("flag").

            EXAMPLES:
              swtrace -l 'tracepoint:syscalls:sys_enter_*'
              swtrace -e 'BEGIN { printf("hello world\\n"); }'
              swtrace -e 'tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }'
              swtrace -p 1234 -e 'tracepoint:raw_syscalls:sys_enter { @ = count(); }'
              swtrace -c 'ls /' -e 'tracepoint:sched:sched_process_exec { print(comm); }'
              swtrace script.bt first-argument second-argument
            """,
        helpNames: [.short, .long]
    )

    @Option(name: .customShort("e"), parsing: .unconditional,
            help: ArgumentHelp("Run <program> instead of reading the program from a file or stdin.",
                               valueName: "program"))
    var program: String?

    @Flag(name: .customShort("l"),
          help: ArgumentHelp("List the probes matching <pattern> (wildcards as in probes; all probes if omitted), or the probes a program given with -e or a file would attach to."))
    var listProbes = false

    @Flag(name: .customShort("v"),
          help: "Verbose messages; with -l (also written -lv), show each probe's arguments.")
    var verbose = false

    @Option(name: .customShort("p"),
            help: ArgumentHelp("Filter events by (or attach only to) process <pid>; exit when it exits.",
                               valueName: "pid"))
    var pid: Int32?

    @Option(name: .customShort("c"), parsing: .unconditional,
            help: ArgumentHelp("Run <command> as a child process; exit when it exits. Its pid is the cpid builtin.",
                               valueName: "command"))
    var command: String?

    @Option(name: [.customShort("f"), .customLong("format")],
            help: ArgumentHelp("Output format: text, json (one JSON object per line) or csv (each map as a table: header line, one row per key, one row per histogram bucket).",
                               valueName: "format"))
    var format: OutputFormat = .text

    // A bare --live is a flag (every second); a following word is its interval only if it
    // starts with a digit (LiveView.intervalArgument), so `--live x.bt` leaves the program file
    // to the positionals.
    @Option(name: .customLong("live"), defaultAsFlag: LiveView.defaultInterval, parsing: .next,
            help: ArgumentHelp("Redraw all maps every <interval> (e.g. --live 500ms, --live=2s) in place on a terminal; elsewhere print them again each time.",
                               valueName: "interval"),
            transform: LiveView.intervalArgument)
    var live: String?

    @Option(name: .customShort("o"),
            help: ArgumentHelp("Write the tracing output to <file> instead of stdout (errors still go to stderr).",
                               valueName: "file"))
    var outputPath: String?

    @Flag(name: .customShort("q"), help: "Keep messages quiet (no \"Attached N probes\").")
    var quiet = false

    @Option(name: .customShort("B"),
            help: ArgumentHelp("Output buffering: line (written as events arrive, the default), full (written in large blocks) or none (every piece written at once).",
                               valueName: "mode"))
    var bufferMode: BufferMode = .line

    @Flag(name: .customLong("no-warnings"), help: "Do not print warnings.")
    var noWarnings = false

    // Counted, so that bpftrace 0.20's `-kk` (check every helper) is accepted too: swtrace checks
    // the helpers whose failures lose data (probe reads, stacks) either way.
    @Flag(name: .customShort("k"),
          help: "Warn, with the call's location and the helper's return code, when a probe read or stack helper fails at run time.")
    var helperErrorChecks: Int

    @Option(name: .customShort("I"),
            help: ArgumentHelp("Accepted for bpftrace compatibility: C headers are not read, kernel types come from BTF.",
                               valueName: "dir"))
    var includeDirectories: [String] = []

    @Option(name: .customLong("include"),
            help: ArgumentHelp("Read a header's constants (errno.h, fcntl.h, ...) as #include does; kernel types come from BTF.",
                               valueName: "file"))
    var includeFiles: [String] = []

    @Option(name: .customShort("d"),
            help: ArgumentHelp("Print the output of a stage: ast, codegen (or ir), plan, libbpf, verifier, or all; repeatable, or comma-separated.",
                               valueName: "stage"))
    var debugStages: [String] = []

    @Flag(name: .customLong("dry-run"),
          help: "Compile and load the program, then stop without running it.")
    var dryRun = false

    @Flag(name: .customLong("unsafe"),
          help: "Allow functions with dangerous side effects, such as system().")
    var unsafe = false

    @Option(name: .customLong("no-feature"),
            help: ArgumentHelp("Accepted for bpftrace compatibility: uprobe_multi, kprobe_multi or kprobe_session "
                               + "(swtrace attaches every probe through a link of its own and uses none of them).",
                               valueName: "feature,..."))
    var disabledFeatures: [String] = []

    @Flag(name: .customLong("usdt-file-activation"),
          help: "Accepted for bpftrace compatibility: without -p, a USDT probe already turns on its semaphore in every process that maps the file.")
    var usdtFileActivation = false

    // An array keeps the order written, for bpftrace's message naming the second mode flag.
    @Flag var runModes: [ProbeRunModeFlag] = []

    @Option(name: .customLong("mode"),
            help: ArgumentHelp("Same as --test (test) or --bench (bench); bpftrace's other modes are not available.",
                               valueName: "mode"))
    var mode: String?

    @Flag(name: .customLong("info"),
          help: "Print the kernel features and build details swtrace relies on, then exit.")
    var info = false

    @Flag(name: [.customShort("V"), .customLong("version")], help: "Print the version and exit.")
    var showVersion = false

    @Argument(help: ArgumentHelp("The program file (\"-\" reads stdin); with -l, a probe pattern or program file.",
                                 valueName: "filename"),
              completion: .custom(ProbeCompletion.complete))
    var filename: String?

    /// For shell completion: prints the probe names that start with the prefix, one a line.
    @Option(name: .customLong("complete-probes"), help: .hidden)
    var completeProbes: String?

    @Argument(help: ArgumentHelp("Positional parameters for the program ($1, $2, ...).",
                                 valueName: "arguments"),
              completion: .custom(ProbeCompletion.complete))  // bash splits probe names at ':' into several words
    var scriptArguments: [String] = []

    public init() {}

    /// Reads the process's own arguments, after getopt-style normalisation.
    public static func main() {
        let arguments = ArgumentPreprocessing.normalise(rawArguments)
        if let problem = LiveView.attachedIntervalProblem(arguments) {
            exit(withError: ValidationError(problem))
        }
        main(arguments)
    }

    /// The arguments with their exact bytes (ByteText): `-e` programs and positional parameters
    /// may hold bytes that are not UTF-8, which CommandLine.arguments would turn into U+FFFD.
    static var rawArguments: [String] {
        (1..<Int(CommandLine.argc)).map { index in
            guard let argument = CommandLine.unsafeArgv[index] else { return "" }
            return ByteText.string(UnsafeRawBufferPointer(start: argument, count: strlen(argument)))
        }
    }

    /// Parses an argument vector (without the executable name) into RunOptions, or throws the
    /// parser's error (render it with `SwtraceCommandMain.message(for:)`).
    public static func runOptions(
        from arguments: [String],
        fileExists: (String) -> Bool = SwtraceCommandMain.regularFileExists
    ) throws -> RunOptions {
        let normalised = ArgumentPreprocessing.normalise(arguments)
        if let problem = LiveView.attachedIntervalProblem(normalised) {
            throw ValidationError(problem)
        }
        let command = try parse(normalised)
        return try command.makeRunOptions(fileExists: fileExists)
    }

    public func validate() throws {
        if showVersion || completeProbes != nil { return }
        _ = try makeRunOptions(fileExists: Self.regularFileExists)
    }

    public func run() throws {
        if showVersion {
            print(Self.version)
            return
        }
        if let completeProbes {
            ProbeCompletion.candidates(prefix: completeProbes).forEach { print($0) }
            return
        }
        let status = Session.run(try makeRunOptions(fileExists: Self.regularFileExists))
        if status != 0 {
            throw ExitCode(status)
        }
    }

    /// Checks option combinations and fills RunOptions. `fileExists` decides, like bpftrace,
    /// whether `-l NAME` names a program file or a probe pattern.
    func makeRunOptions(fileExists: (String) -> Bool) throws -> RunOptions {
        var options = RunOptions()
        options.verbose = verbose
        options.pid = pid
        options.command = command
        options.format = format
        options.outputPath = outputPath
        options.quiet = quiet
        options.bufferMode = bufferMode
        options.warnings = !noWarnings
        options.helperErrorChecks = helperErrorChecks > 0
        options.includeFiles = includeFiles
        options.dryRun = dryRun
        options.unsafe = unsafe
        options.info = info
        var modes = runModes
        if let mode {
            // bpftrace also has codegen, compiler-bench and format; swtrace runs these two.
            guard let flag = ProbeRunModeFlag(rawValue: mode) else {
                throw ValidationError("USAGE: --mode can only be 'bench' or 'test'.")
            }
            // The flags are then the second mode given (bpftrace lets a later --mode win).
            modes.insert(flag, at: 0)
        }
        if modes.count > 1 {
            throw ValidationError("USAGE: --\(modes[1].rawValue) conflicts with existing --mode")
        }
        options.runMode = modes.first.map { $0 == .test ? .test : .bench } ?? .trace
        options.debugStages = try DebugStages.validate(Self.splitStages(debugStages))
        for feature in disabledFeatures.flatMap({ $0.split(separator: ",").map(String.init) })
        where !["uprobe_multi", "kprobe_multi", "kprobe_session"].contains(feature) {
            throw ValidationError("--no-feature: unknown feature '\(feature)'; features are uprobe_multi, kprobe_multi and kprobe_session.")
        }
        if let live {
            guard let interval = LiveView.parseInterval(live) else {
                throw ValidationError(LiveView.badInterval(live))
            }
            options.liveIntervalMilliseconds = interval
        }

        if let pid, pid <= 0 {
            throw ValidationError("pid '\(pid)' is not a valid process id.")
        }
        if let command, command.allSatisfy(\.isWhitespace) {
            throw ValidationError("-c needs a command to run.")
        }
        if let outputPath, outputPath.isEmpty {
            throw ValidationError("-o needs a file name.")
        }

        let positionals = (filename.map { [$0] } ?? []) + scriptArguments

        if listProbes {
            options.listProbes = true
            if let program {
                guard positionals.isEmpty else {
                    throw ValidationError("-l with -e takes no other arguments.")
                }
                options.program = .inline(program)
                return options
            }
            guard positionals.count <= 1 else {
                throw ValidationError("-l takes at most one pattern or program file.")
            }
            if let name = positionals.first {
                if fileExists(name) {
                    options.program = .file(path: name)
                } else if name != "*" {
                    options.listPattern = name
                }
            }
            return options
        }

        if let program {
            if let first = positionals.first, first.hasSuffix(".bt") {
                throw ValidationError("cannot run both -e <program> and the program file '\(first)'.")
            }
            options.program = .inline(program)
            options.positionalArguments = positionals
            return options
        }

        guard let file = positionals.first else {
            if info { return options }
            throw ValidationError("USAGE: filename or -e 'program' required.")
        }
        options.program = .file(path: file)
        options.positionalArguments = Array(positionals.dropFirst())
        return options
    }

    /// `-d ast,ir -d plan` -> [ast, ir, plan].
    static func splitStages(_ values: [String]) throws -> [String] {
        var stages: [String] = []
        for value in values {
            for part in value.split(separator: ",", omittingEmptySubsequences: false) {
                let stage = part.trimmingCharacters(in: .whitespaces)
                guard !stage.isEmpty else {
                    throw ValidationError("-d needs a stage name (for example ast, ir or plan).")
                }
                if !stages.contains(stage) {
                    stages.append(stage)
                }
            }
        }
        return stages
    }

    public static func regularFileExists(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            && !isDirectory.boolValue
    }
}
