// Arithmetic on pointers, as C and bpftrace do it: `p + n`, `n + p` and `p - n` are pointers of
// the same type moved by n elements (codegen scales n by the pointee's size); any other
// arithmetic involving a pointer, and arithmetic between two pointers, is an error. Comparing
// pointers to different types warns, as bpftrace does.

extension TypeChecker {
    /// The type of an arithmetic/bitwise operator with a pointer operand (comparisons and
    /// logical operators are typed elsewhere).
    func checkPointerArithmetic(_ op: BinaryOperator, _ a: SwType, _ b: SwType, _ expr: Expr) -> SwType {
        let leftIsPointer = isPointer(a), rightIsPointer = isPointer(b)
        let pointer = leftIsPointer ? a : b
        let other = leftIsPointer ? b : a
        let moves = op == .add || (op == .subtract && leftIsPointer)
        guard moves, !(leftIsPointer && rightIsPointer), other.isInteger || other == .boolean else {
            report(SemanticDiagnostics.invalidOperands(op.rawValue, expr.range, a, b))
            return .void
        }
        return pointer
    }

    /// `p == q` and the other comparisons between two pointers: a bool, with
    /// bpftrace's warning when they point to different types; nil for any other operands.
    func checkPointerComparison(_ op: BinaryOperator, _ a: SwType, _ b: SwType, _ expr: Expr) -> SwType? {
        guard case .pointer(let left) = a, case .pointer(let right) = b else { return nil }
        switch op {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            if left != right { report(SemanticDiagnostics.distinctPointerComparison(expr.range, left, right)) }
            return .boolean
        default:
            return nil
        }
    }

    /// Operators whose operand types are arrays, tuples or pointers on both sides; nil otherwise.
    func checkTypedOperands(_ op: BinaryOperator, _ a: SwType, _ b: SwType, _ expr: Expr) -> SwType? {
        checkArrayOperands(op, a, b, expr) ?? checkTupleComparison(op, a, b, expr) ?? checkPointerComparison(op, a, b, expr)
    }
}
