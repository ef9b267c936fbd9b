// Typing of `for ($kv : @map) { }`: the loop variable is the tuple (key, value), where a map
// with several keys gives a nested key tuple ((k1, k2), value).

extension TypeChecker {
    func checkForMap(_ variable: String, _ map: Expr, _ body: Block, _ range: SourceRange) {
        var elementType: SwType = .void
        if case .map(let name, let keys) = map.kind, keys.isEmpty {
            let display = "@" + name
            if let info = mapInfo(display) {
                record(map, info.value)
                if case .aggregation(let aggregation) = info.value {
                    report(SemanticDiagnostics.forMapAggregation(display, map.range, aggregation))
                } else if !info.isKeyed {
                    report(SemanticDiagnostics.forMapScalar(display, map.range))
                } else {
                    let key = info.keyTypes.count == 1 ? info.keyTypes[0] : .tuple(info.keyTypes)
                    elementType = .tuple([key, info.value])
                }
            } else if reportUnknownMaps {
                report(SemanticDiagnostics.undefinedMap(display, map.range))
            }
        } else {
            check(map)
            report(SemanticDiagnostics.forMapNotMap(map.range))
        }
        if scopes[variable] != nil {
            report(SemanticDiagnostics.loopShadowsVariable("$" + variable, range))
        }
        withScope {
            scopes.declare(variable, type: elementType, key: range.start)
            loopDepth += 1
            forLoopDepth += 1
            check(body)
            forLoopDepth -= 1
            loopDepth -= 1
        }
    }
}
