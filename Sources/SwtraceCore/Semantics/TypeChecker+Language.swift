// Typing of the language constructs beyond plain operators: block expressions, tuple
// indexing, and the integer type names casts and declarations accept.

extension TypeChecker {
    /// `{ stmts; value }`: the statements run in their own scope; the block has the value's type.
    func checkBlockExpression(_ statements: [Stmt], _ value: Expr) -> SwType {
        withScope {
            for statement in statements { check(statement) }
            return check(value)
        }
    }

    /// `t[N]` on a tuple is `t.N`, N known when compiling; nil when `base` is not a tuple
    /// (arrays and pointers are indexed by checkIndex).
    func checkTupleIndex(_ base: Expr, _ index: Expr, _ expr: Expr) -> SwType? {
        guard case .tuple(let elements) = check(base) else { return nil }
        check(index)
        guard let position = ConstantFolding.integer(index) else {
            report(SemanticDiagnostics.tupleIndexNotLiteral(index.range))
            return .void
        }
        guard position >= 0, position < elements.count else {
            report(SemanticDiagnostics.tupleIndexOutOfRange(Int(clamping: position), index.range, count: elements.count))
            return .void
        }
        return elements[Int(position)]
    }

    /// `$1 + N` where `$1` is a string: the string without its first N bytes (for `str($1 + N)`).
    func checkPositionalOffset(_ op: BinaryOperator, _ left: Expr, _ right: Expr, _ expr: Expr) -> SwType {
        guard op == .add, let text = PositionalOffset.text(left, right, arguments: options.positionalArguments) else {
            if op == .equal || op == .notEqual, check(right).isString { return .uint64 }
            report(SemanticDiagnostics.positionalStringArithmetic(expr.range))
            return .void
        }
        return .string(size: ByteText.count(text) + 1)
    }

    /// Types of a map's keys; `@m[(a, b)]` is the same map key as `@m[a, b]`.
    func checkMapKeys(_ keys: [Expr]) -> [SwType] {
        let types = keys.map { check($0) }
        if types.count == 1, case .tuple(let elements) = types[0], elements.count > 1 { return elements }
        return types
    }

    /// Runs `body` with a fresh innermost variable scope.
    func withScope<T>(_ body: () -> T) -> T {
        scopes.push()
        defer { scopes.pop() }
        return body()
    }
}

/// Integer type names as casts and declarations accept them: bpftrace's own names and the
/// kernel's fixed-size typedefs.
public enum IntegerTypeNames {
    static let table: [String: SwType] = {
        var table: [String: SwType] = [:]
        for bits in [8, 16, 32, 64] {
            let signed = SwType.integer(bits: bits, signed: true), unsigned = SwType.integer(bits: bits, signed: false)
            table["int\(bits)"] = signed; table["uint\(bits)"] = unsigned
            table["int\(bits)_t"] = signed; table["uint\(bits)_t"] = unsigned
            table["u_int\(bits)_t"] = unsigned
            table["s\(bits)"] = signed; table["u\(bits)"] = unsigned
            table["__s\(bits)"] = signed; table["__u\(bits)"] = unsigned
        }
        table["bool"] = .uint8
        table["char"] = .integer(bits: 8, signed: true)
        table["signed char"] = .integer(bits: 8, signed: true)
        table["unsigned char"] = .uint8
        table["short"] = .integer(bits: 16, signed: true)
        table["unsigned short"] = .integer(bits: 16, signed: false)
        table["int"] = .int32
        table["signed int"] = .int32
        table["unsigned"] = .uint32
        table["unsigned int"] = .uint32
        table["long"] = .int64
        table["unsigned long"] = .uint64
        table["long long"] = .int64
        table["unsigned long long"] = .uint64
        table["size_t"] = .uint64
        table["ssize_t"] = .int64
        table["pid_t"] = .int32
        table["uid_t"] = .uint32
        table["gid_t"] = .uint32
        return table
    }()

    public static func type(named name: String) -> SwType? { table[name] }

    public static var names: [String] { Array(table.keys) }
}

/// Integer values of expressions made only of literals (tuple indexes, unroll counts).
public enum ConstantFolding {
    public static func integer(_ expr: Expr) -> Int64? {
        switch expr.kind {
        case .integer(let value): return Int64(bitPattern: value)
        case .boolean(let value): return value ? 1 : 0
        case .unary(.negate, let operand): return integer(operand).map { 0 &- $0 }
        case .unary(.bitNot, let operand): return integer(operand).map { ~$0 }
        case .binary(let op, let left, let right):
            guard let a = integer(left), let b = integer(right) else { return nil }
            switch op {
            case .add: return a &+ b
            case .subtract: return a &- b
            case .multiply: return a &* b
            case .divide: return b == 0 ? nil : a / b
            case .modulo: return b == 0 ? nil : a % b
            case .bitAnd: return a & b
            case .bitOr: return a | b
            case .bitXor: return a ^ b
            case .shiftLeft: return b < 0 || b > 63 ? nil : a << b
            case .shiftRight: return b < 0 || b > 63 ? nil : a >> b
            default: return nil
            }
        default: return nil
        }
    }
}

/// `$N + offset` on a string positional parameter: what is left of the string.
public enum PositionalOffset {
    public static func text(_ left: Expr, _ right: Expr, arguments: [String]) -> String? {
        guard case .positional(let index) = left.kind, index >= 1, index <= arguments.count,
              PositionalNumber.value(arguments[index - 1]) == nil, let offset = ConstantFolding.integer(right) else { return nil }
        let bytes = ByteText.bytes(of: arguments[index - 1])
        guard offset >= 0, offset <= bytes.count else { return nil }
        return ByteText.string(bytes[Int(offset)...])
    }
}
