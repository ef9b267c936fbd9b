// Resolves attach points as written (`tracepoint:sched:sched*`, `interval:s:1`) into concrete
// kernel targets, expanding wildcards through the kernel catalogue.

struct AttachPointResolver {
    let catalogue: KernelCatalogue
    /// When false (compile-only checks), a provider whose kernel feature is missing is still resolved.
    let requireKernelFeatures: Bool
    /// Iterator attach points resolved so far: a program runs at most one iterator.
    let iteratorsSeen = IteratorTally()
    /// Attach points this kernel cannot attach, by missing feature (kprobes, fentry...).
    let missingFeatures = MissingFeatureTally()

    /// The signals `self:signal:` probes can wait for (bpftrace's list).
    static let selfSignals = ["SIGUSR1"]

    func resolve(_ point: AttachPoint, sink: inout DiagnosticSink) -> [ResolvedAttachPoint] {
        let parts = point.parts
        guard let providerName = parts.first, let provider = ProbeCatalogue.provider(named: providerName) else {
            sink.report(SemanticDiagnostics.unknownProvider(point))
            return []
        }
        let rest = Array(parts.dropFirst())
        if requireKernelFeatures, let feature = provider.requiredFeature, !catalogue.features[keyPath: feature] {
            // Reported once per feature by reportMissingFeatures, after every attach point.
            missingFeatures.record(point, provider: provider, equivalents: tracepointEquivalents(provider, rest))
            return []
        }
        let canonical = ([provider.canonicalName] + rest).joined(separator: ":")
        func single(_ target: AttachTarget) -> [ResolvedAttachPoint] {
            [ResolvedAttachPoint(target: target, probeName: canonical, programKind: provider.programKind)]
        }
        switch provider.kind {
        case .begin, .end:
            guard rest.isEmpty else { sink.report(SemanticDiagnostics.badAttachPoint(point, "\(providerName) takes no arguments")); return [] }
            return [ResolvedAttachPoint(target: provider.kind == .begin ? .begin : .end,
                                        probeName: provider.kind == .begin ? "BEGIN" : "END", programKind: provider.programKind)]
        case .selfProbe:
            guard rest.count == 2, rest[0] == "signal" else {
                sink.report(SemanticDiagnostics.badAttachPoint(point, "expected self:signal:SIGNAL, e.g. self:signal:SIGUSR1"))
                return []
            }
            guard Self.selfSignals.contains(rest[1]) else {
                sink.report(SemanticDiagnostics.badAttachPoint(point, "unsupported signal \(rest[1])",
                                                               hints: ["self probes take one of: " + Self.selfSignals.joined(separator: ", ")]))
                return []
            }
            return single(.selfSignal(name: rest[1]))
        case .test, .bench:
            guard rest.count == 1, !rest[0].isEmpty else {
                sink.report(SemanticDiagnostics.badAttachPoint(point, "expected \(providerName):NAME, e.g. \(providerName):my_case"))
                return []
            }
            return single(provider.kind == .test ? .test(name: rest[0]) : .bench(name: rest[0]))
        case .tracepoint:
            return resolveTracepoints(point, rest, provider: provider, sink: &sink)
        case .rawTracepoint:
            return resolveRawTracepoints(point, rest, provider: provider, sink: &sink)
        case .interval, .profile:
            guard let period = timedPeriod(rest) else {
                sink.report(SemanticDiagnostics.badAttachPoint(point,
                    "expected \(provider.canonicalName):UNIT:N with UNIT one of s, ms, us, hz (e.g. \(provider.canonicalName):s:1)"))
                return []
            }
            let name = rest.count == 2 ? canonical : "\(provider.canonicalName):\(rest.joined())"
            if provider.kind == .interval {
                let ns = period.hz.map { 1_000_000_000 / max($0, 1) } ?? period.ns!
                return [ResolvedAttachPoint(target: .interval(periodNanoseconds: ns), probeName: name, programKind: provider.programKind)]
            }
            return [ResolvedAttachPoint(target: .profile(frequency: period.hz, periodNanoseconds: period.ns),
                                        probeName: name, programKind: provider.programKind)]
        case .software, .hardware:
            let table = provider.kind == .software ? ProbeCatalogue.softwareEvents : ProbeCatalogue.hardwareEvents
            guard let eventName = rest.first, let event = table.first(where: { $0.name == eventName || $0.alias == eventName }) else {
                sink.report(SemanticDiagnostics.badAttachPoint(point, "unknown \(provider.canonicalName) event",
                    hints: ["known events: " + table.map(\.name).joined(separator: ", ")]))
                return []
            }
            var period = event.defaultPeriod
            if rest.count > 1 {
                guard let value = Self.count(rest[1]), value > 0 else {
                    sink.report(SemanticDiagnostics.badAttachPoint(point, "the sampling count must be a positive integer")); return []
                }
                period = value
            }
            let target: AttachTarget = provider.kind == .software
                ? .software(config: event.config, period: period) : .hardware(config: event.config, period: period)
            return single(target)
        case .kprobe, .kretprobe:
            return resolveKernelFunctions(point, rest, provider: provider, sink: &sink)
        case .uprobe, .uretprobe:
            return resolveUserFunctions(point, rest, provider: provider, sink: &sink)
        case .usdt:
            return resolveUSDT(point, rest, provider: provider, sink: &sink)
        case .fentry, .fexit:
            return resolveTrampolines(point, rest, provider: provider, sink: &sink)
        case .watchpoint, .asyncWatchpoint:
            return resolveWatchpoint(point, rest, provider: provider, sink: &sink)
        case .iterator:
            return resolveIterator(point, rest, provider: provider, sink: &sink)
        }
    }

    /// Existing stable tracepoints for the kernel function a kprobe/fentry names.
    private func tracepointEquivalents(_ provider: ProbeProvider, _ rest: [String]) -> [String] {
        guard [.kprobe, .kretprobe, .fentry, .fexit].contains(provider.kind), let spec = rest.last else { return [] }
        let function = splitOffset(spec).0
        let atReturn = provider.kind == .kretprobe || provider.kind == .fexit
        return StableTracepointEquivalents.candidates(for: function, atReturn: atReturn).filter { name in
            let parts = name.split(separator: ":").map(String.init)
            return (try? catalogue.tracepoints(category: parts[0], name: parts[1]).isEmpty == false) ?? false
        }
    }

    private func resolveTracepoints(_ point: AttachPoint, _ rest: [String], provider: ProbeProvider,
                                    sink: inout DiagnosticSink) -> [ResolvedAttachPoint] {
        guard rest.count == 2, !rest[0].isEmpty, !rest[1].isEmpty else {
            sink.report(SemanticDiagnostics.badAttachPoint(point, "expected tracepoint:CATEGORY:NAME"))
            return []
        }
        let matches: [(category: String, name: String)]
        do {
            matches = try catalogue.tracepoints(category: rest[0], name: rest[1])
        } catch {
            sink.report(SemanticDiagnostics.kernelQueryFailed(point, "\(error)"))
            return []
        }
        guard !matches.isEmpty else {
            sink.report(SemanticDiagnostics.noProbesMatched(point))
            return []
        }
        var resolved: [ResolvedAttachPoint] = []
        for match in matches {
            let format = try? catalogue.tracepointFormat(category: match.category, name: match.name)
            resolved.append(ResolvedAttachPoint(target: .tracepoint(category: match.category, name: match.name),
                                                probeName: "tracepoint:\(match.category):\(match.name)",
                                                programKind: provider.programKind, tracepointFormat: format ?? nil))
        }
        return resolved
    }

    /// A count or rate in an attach point, spelt as integer literals are (`1000000`, `1e6`,
    /// `1_000`, `0x10`), without a unit suffix.
    static func count(_ text: String) -> UInt64? {
        guard let last = text.last, last.isNumber, case .success(let value) = IntegerLiteral.parse(text) else { return nil }
        return value
    }

    /// `s:1`, `ms:100`, `us:10`, `hz:99`, the compact `1s`, `100ms`, `99hz`, or bare nanoseconds.
    private func timedPeriod(_ rest: [String]) -> (ns: UInt64?, hz: UInt64?)? {
        var unit: String, number: String
        if rest.count == 2 {
            unit = rest[0]; number = rest[1]
        } else if rest.count == 1 {
            let text = rest[0]
            let digits = text.prefix { $0.isNumber }
            number = String(digits); unit = String(text.dropFirst(digits.count))
        } else { return nil }
        guard let value = Self.count(number), value > 0 else { return nil }
        switch unit {
        case "s": return (value * 1_000_000_000, nil)
        case "ms": return (value * 1_000_000, nil)
        case "us": return (value * 1_000, nil)
        case "ns", "": return (value, nil)
        case "hz": return (nil, value)
        default: return nil
        }
    }

    func splitOffset(_ spec: String) -> (String, UInt64) {
        guard let plus = spec.lastIndex(of: "+") else { return (spec, 0) }
        let offsetText = spec[spec.index(after: plus)...]
        let offset = offsetText.hasPrefix("0x") ? UInt64(offsetText.dropFirst(2), radix: 16) : UInt64(offsetText)
        guard let offset else { return (spec, 0) }
        return (String(spec[..<plus]), offset)
    }
}
