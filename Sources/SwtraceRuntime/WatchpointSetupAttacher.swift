// The uprobe behind `watchpoint:FUNC+argN`: on FUNC of the traced binary, bound to the traced
// process (it stops that process), running the program that reports the address to watch.

import CLibbpf
import Glibc
import SwtraceCore

enum WatchpointSetupAttacher: ProbeAttacher {
    static func handles(_ target: AttachTarget) -> Bool {
        if case .functionWatchpoint = target { return true }
        return false
    }

    static func missingFeature(for target: AttachTarget, features: KernelFeatures) -> String? {
        if !features.watchpoints { return "hardware breakpoints (the breakpoint PMU)" }
        return KernelFeatureProbe.hasUprobes() ? nil : "uprobes (no uprobe PMU and no uprobe_events in tracefs)"
    }

    static func attach(program: OpaquePointer, target: AttachTarget, probe: String) throws -> [OpaquePointer] {
        guard case .functionWatchpoint(let watch) = target else { return [] }
        guard access(watch.path, F_OK) == 0 else {
            throw RuntimeError.attachFailed(probe: probe, reason: "\(watch.path): \(errnoDescription(errno))")
        }
        var opts = bpf_uprobe_opts()
        opts.sz = MemoryLayout<bpf_uprobe_opts>.size
        let link: OpaquePointer? = watch.function.withCString { name in
            opts.func_name = name
            return bpf_program__attach_uprobe_opts(program, watch.pid, watch.path, 0, &opts)
        }
        if link == nil, errno == ENOENT {
            throw RuntimeError.symbolNotFound(path: watch.path, symbol: watch.function)
        }
        return [try requireLink(link, probe: probe)]
    }
}
