// tracepoint:category:name through libbpf (perf event on the tracefs event id).

import CLibbpf
import Glibc
import SwtraceCore

enum TracepointAttacher: ProbeAttacher {
    static func handles(_ target: AttachTarget) -> Bool {
        if case .tracepoint = target { return true }
        return false
    }

    static func attach(program: OpaquePointer, target: AttachTarget, probe: String) throws -> [OpaquePointer] {
        guard case .tracepoint(let category, let name) = target else { return [] }
        // libbpf reads the event id from tracefs.
        _ = try Tracefs.ensureMounted()
        let link = bpf_program__attach_tracepoint(program, category, name)
        return [try requireLink(link, probe: probe, notFoundMeans: "no such tracepoint")]
    }
}
