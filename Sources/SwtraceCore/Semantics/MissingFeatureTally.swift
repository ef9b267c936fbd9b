// Attach points the kernel cannot attach for lack of a feature (kprobes on a kernel built
// without them), gathered so a script with many (xfsdist.bt has eight kprobes) gets one error
// naming the first, the count of the others, and every stable tracepoint that could replace them.

final class MissingFeatureTally {
    private struct Entry {
        let first: AttachPoint
        let provider: ProbeProvider
        let feature: String
        var others = 0
        /// Attach points (as written) with the tracepoints that see the same events.
        var alternatives: [(point: String, tracepoints: [String])] = []
    }

    private var entries: [Entry] = []

    func record(_ point: AttachPoint, provider: ProbeProvider, equivalents: [String]) {
        let feature = provider.featureName ?? "a kernel feature"
        let alternative = equivalents.isEmpty ? [] : [(point: point.raw, tracepoints: equivalents)]
        if let index = entries.firstIndex(where: { $0.feature == feature }) {
            entries[index].others += 1
            entries[index].alternatives += alternative
        } else {
            entries.append(Entry(first: point, provider: provider, feature: feature, alternatives: alternative))
        }
    }

    func report(into sink: inout DiagnosticSink) {
        for entry in entries {
            guard entry.others > 0 else {
                sink.report(SemanticDiagnostics.kernelLacksFeature(entry.first, provider: entry.provider,
                                                                   equivalents: entry.alternatives.first?.tracepoints ?? []))
                continue
            }
            sink.report(SemanticDiagnostics.kernelLacksFeature(entry.first, provider: entry.provider,
                                                               others: entry.others, alternatives: entry.alternatives))
        }
    }
}
