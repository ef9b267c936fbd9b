// Which process `-p`/`-c` traces, for probes whose addresses live in it (watchpoints).
//
// `-p` is the catalogue's pid, `-c` its `command` (the child TracedCommand holds before exec).

import Foundation
import SwtraceCore

extension LiveKernelCatalogue {
    public var tracedProcess: TracedProcess? {
        if let pid { return TracedProcess(pid: pid, path: "/proc/\(pid)/exe") }
        guard let held = command else { return nil }
        let program = held.text.split(separator: " ", omittingEmptySubsequences: true).first.map(String.init) ?? ""
        return TracedProcess(pid: held.pid, path: resolveBinary(program) ?? program)
    }
}
