// Diagnostics about probes and the kernel features they need, each with a stable id.

extension SemanticDiagnostics {
    /// A probe type this kernel cannot attach: one error naming the missing feature, and a hint
    /// naming stable tracepoints that see the same events when the function has any.
    static func kernelLacksFeature(_ point: AttachPoint, provider: ProbeProvider, equivalents: [String]) -> Diagnostic {
        let feature = provider.featureName ?? "a kernel feature"
        var hints: [String] = []
        if !equivalents.isEmpty {
            let names = equivalents.map { "tracepoint:" + $0 }
            let list = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " or " + names.last!
            hints.append("the stable tracepoint\(names.count == 1 ? "" : "s") \(list) cover\(names.count == 1 ? "s" : "") the same events: use \(names.count == 1 ? "it" : "them") instead")
        } else if [.kprobe, .kretprobe, .fentry, .fexit].contains(provider.kind), point.parts.dropFirst().first != "bpf" {
            // (Tracepoints are no substitute for tracing a BPF program: `fentry:bpf:...`.)
            hints.append("tracepoints work on this kernel: list them with swtrace -l 'tracepoint:*'")
        } else if provider.kind == .hardware {
            hints.append("software events work without a PMU, e.g. software:cpu-clock or profile:hz:99")
        }
        return Diagnostic(id: "kernel-lacks-feature",
                          message: "this kernel does not support \(feature), which \(point.raw) needs",
                          range: point.range, hints: hints)
    }

    /// Several attach points of a feature this kernel lacks: one error at the first, counting the
    /// others, with a hint per attach point that has a stable tracepoint equivalent.
    static func kernelLacksFeature(_ first: AttachPoint, provider: ProbeProvider, others: Int,
                                   alternatives: [(point: String, tracepoints: [String])]) -> Diagnostic {
        let feature = provider.featureName ?? "a kernel feature"
        var hints = alternatives.map { alternative in
            let names = alternative.tracepoints.map { "tracepoint:" + $0 }
            let list = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " or " + names.last!
            return "instead of \(alternative.point), the stable tracepoint\(names.count == 1 ? "" : "s") \(list) "
                + "cover\(names.count == 1 ? "s" : "") the same events"
        }
        if hints.isEmpty, [.kprobe, .kretprobe, .fentry, .fexit].contains(provider.kind), first.parts.dropFirst().first != "bpf" {
            hints.append("tracepoints work on this kernel: list them with swtrace -l 'tracepoint:*'")
        }
        let plural = others == 1 ? "" : "s"
        return Diagnostic(id: "kernel-lacks-feature",
                          message: "this kernel does not support \(feature), which \(first.raw) and \(others) other attach point\(plural) need",
                          range: first.range, hints: hints)
    }

    /// An iterator this kernel does not have, with the ones it has.
    static func iteratorNotAvailable(_ point: AttachPoint, name: String, available: [String]) -> Diagnostic {
        Diagnostic(id: "iterator-not-available", message: "iter \(name) not available for your kernel version.",
                   range: point.range, hints: available.isEmpty ? [] : ["this kernel offers: " + available.joined(separator: ", ")])
    }

    /// uprobe `args` come from DWARF, which this binary (or function) lacks.
    static func noDebugInfo(path: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "no-debug-info", message: "No debuginfo found for \(path)", range: range,
                   hints: ["read the registers with arg0, arg1, ... instead"])
    }

    /// A library or program name that resolves to no file.
    static func binaryNotFound(_ point: AttachPoint, binary: String) -> Diagnostic {
        Diagnostic(id: "binary-not-found",
                   message: "could not find '\(binary)': no such file, library in the ld.so cache, or program in PATH",
                   range: point.range, hints: ["give the full path, e.g. uprobe:/usr/lib/x86_64-linux-gnu/libc.so.6:getpid"])
    }

    /// User-space probes on a file whose symbols cannot be read.
    static func userProbeLookupFailed(_ point: AttachPoint, _ detail: String) -> Diagnostic {
        Diagnostic(id: "user-probe-lookup-failed", message: "Cannot look up '\(point.raw)': \(detail)", range: point.range)
    }

    /// A wildcard or name that matched nothing, with the listing command that shows what exists.
    static func noProbesMatched(_ point: AttachPoint, listPattern: String) -> Diagnostic {
        Diagnostic(id: "no-probes-matched", message: "No probes matched '\(point.raw)'", range: point.range,
                   hints: ["list what exists with: swtrace -l '\(listPattern)'"])
    }

    /// An attach point that does not exist, skipped beside others that do (missing_probes = warn):
    /// bpftrace's "No matches for tracepoint syscalls:sys_enter_nosuch. Skipping."
    static func attachPointSkipped(_ point: AttachPoint, provider: String, hints: [String]) -> Diagnostic {
        Diagnostic(id: "attach-point-skipped", severity: .warning,
                   message: "No matches for \(provider) \(point.parts.dropFirst().joined(separator: ":")). Skipping.",
                   range: point.range, hints: hints)
    }

    /// A probe none of whose attach points exist, removed (a warning) or `refused` (missing_probes
    /// = error), in bpftrace's words.
    static func probeWithoutAttachPoints(_ range: SourceRange, refused: Bool, hints: [String]) -> Diagnostic {
        refused
            ? Diagnostic(id: "probe-without-attach-points",
                         message: "Probe has no valid attach points. If this is expected, set the 'missing_probes' config variable to 'warn'.",
                         range: range, hints: hints)
            : Diagnostic(id: "probe-without-attach-points", severity: .warning,
                         message: "Probe has no valid attach points. It is being removed which may cause issues with program behavior.",
                         range: range, hints: hints)
    }

    /// `args` in `fentry:bpf`/`fexit:bpf` probes: bpftrace has no argument types for BPF programs' functions.
    static func argsOfRunningBPFFunction(_ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "args-in-bpf-function", message: "The args builtin cannot be used for 'fentry/fexit:bpf' probes", range: range)
    }
}
