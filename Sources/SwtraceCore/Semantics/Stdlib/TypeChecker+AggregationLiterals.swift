// Literal arguments of aggregations (hist's bits, lhist's min/max/step): written integers,
// negated ones, and numeric positional parameters, which bpftrace reads as literals too.

extension TypeChecker {
    /// The value of a literal argument, or nil when `expr` is not one.
    func literalInteger(_ expr: Expr) -> Int64? {
        switch expr.kind {
        case .integer(let value): return Int64(bitPattern: value)
        case .unary(.negate, let inner): return literalInteger(inner).map { 0 &- $0 }
        case .positional(let index):
            guard index >= 1, index <= options.positionalArguments.count else { return nil }
            return PositionalNumber.value(options.positionalArguments[index - 1])
        default: return nil
        }
    }
}
