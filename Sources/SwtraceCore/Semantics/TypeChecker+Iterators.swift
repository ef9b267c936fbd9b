// `ctx` in iter probes: a pointer to the kernel's `struct bpf_iter__NAME`, so `ctx->task->comm`
// (or `ctx.task.pid`) reads the object the iterator is visiting.

extension TypeChecker {
    /// The record pointer type of `ctx` in an iter probe; nil elsewhere or without kernel BTF.
    func iteratorContextType() -> SwType? {
        guard case .iterator(let name)? = attachPoints[currentProbe].first?.target else { return nil }
        return typeCatalogue?.record(named: "struct bpf_iter__\(name)").map { .pointer($0.type) }
    }
}
