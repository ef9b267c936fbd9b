// `let @name = kind(N);` in the preamble: checks each declaration against bpftrace's rules
// (known map type, per-CPU kinds only for aggregations, declared maps used) and records the
// kind and size on the map for codegen. Map declarations are an unstable bpftrace feature:
// they warn unless `config = { unstable_map_decl=enable }`, and fail with `=error`.

enum MapDeclarations {
    /// bpftrace's names, in the order its hint lists them.
    static let kinds = ["hash", "lruhash", "percpuhash", "percpulruhash"]

    static func apply(_ declarations: [MapDeclaration], config: [ConfigEntry], maps: inout [MapInfo],
                      sink: inout DiagnosticSink) {
        guard let first = declarations.first else { return }
        switch unstableSetting(config) {
        case "enable": break
        case "error":
            sink.report(SemanticDiagnostics.mapDeclarationsDisabled(first.range))
            return
        default:
            sink.report(SemanticDiagnostics.mapDeclarationsUnstable(first.range))
        }
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

    /// The config block's `unstable_map_decl` (also spelt BPFTRACE_UNSTABLE_MAP_DECL): enable, warn or error.
    private static func unstableSetting(_ config: [ConfigEntry]) -> String {
        guard let entry = config.last(where: { ["unstable_map_decl", "bpftrace_unstable_map_decl"].contains($0.key.lowercased()) })
        else { return "warn" }
        switch entry.value.kind {
        case .identifier(let word), .string(let word): return word.lowercased()
        case .integer(let value): return value == 0 ? "error" : "enable"
        case .boolean(let flag): return flag ? "enable" : "error"
        default: return "warn"
        }
    }
}

extension SemanticDiagnostics {
    static func mapDeclarationsUnstable(_ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "unstable-map-declarations", severity: .warning,
                   message: "Script is using an unstable feature: map declarations. To prevent this warning you must explicitly enable it in the config e.g. unstable_map_decl=enable",
                   range: range)
    }

    static func mapDeclarationsDisabled(_ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "unstable-map-declarations",
                   message: "map declarations feature is not enabled by default. To enable this unstable feature, set the config flag to enable. unstable_map_decl=enable",
                   range: range)
    }

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
