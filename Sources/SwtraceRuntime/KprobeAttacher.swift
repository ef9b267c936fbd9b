// kprobe/kretprobe through libbpf (kprobe PMU or tracefs kprobe_events); refused up front where
// the kernel has neither.

import CLibbpf
import Glibc
import SwtraceCore

enum KprobeAttacher: ProbeAttacher {
    /// The attach failure of a function this kernel does not have (or cannot probe).
    static let noSuchFunction = "no such kernel function"

    static func handles(_ target: AttachTarget) -> Bool {
        switch target {
        case .kprobe, .kretprobe: return true
        default: return false
        }
    }

    static func missingFeature(for target: AttachTarget, features: KernelFeatures) -> String? {
        features.kprobes ? nil : "kprobes (no kprobe PMU and no kprobe_events in tracefs)"
    }

    static func attach(program: OpaquePointer, target: AttachTarget, probe: String) throws -> [OpaquePointer] {
        var opts = bpf_kprobe_opts()
        opts.sz = MemoryLayout<bpf_kprobe_opts>.size
        let symbol: String
        switch target {
        case .kprobe(let name, let offset): symbol = name; opts.offset = Int(offset)
        case .kretprobe(let name): symbol = name; opts.retprobe = true
        default: return []
        }
        if let feature = missingFeature(for: target, features: KernelFeatureProbe.features) {
            throw RuntimeError.missingKernelFeature(probe: probe, feature: feature)
        }
        let link = bpf_program__attach_kprobe_opts(program, symbol, &opts)
        if link == nil, errno == EILSEQ {
            throw RuntimeError.attachFailed(probe: probe, reason: "offset \(opts.offset) is not at an instruction boundary of \(symbol)")
        }
        return [try requireLink(link, probe: probe, notFoundMeans: noSuchFunction)]
    }
}
