// A wildcard attach point that matches nothing on this system (dcsnoop.bt's
// `kprobe:lookup_fast.constprop.*` where the compiler made no such copy) is left out, as bpftrace
// leaves it out, and the probe's other attach points run. A probe left with no attach point at
// all is removed, and the `missing_probes` config decides whether that is an error, a warning
// or silent (bpftrace's probe-pruning pass, with the same words). A name without wildcard that
// does not exist, next to attach points that do, is skipped with bpftrace's warning unless
// missing_probes is "error"; alone in its probe it stays an error (as bpftrace 0.17).

extension AttachPointResolver {
    /// The probe's attach points, resolved; nil when the probe is removed because every attach
    /// point of it is a wildcard matching nothing.
    func resolveAttachPoints(of probe: Probe, arguments: [String], missingProbes: ProgramSettings.MissingProbes,
                             sink: inout DiagnosticSink) -> [ResolvedAttachPoint]? {
        var resolved: [ResolvedAttachPoint] = []
        var unmatched: [(point: AttachPoint, diagnostic: Diagnostic)] = []
        var absent: [(point: AttachPoint, diagnostics: [Diagnostic])] = []
        for written in probe.attachPoints {
            let point = AttachPointParameters.substitute(written, arguments: arguments, sink: &sink)
            var own = DiagnosticSink()
            let matches = resolve(point, sink: &own)
            let matchedNothing = matches.isEmpty && !own.diagnostics.isEmpty && Self.expandsMissingMatches(point)
                && own.diagnostics.allSatisfy { $0.id == Self.noMatchesId }
            if matchedNothing, Self.hasWildcard(point) {
                unmatched.append((point, own.diagnostics[0]))
            } else if matchedNothing {
                absent.append((point, own.diagnostics))
            } else {
                own.diagnostics.forEach { sink.report($0) }
            }
            resolved += matches
        }
        for entry in absent {
            guard !resolved.isEmpty, missingProbes != .error else { entry.diagnostics.forEach { sink.report($0) }; continue }
            if missingProbes == .warn { sink.report(Self.skippedAttachPoint(entry.point, hints: entry.diagnostics.flatMap(\.hints))) }
        }
        guard resolved.isEmpty, !unmatched.isEmpty, unmatched.count == probe.attachPoints.count else { return resolved }
        if let diagnostic = Self.probeWithoutAttachPoints(probe, unmatched: unmatched, missingProbes: missingProbes) {
            sink.report(diagnostic)
        }
        return nil
    }

    /// bpftrace's warning for an attach point that does not exist, skipped beside others that do.
    static func skippedAttachPoint(_ point: AttachPoint, hints: [String]) -> Diagnostic {
        let provider = ProbeCatalogue.provider(named: point.provider)?.canonicalName ?? point.provider
        return SemanticDiagnostics.attachPointSkipped(point, provider: provider, hints: hints)
    }

    static let noMatchesId = "no-probes-matched"

    /// Whether an attach point matching nothing may be left out. Watchpoints are not expanded by
    /// bpftrace: a watchpoint function that matches nothing stays an error.
    static func expandsMissingMatches(_ point: AttachPoint) -> Bool {
        guard let provider = ProbeCatalogue.provider(named: point.provider) else { return false }
        return ![.watchpoint, .asyncWatchpoint].contains(provider.kind)
    }

    /// `*`, `?` or a `[...]` class anywhere after the provider, as bpftrace's wildcard test.
    static func hasWildcard(_ point: AttachPoint) -> Bool {
        point.parts.dropFirst().contains { part in
            part.contains("*") || part.contains("?") || (part.contains("[") && part.contains("]"))
        }
    }

    /// bpftrace's message for a probe none of whose attach points exist, under `missing_probes`
    /// (nil for "ignore"); the hints say which pattern matched nothing and how to list what exists.
    static func probeWithoutAttachPoints(_ probe: Probe, unmatched: [(point: AttachPoint, diagnostic: Diagnostic)],
                                         missingProbes: ProgramSettings.MissingProbes) -> Diagnostic? {
        let range = probe.attachPoints.dropFirst().reduce(probe.attachPoints[0].range) { $0.union($1.range) }
        let hints = unmatched.flatMap { entry in ["'\(entry.point.raw)' matches nothing on this system"] + entry.diagnostic.hints }
        switch missingProbes {
        case .ignore: return nil
        case .warn: return SemanticDiagnostics.probeWithoutAttachPoints(range, refused: false, hints: hints)
        case .error: return SemanticDiagnostics.probeWithoutAttachPoints(range, refused: true, hints: hints)
        }
    }
}
