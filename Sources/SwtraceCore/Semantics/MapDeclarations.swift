// `let @name = kind(N);` in the preamble: checks each declaration against bpftrace's rules
// (known map type, per-CPU kinds only for aggregations, declared maps used) and records the
// kind and size on the map for codegen. Map declarations are an unstable bpftrace feature,
// gated by UnstableFeatures.swift.

enum MapDeclarations {
    /// bpftrace's names, in the order its hint lists them.
    static let kinds = ["hash", "lruhash", "percpuhash", "percpulruhash"]

    /// `enabled` is false when the config refuses the feature (UnstableFeatures reported it).
    static func apply(_ declarations: [MapDeclaration], enabled: Bool, maps: inout [MapInfo],
                      sink: inout DiagnosticSink) {
        guard enabled else { return }
        var declared: Set<String> = []
        for declaration in declarations {
            guard declared.insert(declaration.name).inserted else {
                sink.report(SemanticDiagnostics.mapRedeclared(declaration.name, declaration.range))
                continue
            }
            guard kinds.contains(declaration.kind) else {
                sink.report(SemanticDiagnostics.invalidMapKind(declaration.kind, declaration.kindRange, valid: kinds))
                continue
            }
            guard declaration.maxEntries >= 1, declaration.maxEntries <= UInt64(Int32.max) else {
                sink.report(SemanticDiagnostics.mapDeclarationSize(declaration.range))
                continue
            }
            guard let index = maps.firstIndex(where: { $0.name == declaration.name }) else {
                sink.report(SemanticDiagnostics.unusedMap(declaration.name, declaration.range))
                continue
            }
            let needsPerCPU: Bool
            if case .aggregation = maps[index].value { needsPerCPU = true } else { needsPerCPU = false }
            if declaration.kind.hasPrefix("percpu") != needsPerCPU {
                sink.report(SemanticDiagnostics.incompatibleMapKind(maps[index].firstUse, declared: declaration.kind,
                                                                   fromValue: needsPerCPU ? "percpuhash" : "hash"))
                continue
            }
            maps[index].declaredKind = declaration.kind
            maps[index].declaredMaxEntries = Int(declaration.maxEntries)
        }
    }
}

extension SemanticDiagnostics {
    static func invalidMapKind(_ kind: String, _ range: SourceRange, valid: [String]) -> Diagnostic {
        Diagnostic(id: "invalid-map-kind", message: "Invalid bpf map type: \(kind)", range: range,
                   hints: ["Valid map types: " + valid.joined(separator: ", ")])
    }

    static func mapRedeclared(_ map: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "map-redeclared", message: "Map \(map) is already declared", range: range,
                   hints: ["declare each map once"])
    }

    static func mapDeclarationSize(_ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "map-declaration-size", message: "Max entries of a map must be between 1 and \(Int32.max)", range: range)
    }

    static func unusedMap(_ map: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "unused-map", severity: .warning, message: "Unused map: \(map)", range: range)
    }

    static func incompatibleMapKind(_ range: SourceRange, declared: String, fromValue: String) -> Diagnostic {
        Diagnostic(id: "incompatible-map-kind",
                   message: "Incompatible map types. Type from declaration: \(declared). Type from value/key type: \(fromValue)",
                   range: range,
                   hints: [fromValue.hasPrefix("percpu") ? "aggregations such as count() need percpuhash or percpulruhash"
                                                        : "plain values need hash or lruhash"])
    }
}
