// fentry/fexit (BPF trampolines) on kernel functions and on functions of loaded BPF programs
// (`fentry:bpf`): the target was fixed before load, so attaching takes no arguments.

import CLibbpf
import Glibc
import SwtraceCore

enum FentryAttacher: ProbeAttacher {
    static func handles(_ target: AttachTarget) -> Bool {
        switch target {
        case .fentry, .fexit, .bpfFunction: return true
        default: return false
        }
    }

    static func missingFeature(for target: AttachTarget, features: KernelFeatures) -> String? {
        if case .bpfFunction = target {} else if !features.btf { return "BTF (/sys/kernel/btf/vmlinux), needed by fentry/fexit" }
        return features.fentry ? nil : "fentry/fexit (BPF trampolines)"
    }

    static func attach(program: OpaquePointer, target: AttachTarget, probe: String) throws -> [OpaquePointer] {
        guard handles(target) else { return [] }
        let link = bpf_program__attach_trace(program)
        return [try requireLink(link, probe: probe)]
    }
}
