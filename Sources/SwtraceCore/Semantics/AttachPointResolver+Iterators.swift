// `iter:NAME` (`iter:task`, `iter:task_file`, `iter:task_vma`): a BPF iterator, run once over
// every object of its kind when swtrace reads it; `ctx` points at the kernel's
// `struct bpf_iter__NAME` (ctx->task, ctx->file, ctx->vma, ...).

extension AttachPointResolver {
    func resolveIterator(_ point: AttachPoint, _ rest: [String], provider: ProbeProvider,
                         sink: inout DiagnosticSink) -> [ResolvedAttachPoint] {
        guard rest.count == 1 || rest.count == 2, let name = rest.first, !name.isEmpty else {
            sink.report(SemanticDiagnostics.badAttachPoint(point, "iter probe type takes 2 arguments (1 optional)"))
            return []
        }
        if hasWildcard(name) {
            sink.report(SemanticDiagnostics.badAttachPoint(point, "iter probe type does not support wildcards",
                                                           hints: ["list the iterators with: swtrace -l 'iter:*'"]))
            return []
        }
        let available: [String]
        do { available = try catalogue.iterators() } catch {
            sink.report(SemanticDiagnostics.kernelQueryFailed(point, "\(error)")); return []
        }
        guard available.contains(name) else {
            sink.report(SemanticDiagnostics.iteratorNotAvailable(point, name: name, available: available))
            return []
        }
        // The pin is refused, but the probe still has its iterator's context: the body is
        // checked as it would be, so the pin is the only error.
        if rest.count == 2 {
            sink.report(SemanticDiagnostics.badAttachPoint(point, "pinning an iterator (iter:\(name):PIN) is not supported",
                                                           hints: ["drop the pin to run the iterator now: iter:\(name)"]))
        }
        // Running the iterator is what ends the run, so there can be only one.
        iteratorsSeen.count += 1
        if iteratorsSeen.count > 1 {
            sink.report(SemanticDiagnostics.badAttachPoint(point, "Only single iter attach point is allowed."))
            return []
        }
        return [ResolvedAttachPoint(target: .iterator(name: name), probeName: "iter:\(name)", programKind: provider.programKind)]
    }
}

/// Shared by the copies of a resolver, which resolves one attach point at a time.
final class IteratorTally {
    var count = 0
}
