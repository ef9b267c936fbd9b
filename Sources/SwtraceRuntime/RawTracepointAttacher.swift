// rawtracepoint:name through libbpf (BPF_RAW_TRACEPOINT_OPEN).

import CLibbpf
import Glibc
import SwtraceCore

enum RawTracepointAttacher: ProbeAttacher {
    static func handles(_ target: AttachTarget) -> Bool {
        if case .rawTracepoint = target { return true }
        return false
    }

    static func attach(program: OpaquePointer, target: AttachTarget, probe: String) throws -> [OpaquePointer] {
        guard case .rawTracepoint(let name) = target else { return [] }
        let link = bpf_program__attach_raw_tracepoint(program, name)
        return [try requireLink(link, probe: probe, notFoundMeans: "no such raw tracepoint")]
    }
}
