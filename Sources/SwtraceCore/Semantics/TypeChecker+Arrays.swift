// Operators on arrays, as bpftrace allows them: only `==` and `!=`, only between arrays of the
// same length and the same integer element type (compared element by element).

extension TypeChecker {
    /// The type of `a op b` when both operands are arrays (reporting what bpftrace rejects);
    /// nil when they are not both arrays.
    func checkArrayOperands(_ op: BinaryOperator, _ a: SwType, _ b: SwType, _ expr: Expr) -> SwType? {
        guard case .array(let leftElement, let leftCount) = a, case .array(_, let rightCount) = b else { return nil }
        if op != .equal && op != .notEqual {
            report(SemanticDiagnostics.arrayOperator(op.rawValue, expr.range))
        }
        if leftCount != rightCount {
            report(SemanticDiagnostics.arrayComparisonSizes(expr.range))
        }
        if !leftElement.isInteger || a != b {
            report(SemanticDiagnostics.arrayComparisonElements(expr.range))
        }
        return .uint64
    }
}
