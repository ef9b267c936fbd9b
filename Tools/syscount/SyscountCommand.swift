// syscount's command line (the options of BCC's syscount) turned into defines for syscount.bt.
import ArgumentParser
import Foundation
import SwtraceCLI

struct SyscountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "syscount",
        abstract: "Summarize system call counts and latencies.",
        usage: "syscount [<options>]",
        discussion: """
            EXAMPLES:
              syscount                 # top 10 system calls by count, until Ctrl-C
              syscount -p 1234         # only process 1234
              syscount -i 1 -d 10      # print every second, for 10 seconds
              syscount -L -m           # with total latency in milliseconds, sorted by it
              syscount -P              # by process instead of by system call
              syscount -x              # only failed system calls
              syscount -e ENOENT       # only system calls that failed with ENOENT
              syscount -c /sys/fs/cgroup/system.slice   # only processes in this cgroup
            """,
        helpNames: [.short, .long]
    )

    @OptionGroup var common: ToolOptions

    @Option(name: [.customShort("c"), .customLong("cgroup")],
            help: ArgumentHelp("Trace only processes in the cgroup (v2) at <path>.", valueName: "path"),
            completion: .directory)
    var cgroup: String?

    @Option(name: .customLong("comm"),
            help: ArgumentHelp("Trace only processes named <name> (the comm, at most 15 bytes).", valueName: "name"),
            completion: .custom(ToolCompletion.completeComm))
    var comm: String?

    @Option(name: [.customShort("i"), .customLong("interval")],
            help: ArgumentHelp("Print the summary every <seconds>, then start counting again (0: only at the end).",
                               valueName: "seconds"))
    var interval: Int = 0

    @Option(name: [.customShort("T"), .customLong("top")],
            help: ArgumentHelp("Print only the top <count> rows.", valueName: "count"))
    var top: Int = 10

    @Flag(name: [.customShort("L"), .customLong("latency")],
          help: "Also measure the time spent in the system calls, and sort by it.")
    var latency = false

    @Flag(name: [.customShort("P"), .customLong("process")],
          help: "Count by process (pid and comm) instead of by system call.")
    var byProcess = false

    @Flag(name: [.customShort("x"), .customLong("failures")],
          help: "Count only failed system calls.")
    var failures = false

    @Option(name: [.customShort("e"), .customLong("errno")],
            help: ArgumentHelp("Count only system calls that failed with <errno> (a number or a name like ENOENT).",
                               valueName: "errno"),
            completion: .list(SyscallTables.errnoValues.keys.sorted()))
    var errno: String?

    @Flag(name: [.customShort("l"), .customLong("list")],
          help: "List the system calls syscount knows by name, and exit.")
    var list = false

    @Flag(name: [.customShort("m"), .customLong("milliseconds")],
          help: "Show latency in milliseconds (default: microseconds).")
    var milliseconds = false

    func validate() throws {
        if interval < 0 { throw ValidationError("interval must be 0 or a positive number of seconds.") }
        if top <= 0 { throw ValidationError("top must be a positive number.") }
        if let comm { _ = try ToolCommName(comm) }
        if let errno, SyscallNames.errnoValue(errno) == nil {
            throw ValidationError("unknown errno '\(errno)': give a number or a name such as ENOENT.")
        }
        if let cgroup, CgroupID.of(path: cgroup) == nil {
            throw ValidationError("'\(cgroup)' is not a cgroup v2 directory (give its path, e.g. /sys/fs/cgroup/system.slice).")
        }
    }

    func run() throws {
        if list {
            print(SyscallNames.listing, terminator: "")
            return
        }
        let status = ToolRunner.run(program, options: common, announce: commName?.notice) { format in
            SyscountFormatter(layout: layout, json: format == .json)
        }
        if status != 0 { throw ExitCode(status) }
    }

    /// --comm as the kernel keeps names (validate() has refused an empty one).
    var commName: ToolCommName? { comm.flatMap { try? ToolCommName($0) } }

    var layout: SyscountFormatter.Layout {
        .init(top: top, latency: latency, milliseconds: milliseconds, byProcess: byProcess)
    }

    /// The options as syscount.bt's defines.
    var program: ToolProgram {
        var program = ToolProgram(embedded: PackageResources.syscount_bt)
        var taskFilters: [String] = []
        if let cgroup, let id = CgroupID.of(path: cgroup) { taskFilters.append("cgroup == \(id)") }
        if let commName { taskFilters.append("comm == \(ToolProgram.stringLiteral(commName.kernel))") }
        if !taskFilters.isEmpty { program.define("TASK_FILTER", "(" + taskFilters.joined(separator: " && ") + ")") }
        if let errno, let value = SyscallNames.errnoValue(errno) {
            program.define("RESULT_FILTER", "(args.ret == -\(value))")
        } else if failures {
            program.define("RESULT_FILTER", "(args.ret < 0)")
        }
        if byProcess { program.define("BY_PROCESS") }
        if latency { program.define("LATENCY") }
        if interval > 0 { program.interval = (interval, "", "print(@syscalls);\n  clear(@syscalls);") }
        return program
    }
}

/// The id the kernel's `cgroup` builtin reports for a cgroup v2 directory: its inode number.
/// Other directories (cgroup v1 hierarchies included) have no such id: only cgroup v2
/// directories hold a `cgroup.controllers` file.
enum CgroupID {
    static func of(path: String) -> UInt64? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR,
              access(path + "/cgroup.controllers", F_OK) == 0 else { return nil }
        return UInt64(info.st_ino)
    }
}
