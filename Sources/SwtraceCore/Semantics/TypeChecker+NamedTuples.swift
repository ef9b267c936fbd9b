// Named tuples, bpftrace's records: `$t = (a=1, b="x")` then `$t.a`; printed `{ .a = 1, .b = x }`.
// Fields keep the order first written: a map or variable holds one set of names, and a value
// written with the names in another order is stored in that first order.

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

    /// Two named tuples with the same names merge field by field, in the order of the first
    /// (bpftrace: `$a = (x=1, y=2); $a = (y=3, x=4)` leaves `$a` as (x=4, y=3)).
    /// `fields` combines two field types (map values merge, variables unify).
    static func mergeNamedTuples(_ a: SwType, _ b: SwType, fields: (SwType, SwType) -> SwType?) -> SwType? {
        guard case .namedTuple(let names, let x) = a, case .namedTuple(let otherNames, let y) = b,
              names.count == otherNames.count, Set(names) == Set(otherNames) else { return nil }
        var merged: [SwType] = []
        for (name, type) in zip(names, x) {
            guard let field = fields(type, y[otherNames.firstIndex(of: name)!]) else { return nil }
            merged.append(field)
        }
        return .namedTuple(names, merged)
    }
}
