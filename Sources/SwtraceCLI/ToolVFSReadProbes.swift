// vfsreadlat's probe choice, here so that tests can give it any kernel's features: fentry/fexit
// when the kernel has BPF trampolines, else kprobe/kretprobe, else the read() tracepoints.
import ArgumentParser
import SwtraceCore

/// Which probes time vfs_read() on this kernel, and the one line that says why.
public enum VFSReadProbes: String, ExpressibleByArgument, CaseIterable, Sendable {
    case fentry, kprobe, tracepoint

    /// The choice on a kernel whose catalogue also says whether vfs_read itself can be probed:
    /// fentry needs it in BTF, kprobes need it traceable (not inlined, not notrace). A kernel with
    /// the features but not the function gets the next probes, and the line says why.
    public static func choose(on catalogue: any KernelCatalogue) -> (probes: VFSReadProbes, reason: String) {
        let features = catalogue.features
        let inBTF = features.fentry && ((try? catalogue.kernelFunctionPrototype("vfs_read")) ?? nil) != nil
        if inBTF { return (.fentry, VFSReadProbes.fentry.reason) }
        let traceable = features.kprobes && ((try? catalogue.kernelFunctions(matching: "vfs_read")) ?? []) == ["vfs_read"]
        if traceable {
            guard features.fentry else { return (.kprobe, VFSReadProbes.kprobe.reason) }
            return (.kprobe, "using \(VFSReadProbes.kprobe.probeNames) (this kernel's BTF does not describe vfs_read, "
                    + "which fentry needs)")
        }
        guard features.fentry || features.kprobes else { return (.tracepoint, VFSReadProbes.tracepoint.reason) }
        return (.tracepoint, "using \(VFSReadProbes.tracepoint.probeNames) (vfs_read cannot be probed on this kernel)")
    }

    public static func choose(_ features: KernelFeatures) -> VFSReadProbes {
        if features.fentry { return .fentry }
        if features.kprobes { return .kprobe }
        return .tracepoint
    }

    /// Why these probes cannot run on a kernel with `features` (nil: they can). A forced
    /// --probe-type is refused here, before compiling, so that the user reads about the option
    /// they gave rather than about lines of a program they never wrote.
    public func unavailable(on features: KernelFeatures) -> String? {
        switch self {
        case .fentry where !features.fentry:
            return "this kernel has no fentry (BPF trampolines)"
        case .kprobe where !features.kprobes:
            return "this kernel has no kprobes"
        default:
            return nil
        }
    }

    public var define: String? {
        switch self {
        case .fentry: return "USE_FENTRY"
        case .kprobe: return "USE_KPROBE"
        case .tracepoint: return nil
        }
    }

    public var probeNames: String {
        switch self {
        case .fentry: return "fentry/fexit:vfs_read"
        case .kprobe: return "kprobe/kretprobe:vfs_read"
        case .tracepoint: return "tracepoint:syscalls:sys_enter_read/sys_exit_read"
        }
    }

    public var reason: String {
        switch self {
        case .fentry: return "using \(probeNames) (this kernel has BTF and fentry trampolines)"
        case .kprobe: return "using \(probeNames) (this kernel has kprobes but no fentry)"
        case .tracepoint: return "using \(probeNames) (this kernel has neither fentry nor kprobes)"
        }
    }
}
