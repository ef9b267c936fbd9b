// The printer interface: each method returns exactly the text bpftrace writes for one event.
import SwtraceCore

/// Where a piece of output goes.
public enum OutputStream: Sendable, Equatable {
    case standardOutput
    case standardError
}

public protocol OutputFormatter: Sendable {
    /// Stream for `attachedProbes` (text: stderr, JSON: stdout).
    var attachedProbesStream: OutputStream { get }
    /// Stream for `lostEvents` (text: stderr, JSON: stdout).
    var lostEventsStream: OutputStream { get }

    /// Printed once all probes are attached: "Attached 1 probe\n" in text.
    func attachedProbes(_ count: Int) -> String
    /// The formatted result of one printf() call.
    func printf(_ text: String) -> String
    /// One map as `print(@m, top, div)` shows it; `top` 0 means all, `divisor` 0 means 1.
    func map(_ snapshot: MapSnapshot, top: Int, divisor: Int) -> String
    /// Printed when the run ends, whether or not maps follow ("\n\n" in text, nothing in JSON).
    var endOfRun: String { get }
    /// Everything printed at exit: `endOfRun`, then every non-empty map ordered by name.
    /// Call it even when there are no maps.
    func mapsAtExit(_ snapshots: [MapSnapshot]) -> String
    /// Report of events dropped by the kernel ring buffer.
    func lostEvents(_ count: UInt64) -> String
    /// `print(expr)` of a non-map value.
    func value(_ value: Value) -> String
    /// `time(FORMAT)`: the already formatted local time.
    func time(_ text: String) -> String
    /// `cat(FILE)`: the file's contents.
    func cat(_ text: String) -> String
    /// `join(ARRAY)`: the joined arguments (text adds the newline).
    func join(_ text: String) -> String
    /// `system(CMD)`: the command's output.
    func syscall(_ text: String) -> String
    /// `errorf()`/`warnf()` as an output record (JSON); nil: the located text message goes to
    /// stderr as usual.
    func runtimeMessage(_ message: RuntimeMessage) -> String?
}

/// What `errorf()`/`warnf()` report: the formatted text and where the call is in the program.
public struct RuntimeMessage: Sendable, Equatable {
    public enum Severity: String, Sendable { case error = "errorf", warning = "warnf" }
    public var severity: Severity
    public var text: String
    public var file: String
    public var line: Int
    public var column: Int

    public init(severity: Severity, text: String, file: String, line: Int, column: Int) {
        self.severity = severity; self.text = text; self.file = file; self.line = line; self.column = column
    }

    /// Reads the location back from the rendered prefix the program carries for the call,
    /// `FILE:LINE:COL-COL: ERROR: ` (or `WARNING: `).
    public init?(prefix: String, text: String) {
        let severity: Severity
        let location: Substring
        if prefix.hasSuffix(": ERROR: ") {
            severity = .error
            location = prefix.dropLast(": ERROR: ".count)
        } else if prefix.hasSuffix(": WARNING: ") {
            severity = .warning
            location = prefix.dropLast(": WARNING: ".count)
        } else {
            return nil
        }
        // FILE may itself hold colons: the numbers are the last two fields.
        let parts = location.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let line = Int(parts[parts.count - 2]),
              let column = Int(parts[parts.count - 1].prefix { $0 != "-" }) else { return nil }
        self.init(severity: severity, text: text, file: parts.dropLast(2).joined(separator: ":"), line: line, column: column)
    }
}

extension OutputFormatter {
    // Text forms, shared by every printer that does not tag its records (tools' layouts too).
    public func time(_ text: String) -> String { printf(text) }
    public func cat(_ text: String) -> String { printf(text) }
    public func join(_ text: String) -> String { printf(text + "\n") }
    public func syscall(_ text: String) -> String { printf(text.hasSuffix("\n") ? text : text + "\n") }
    public func runtimeMessage(_ message: RuntimeMessage) -> String? { nil }

    public func mapsAtExit(_ snapshots: [MapSnapshot]) -> String {
        endOfRun + maps(snapshots)
    }

    /// Every non-empty map, ordered by name, as exit printing shows them (live view frames).
    public func maps(_ snapshots: [MapSnapshot]) -> String {
        MapOrdering.exitOrder(snapshots).map { map($0, top: 0, divisor: 0) }.joined()
    }
}
