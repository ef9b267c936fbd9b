// `iter:NAME` (`iter:task`, `iter:task_file`, `iter:task_vma`): a BPF iterator, run once over
// every object of its kind when swtrace reads it; `ctx` points at the kernel's
// `struct bpf_iter__NAME` (ctx->task, ctx->file, ctx->vma, ...).
// `iter:NAME:PIN` pins the iterator to a bpffs file instead: each read of that file runs it,
// long after swtrace has exited. As bpftrace, a PIN not starting with '/' is a name in
// /sys/fs/bpf (`iter:task:list` is /sys/fs/bpf/list).

extension AttachPointResolver {
    /// Where bpftrace puts a pin given as a bare name.
    static let bpffsRoot = "/sys/fs/bpf"

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
        // An empty pin is reported, but the probe keeps its iterator's context: the body is
        // checked as it would be, so the pin is the only error.
        let pin = rest.count == 2 ? Self.pinPath(rest[1]) : nil
        if rest.count == 2, pin == nil {
            sink.report(SemanticDiagnostics.badAttachPoint(point, "the pin path of iter:\(name):PIN is empty",
                                                           hints: ["drop the last ':' to run the iterator now: iter:\(name)"]))
        }
        // Running the iterator is what ends the run, so there can be only one.
        iteratorsSeen.count += 1
        if iteratorsSeen.count > 1 {
            sink.report(SemanticDiagnostics.badAttachPoint(point, "Only single iter attach point is allowed."))
            return []
        }
        return [ResolvedAttachPoint(target: .iterator(name: name, pin: pin), probeName: "iter:\(name)" + (rest.count == 2 ? ":" + rest[1] : ""),
                                    programKind: provider.programKind)]
    }

    /// The file an iterator is pinned to: PIN itself when absolute, else PIN in /sys/fs/bpf.
    static func pinPath(_ pin: String) -> String? {
        if pin.isEmpty { return nil }
        return pin.hasPrefix("/") ? pin : bpffsRoot + "/" + pin
    }
}

/// Shared by the copies of a resolver, which resolves one attach point at a time.
final class IteratorTally {
    var count = 0
}
