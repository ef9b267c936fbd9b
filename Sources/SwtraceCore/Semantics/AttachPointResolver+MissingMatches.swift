// A wildcard attach point that matches nothing on this system (dcsnoop.bt's
// `kprobe:lookup_fast.constprop.*` where the compiler made no such copy) is left out, as bpftrace
// leaves it out, and the probe's other attach points run. A probe left with no attach point at
// all is removed, and the `missing_probes` config decides whether that is an error, a warning
// or silent (bpftrace's probe-pruning pass, with the same words).

extension AttachPointResolver {
    /// The probe's attach points, resolved; nil when the probe is removed because every attach
    /// point of it is a wildcard matching nothing.
    func resolveAttachPoints(of probe: Probe, arguments: [String], missingProbes: ProgramSettings.MissingProbes,
                             sink: inout DiagnosticSink) -> [ResolvedAttachPoint]? {
        var resolved: [ResolvedAttachPoint] = []
        var unmatched: [(point: AttachPoint, diagnostic: Diagnostic)] = []
        for written in probe.attachPoints {
            let point = AttachPointParameters.substitute(written, arguments: arguments, sink: &sink)
            var own = DiagnosticSink()
            let matches = resolve(point, sink: &own)
            if matches.isEmpty, Self.hasWildcard(point), let diagnostic = own.diagnostics.first,
               own.diagnostics.allSatisfy({ $0.id == Self.noMatchesId }) {
                unmatched.append((point, diagnostic))
            } else {
                own.diagnostics.forEach { sink.report($0) }
            }
            resolved += matches
        }
        guard resolved.isEmpty, !unmatched.isEmpty, unmatched.count == probe.attachPoints.count else { return resolved }
        if let diagnostic = Self.probeWithoutAttachPoints(probe, unmatched: unmatched, missingProbes: missingProbes) {
            sink.report(diagnostic)
        }
        return nil
    }

    static let noMatchesId = "no-probes-matched"

    /// `*`, `?` or a `[...]` class anywhere after the provider, as bpftrace's wildcard test.
    /// Watchpoints are not expanded by bpftrace: a watchpoint function pattern that matches
    /// nothing stays an error.
    static func hasWildcard(_ point: AttachPoint) -> Bool {
        if let provider = ProbeCatalogue.provider(named: point.provider), [.watchpoint, .asyncWatchpoint].contains(provider.kind) {
            return false
        }
        return point.parts.dropFirst().contains { part in
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
        case .ignore:
            return nil
        case .warn:
            return Diagnostic(id: "probe-without-attach-points", severity: .warning,
                              message: "Probe has no valid attach points. It is being removed which may cause issues with program behavior.",
                              range: range, hints: hints)
        case .error:
            return Diagnostic(id: "probe-without-attach-points",
                              message: "Probe has no valid attach points. If this is expected, set the 'missing_probes' config variable to 'warn'.",
                              range: range, hints: hints)
        }
    }
}
