// Arithmetic on pointers, as C and bpftrace do it: `p + n`, `n + p` and `p - n` are pointers of
// the same type moved by n elements (codegen scales n by the pointee's size); any other
// arithmetic involving a pointer, and arithmetic between two pointers, is an error.

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
}
