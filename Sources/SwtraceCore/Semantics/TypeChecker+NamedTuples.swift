// Named tuples, bpftrace's records: `$t = (a=1, b="x")` then `$t.a`; printed `{ .a = 1, .b = x }`.
// Fields keep the order written; a map or variable holds one set of names in one order.

extension TypeChecker {
    func checkNamedTuple(_ names: [String], _ elements: [Expr], _ expr: Expr) -> SwType {
        var seen: Set<String> = []
        for name in names where !seen.insert(name).inserted {
            report(SemanticDiagnostics.duplicateTupleField(name, expr.range))
        }
        return .namedTuple(names, elements.map { storageType(check($0)) })
    }

    /// `t.name` on a named tuple value of type `type`.
    func checkNamedTupleField(_ type: SwType, _ name: String, _ expr: Expr) -> SwType {
        guard case .namedTuple(let names, let elements) = type, let index = names.firstIndex(of: name) else {
            let names: [String] = { if case .namedTuple(let names, _) = type { return names }; return [] }()
            report(SemanticDiagnostics.unknownTupleField(name, expr.range, type: type, candidates: names))
            return .void
        }
        return elements[index]
    }

    /// Two named tuples with the same names in the same order merge field by field.
    func mergeNamedTuples(_ a: SwType, _ b: SwType) -> SwType? {
        guard case .namedTuple(let names, let x) = a, case .namedTuple(names, let y) = b,
              case .tuple(let merged)? = merge(.tuple(x), .tuple(y)) else { return nil }
        return .namedTuple(names, merged)
    }
}

extension SemanticDiagnostics {
    static func duplicateTupleField(_ name: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "named-tuple-duplicate", message: "Named tuple has more than one field named '\(name)'", range: range)
    }

    static func unknownTupleField(_ name: String, _ range: SourceRange, type: SwType, candidates: [String]) -> Diagnostic {
        var hints: [String] = []
        if let near = nearest(name, in: candidates) { hints.append("did you mean '\(near)'?") }
        return Diagnostic(id: "named-tuple-field", message: "Record '\(typeName(type))' has no field named '\(name)'", range: range, hints: hints)
    }
}
