// Which process `-p`/`-c` traces, for probes whose addresses live in it (watchpoints).
//
// `-p` is the catalogue's pid, `-c` its `command` when the caller passes it. Otherwise the child
// is found where it already is while the program compiles: TracedCommand holds it stopped as
// `/bin/sh -c 'kill -STOP $$; exec CMD'`, a child of this process.

import Foundation
import SwtraceCore

extension LiveKernelCatalogue {
    public var tracedProcess: TracedProcess? {
        if let pid { return TracedProcess(pid: pid, path: "/proc/\(pid)/exe") }
        guard let held = command.map({ (pid: $0.pid, command: $0.text) }) ?? Self.heldCommand() else { return nil }
        let program = held.command.split(separator: " ", omittingEmptySubsequences: true).first.map(String.init) ?? ""
        return TracedProcess(pid: held.pid, path: resolveBinary(program) ?? program)
    }

    /// The `-c` child waiting to exec its command: pid and command text.
    static func heldCommand() -> (pid: Int32, command: String)? {
        let me = getpid()
        let prefix = "kill -STOP $$; exec "
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return nil }
        for entry in entries {
            guard let pid = Int32(entry), parentPid(of: pid) == me,
                  let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { continue }
            let arguments = data.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            if arguments.count >= 3, arguments[0] == "/bin/sh", arguments[1] == "-c", arguments[2].hasPrefix(prefix) {
                return (pid, String(arguments[2].dropFirst(prefix.count)))
            }
        }
        return nil
    }

    /// Field 4 of /proc/PID/stat; the command name (field 2) may contain spaces, so count after ')'.
    private static func parentPid(of pid: Int32) -> Int32? {
        guard let stat = try? readTextFile("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 1 ? Int32(fields[1]) : nil
    }
}
