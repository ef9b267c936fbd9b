// bpftrace's unstable features: map declarations (`let @m = hash(N);`) and time series
// (`tseries()`). Each is allowed with one warning per run unless the config block says
// `unstable_<feature>=enable`, and is an error where it is used when it says `=error`. As in
// bpftrace the warning carries no source location: it is about the script, not a line of it.

enum UnstableFeatures {
    struct Feature: Hashable {
        /// How bpftrace's messages name it.
        let name: String
        /// The config variable that governs it.
        let configKey: String
    }

    static let mapDeclarations = Feature(name: "map declarations", configKey: "unstable_map_decl")
    static let timeSeries = Feature(name: "tseries", configKey: "unstable_tseries")
    /// bpftrace's `&` (address of a map value or variable) shares the gate's config key; swtrace
    /// refuses the operator itself, so only the setting is accepted.
    static let addressOf = Feature(name: "address-of operator (&)", configKey: "unstable_addr")
    static let all = [mapDeclarations, timeSeries, addressOf]

    enum Setting: String, CaseIterable { case enable, warn, error }

    /// Warns about or refuses each unstable feature the program uses; returns the refused ones.
    static func check(_ program: Program, sink: inout DiagnosticSink) -> Set<Feature> {
        var uses: [(Feature, SourceRange)] = program.mapDeclarations.map { (mapDeclarations, $0.range) }
        let collector = SyntaxRewriter(ids: ExpressionIds(after: -1))
        collector.replace = { expr in
            if case .call("tseries", _) = expr.kind { uses.append((timeSeries, expr.range)) }
            return nil
        }
        for probe in program.probes {
            if let predicate = probe.predicate { _ = collector.expr(predicate) }
            _ = collector.block(probe.body)
        }
        for function in program.functions { _ = collector.block(function.body) }

        var warned: Set<Feature> = [], refused: Set<Feature> = []
        for (feature, range) in uses {
            switch setting(of: feature, in: program.config) {
            case .enable: break
            case .warn:
                if warned.insert(feature).inserted { sink.report(SemanticDiagnostics.unstableFeatureUsed(feature)) }
            case .error:
                refused.insert(feature)
                sink.report(SemanticDiagnostics.unstableFeatureDisabled(feature, range))
            }
        }
        return refused
    }

    /// The config block's value for a feature (also spelt BPFTRACE_UNSTABLE_...); warn when unset.
    static func setting(of feature: Feature, in config: [ConfigEntry]) -> Setting {
        guard let entry = config.last(where: { ProgramSettings.canonicalName($0.key) == feature.configKey }) else { return .warn }
        return setting(SettingValue(entry.value)) ?? .warn
    }

    static func setting(_ value: SettingValue?) -> Setting? {
        switch value {
        case .word(let word): return Setting(rawValue: word.lowercased())
        case .boolean(let flag): return flag ? .enable : .error
        case .number(let number): return number == 0 ? .error : .enable
        case nil: return nil
        }
    }
}

extension SemanticDiagnostics {
    static func unstableFeatureUsed(_ feature: UnstableFeatures.Feature) -> Diagnostic {
        Diagnostic(id: "unstable-feature", severity: .warning,
                   message: "Script is using an unstable feature: \(feature.name). To prevent this warning you must explicitly enable it in the config e.g. \(feature.configKey)=enable",
                   range: .unlocated)
    }

    static func unstableFeatureDisabled(_ feature: UnstableFeatures.Feature, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "unstable-feature",
                   message: "\(feature.name) feature is not enabled by default. To enable this unstable feature, set the config flag to enable. \(feature.configKey)=enable",
                   range: range)
    }
}
