// Newer bpftrace's compile-time questions about an expression (is_array, is_integer, is_literal,
// is_ptr, is_str, is_unsigned_integer): answered from the checked type, so the argument is never
// evaluated; the checker types them bool and the code generator writes the answer as a constant.

public enum TypePredicates {
    public static let names: Set<String> = ["is_array", "is_integer", "is_literal", "is_ptr", "is_str", "is_unsigned_integer"]

    public static func holds(_ name: String, _ type: SwType, _ expr: Expr) -> Bool {
        switch name {
        case "is_array": if case .array = type { return true }; return false
        case "is_integer": return type.isInteger
        case "is_unsigned_integer": return type.isInteger && !type.isSigned
        case "is_ptr": if case .pointer = type { return true }; return false
        case "is_str": return type.isString
        case "is_literal": return isLiteral(expr)
        default: return false
        }
    }

    /// 1, -1, true, "hello": written as a value, not computed.
    static func isLiteral(_ expr: Expr) -> Bool {
        switch expr.kind {
        case .integer, .string, .boolean: return true
        case .unary(.negate, let operand): if case .integer = operand.kind { return true }; return false
        default: return false
        }
    }
}
