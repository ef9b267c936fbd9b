// The options every tool shares (-p, -d, -f, -o, --emit, -v, -V), declared once for @OptionGroup.
import ArgumentParser
import Foundation

public struct ToolOptions: ParsableArguments {
    @Option(name: [.customShort("p"), .customLong("pid")],
            help: ArgumentHelp("Trace only process <pid>; the tool exits when it exits.", valueName: "pid"),
            completion: .custom(ToolCompletion.completePID))
    public var pid: Int32?

    @Option(name: [.customShort("d"), .customLong("duration")],
            help: ArgumentHelp("Trace for <seconds>, then print the results and exit.", valueName: "seconds"))
    public var duration: Int?

    @Option(name: [.customShort("f"), .customLong("format")],
            help: ArgumentHelp("Output format: text or json (one JSON object per line).", valueName: "format"))
    public var toolFormat: ToolFormat = .text

    /// The tools print their own text layout or swtrace's JSON records.
    public enum ToolFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
        case text, json
    }

    public var format: OutputFormat { toolFormat == .json ? .json : .text }

    @Option(name: [.customShort("o"), .customLong("output")],
            help: ArgumentHelp("Write the output to <file> instead of stdout.", valueName: "file"),
            completion: .file())
    public var outputPath: String?

    @Flag(name: .customLong("emit"),
          help: "Print the swtrace program the tool would run with these options, and exit.")
    public var emit = false

    @Flag(name: [.customShort("v"), .customLong("verbose")], help: "Print libbpf's debug output while loading.")
    public var verbose = false

    @Flag(name: [.customShort("V"), .customLong("version")], help: "Print the version and exit.")
    public var version = false

    public init() {}

    /// The process a task belongs to (the Tgid line of /proc/TID/status); nil when unreadable.
    static func processOf(thread: Int32) -> Int32? {
        guard let status = try? String(contentsOfFile: "/proc/\(thread)/status", encoding: .utf8) else { return nil }
        let line = status.split(separator: "\n").first { $0.hasPrefix("Tgid:") }
        return line.flatMap { Int32($0.dropFirst(5).trimmingCharacters(in: .whitespaces)) }
    }

    public func validate() throws {
        if let pid, pid <= 0 { throw ValidationError("pid '\(pid)' is not a valid process id.") }
        // The tools end when the traced process does: one that is gone already is a mistake.
        if let pid, access("/proc/\(pid)", F_OK) != 0 { throw ValidationError("there is no process with pid \(pid).") }
        // /proc/TID exists for every thread too, but -p compares process ids: a thread's id
        // would trace nothing.
        if let pid, let process = Self.processOf(thread: pid), process != pid {
            throw ValidationError("\(pid) is a thread of process \(process): give -p \(process).")
        }
        if let duration, duration <= 0 { throw ValidationError("duration must be a positive number of seconds.") }
        if let outputPath, outputPath.isEmpty { throw ValidationError("-o needs a file name.") }
    }
}
