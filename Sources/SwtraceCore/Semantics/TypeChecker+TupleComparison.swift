// `==` and `!=` on tuples (bpftrace compares them element by element): both sides need the
// same number of elements, pairwise integers, strings or tuples of the same shape.

extension TypeChecker {
    /// The result type of comparing two tuples; nil when the operands are not both tuples.
    func checkTupleComparison(_ op: BinaryOperator, _ a: SwType, _ b: SwType, _ expr: Expr) -> SwType? {
        guard case .tuple = a, case .tuple = b else { return nil }
        if op != .equal && op != .notEqual {
            report(SemanticDiagnostics.invalidOperands(op.rawValue, expr.range, a, b))
        } else if !Self.comparableTuples(a, b) {
            report(SemanticDiagnostics.comparisonTypes(op.rawValue, expr.range, a, b))
        }
        return .uint64
    }

    static func comparableTuples(_ a: SwType, _ b: SwType) -> Bool {
        switch (a, b) {
        case (.integer, .integer), (.boolean, .boolean), (.string, .string): return true
        case (.tuple(let x), .tuple(let y)): return x.count == y.count && zip(x, y).allSatisfy { comparableTuples($0, $1) }
        default: return false
        }
    }
}
