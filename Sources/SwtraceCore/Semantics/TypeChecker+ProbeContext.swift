// What a probe's context offers beyond the common builtins: `ctx` in iter probes (a pointer to
// the kernel's `struct bpf_iter__NAME`, so `ctx->task->comm` reads the visited object) and
// `args` in uprobes, which exists only where the binary's DWARF describes the function.

extension TypeChecker {
    /// The record pointer type of `ctx` in an iter probe; nil elsewhere or without kernel BTF.
    func iteratorContextType() -> SwType? {
        guard case .iterator(let name)? = attachPoints[currentProbe].first?.target else { return nil }
        return typeCatalogue?.record(named: "struct bpf_iter__\(name)").map { .pointer($0.type) }
    }

    /// `args` in a uprobe on a function its binary has no debug information for.
    func reportUprobeArgumentsWithoutDebugInfo(_ expr: Expr) {
        for point in attachPoints[currentProbe] where point.tracepointFormat == nil {
            guard case .uprobe(let path, _, _) = point.target else { continue }
            report(SemanticDiagnostics.noDebugInfo(path: path, expr.range))
            return
        }
    }

    /// The probe traces a running BPF program's function (`fentry:bpf:...`), which has no
    /// argument record for `args`.
    var tracesRunningBPFFunction: Bool {
        attachPoints[currentProbe].contains { point in
            if case .bpfFunction = point.target { return true }
            return false
        }
    }
}
