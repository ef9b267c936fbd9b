// opensnoop's command line (the options of BCC's opensnoop) turned into defines for opensnoop.bt.
import ArgumentParser
import Foundation
import SwtraceCLI
import SwtraceRuntime

struct OpenSnoopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opensnoop",
        abstract: "Trace open(), openat() and openat2() system calls.",
        usage: "opensnoop [<options>]",
        discussion: """
            EXAMPLES:
              opensnoop             # trace all opens
              opensnoop -T          # with a timestamp
              opensnoop -U          # with the user id
              opensnoop -x          # only failed opens
              opensnoop -p 181      # only process 181
              opensnoop -t 123      # only thread 123
              opensnoop -u 1000     # only user 1000
              opensnoop -d 10       # trace for 10 seconds only
              opensnoop -n main     # only process names containing "main"
              opensnoop -e          # with the open flags
            """,
        helpNames: [.short, .long]
    )

    @OptionGroup var common: ToolOptions

    @Option(name: [.customShort("t"), .customLong("tid")],
            help: ArgumentHelp("Trace only thread <tid>.", valueName: "tid"),
            completion: .custom(ToolCompletion.completePID))
    var tid: Int32?

    @Option(name: [.customShort("u"), .customLong("uid")],
            help: ArgumentHelp("Trace only opens by user <uid>.", valueName: "uid"))
    var uid: UInt32?

    @Option(name: [.customShort("n"), .customLong("name")],
            help: ArgumentHelp("Print only processes whose name contains <name>.", valueName: "name"),
            completion: .custom(ToolCompletion.completeComm))
    var name: String?

    @Flag(name: [.customShort("x"), .customLong("failed")], help: "Print only failed opens.")
    var failed = false

    @Flag(name: [.customShort("T"), .customLong("timestamp")], help: "Print a timestamp (HH:MM:SS) column.")
    var timestamp = false

    @Flag(name: [.customShort("U"), .customLong("print-uid")], help: "Print a UID column.")
    var printUID = false

    @Flag(name: [.customShort("e"), .customLong("extended-fields")],
          help: "Print extended fields: the open flags, in octal.")
    var extended = false

    /// The open system calls of opensnoop.bt this kernel has no tracepoints for: arm64 has no
    /// open(2), kernels before 5.6 no openat2(2). Without tracefs (--emit by a user who cannot
    /// read it) the program is printed for a kernel that has them all.
    static func missingOpenCalls() -> [String] {
        guard let root = try? Tracefs.ensureMounted() else { return [] }
        return ["open", "openat2"].filter {
            !FileManager.default.fileExists(atPath: "\(root)/events/syscalls/sys_enter_\($0)")
        }
    }

    func validate() throws {
        if let tid, tid <= 0 { throw ValidationError("tid '\(tid)' is not a valid thread id.") }
        if let name, name.isEmpty { throw ValidationError("-n needs a name.") }
        if let name { _ = try ToolCommName(name) }
    }

    func run() throws {
        let columns = OpenSnoopFormatter.Columns(timestamp: timestamp, uid: printUID, flags: extended)
        // A name can only be found in the 15 bytes of it the kernel keeps: a whole long name
        // (`-n swtrace-workload`) is looked for as the kernel shows it.
        let nameFilter = name.flatMap { try? ToolCommName($0) }
        let status = ToolRunner.run(program, options: common, announce: nameFilter?.notice) { format in
            OpenSnoopFormatter(columns: columns, nameFilter: nameFilter?.kernel, json: format == .json)
        }
        if status != 0 { throw ExitCode(status) }
    }

    /// The options as opensnoop.bt's defines.
    var program: ToolProgram {
        var program = ToolProgram(embedded: PackageResources.opensnoop_bt)
        for call in Self.missingOpenCalls() { program.define("NO_" + call.uppercased()) }
        var filters: [String] = []
        if let tid { filters.append("tid == \(tid)") }
        if let uid { filters.append("uid == \(uid)") }
        if !filters.isEmpty { program.define("TASK_FILTER", "(" + filters.joined(separator: " && ") + ")") }
        if failed { program.define("FAILED_ONLY") }
        if printUID { program.define("PRINT_UID") }
        if extended { program.define("EXTENDED") }
        return program
    }
}
