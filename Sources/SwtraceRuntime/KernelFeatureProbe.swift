// Detects, once, which tracing features this kernel offers, by asking the kernel itself.

import CLibbpf
import Foundation
import SwtraceCore

public enum KernelFeatureProbe {
    /// Features of the running kernel; probed on first use, then cached.
    public static var features: KernelFeatures { cached }

    private static let cached: KernelFeatures = detect()

    static func detect() -> KernelFeatures {
        let btf = hasBTF()
        return KernelFeatures(kprobes: hasKprobes(), fentry: btf && canAttachFentry(),
                              btf: btf, ringBuffer: libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, nil) == 1,
                              uprobes: hasUprobes(), hardwareCounters: hasHardwareCounters(),
                              watchpoints: FileManager.default.fileExists(atPath: "/sys/bus/event_source/devices/breakpoint"))
    }

    /// Opening a cycles counter proves a PMU; VMs usually have none (ENOENT).
    static func hasHardwareCounters() -> Bool {
        var attr = perf_event_attr()
        attr.type = UInt32(PERF_TYPE_HARDWARE.rawValue)
        attr.size = UInt32(MemoryLayout<perf_event_attr>.size)
        attr.config = UInt64(PERF_COUNT_HW_CPU_CYCLES.rawValue)
        attr.disabled = 1
        let fd = swtrace_perf_event_open(&attr, -1, 0, -1, UInt(PERF_FLAG_FD_CLOEXEC))
        guard fd >= 0 else { return false }
        close(fd)
        return true
    }

    static func hasBTF() -> Bool {
        FileManager.default.fileExists(atPath: "/sys/kernel/btf/vmlinux")
    }

    /// A kprobe PMU (perf_event_open kprobes) or tracefs kprobe_events (legacy kprobes).
    static func hasKprobes() -> Bool {
        if FileManager.default.fileExists(atPath: "/sys/bus/event_source/devices/kprobe/type") { return true }
        if let root = try? Tracefs.ensureMounted() {
            return FileManager.default.fileExists(atPath: root + "/kprobe_events")
        }
        return false
    }

    /// A kprobe PMU for uprobes, or tracefs uprobe_events.
    static func hasUprobes() -> Bool {
        if FileManager.default.fileExists(atPath: "/sys/bus/event_source/devices/uprobe/type") { return true }
        if let root = try? Tracefs.ensureMounted() {
            return FileManager.default.fileExists(atPath: root + "/uprobe_events")
        }
        return false
    }

    /// BTF_KIND_FUNC (ambiguous in Swift: declared by both linux/btf.h and libbpf).
    static let btfKindFunction: UInt32 = 12

    /// Loads `r0 = 0; exit` as an fentry program on a common kernel function and attaches it:
    /// the prog type can exist while trampolines are unavailable, so only attaching proves it
    /// (libbpf 1.1's libbpf_probe_bpf_prog_type cannot probe BPF_PROG_TYPE_TRACING).
    static func canAttachFentry() -> Bool {
        guard let vmlinux = btf__load_vmlinux_btf() else { return false }
        defer { btf__free(vmlinux) }
        let candidates = ["do_nanosleep", "__x64_sys_getpid", "vfs_read", "schedule"]
        guard let btfID = candidates.lazy
            .map({ btf__find_by_name_kind(vmlinux, $0, btfKindFunction) })
            .first(where: { $0 > 0 }) else { return false }
        var opts = bpf_prog_load_opts()
        opts.sz = MemoryLayout<bpf_prog_load_opts>.size
        opts.expected_attach_type = BPF_TRACE_FENTRY
        opts.attach_btf_id = UInt32(btfID)
        // mov r0, 0; exit
        let instructions: [UInt64] = [0x0000_0000_0000_00b7, 0x0000_0000_0000_0095]
        let programFD = instructions.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: bpf_insn.self, capacity: 2) {
                bpf_prog_load(BPF_PROG_TYPE_TRACING, "swtrace_probe", "GPL", $0, 2, &opts)
            }
        }
        guard programFD >= 0 else { return false }
        defer { close(programFD) }
        let linkFD = bpf_raw_tracepoint_open(nil, programFD)
        guard linkFD >= 0 else { return false }
        close(linkFD)
        return true
    }
}

extension KernelFeatureProbe {
    /// The "Probe types" section of `--info`: what this kernel can attach, probed once.
    public static var probeTypesReport: String {
        let features = self.features
        func yes(_ flag: Bool) -> String { flag ? "yes" : "no" }
        let lines = [
            ("kprobe", features.kprobes), ("uprobe", features.uprobes), ("tracepoint", true),
            ("rawtracepoint", true), ("perf_event", true), ("hardware", features.hardwareCounters),
            ("fentry", features.fentry), ("watchpoint", features.watchpoints),
            ("iter", features.btf && !FunctionPrototypes.iterators().isEmpty),
        ]
        return "Probe types\n" + lines.map { "  \($0.0): \(yes($0.1))" }.joined(separator: "\n")
    }
}
