// Newer bpftrace's compile-time checks. fail(fmt, literals...) stops compiling with the formatted
// message at the call when the call is reached: inside an `if` whose condition is known when
// compiling (literals and positional parameters, as in `if ($1 < 2) { fail(...) }`) only the
// branch taken counts. static_assert(condition, message) does the same when the condition,
// which must be known when compiling, is false.

extension TypeChecker {
    func checkCompileTimeCall(_ name: String, _ arguments: [Expr], _ expr: Expr) -> SwType? {
        switch name {
        case "fail":
            arguments.forEach { check($0) }
            guard case .string(let format) = arguments[0].kind else {
                report(SemanticDiagnostics.literalRequired(name, arguments[0].range, what: "the format"))
                return .void
            }
            var values: [CompileTimeValue.Literal] = []
            for argument in arguments.dropFirst() {
                guard let value = CompileTimeValue.literal(argument, arguments: options.positionalArguments) else {
                    report(SemanticDiagnostics.literalRequired(name, argument.range, what: "every argument"))
                    return .void
                }
                values.append(value)
            }
            if unreachableDepth == 0 {
                report(Diagnostic(id: "fail", message: CompileTimeValue.format(format, values), range: expr.range))
            }
            return .void
        case "static_assert":
            arguments.forEach { check($0) }
            guard case .string(let message) = arguments[1].kind else {
                report(SemanticDiagnostics.literalRequired(name, arguments[1].range, what: "the message"))
                return .void
            }
            guard let value = CompileTimeValue.integer(arguments[0], arguments: options.positionalArguments) else {
                report(SemanticDiagnostics.literalRequired(name, arguments[0].range, what: "the condition"))
                return .void
            }
            if value == 0, unreachableDepth == 0 {
                report(Diagnostic(id: "static-assert", message: message, range: expr.range))
            }
            return .void
        default:
            return nil
        }
    }
}

/// Values of expressions made of literals and positional parameters.
enum CompileTimeValue {
    enum Literal {
        case integer(Int64)
        case text(String)
    }

    static func literal(_ expr: Expr, arguments: [String]) -> Literal? {
        if case .string(let text) = expr.kind { return .text(text) }
        if case .positional(let index) = expr.kind, index >= 1, index <= arguments.count,
           PositionalNumber.value(arguments[index - 1]) == nil {
            return .text(arguments[index - 1])
        }
        return integer(expr, arguments: arguments).map { .integer($0) }
    }

    static func integer(_ expr: Expr, arguments: [String]) -> Int64? {
        switch expr.kind {
        case .positional(let index):
            guard index >= 1, index <= arguments.count else { return 0 }
            return PositionalNumber.value(arguments[index - 1])
        case .positionalCount:
            return Int64(arguments.count)
        case .unary(.logicalNot, let operand):
            return integer(operand, arguments: arguments).map { $0 == 0 ? 1 : 0 }
        case .unary(let op, let operand):
            guard let value = integer(operand, arguments: arguments) else { return nil }
            return ConstantFolding.integer(Expr(id: expr.id, kind: .unary(op, Expr(id: operand.id, kind: .integer(UInt64(bitPattern: value)), range: operand.range)), range: expr.range))
        case .binary(let op, let left, let right):
            guard let a = integer(left, arguments: arguments), let b = integer(right, arguments: arguments) else { return nil }
            switch op {
            case .equal: return a == b ? 1 : 0
            case .notEqual: return a != b ? 1 : 0
            case .less: return a < b ? 1 : 0
            case .lessEqual: return a <= b ? 1 : 0
            case .greater: return a > b ? 1 : 0
            case .greaterEqual: return a >= b ? 1 : 0
            case .logicalAnd: return a != 0 && b != 0 ? 1 : 0
            case .logicalOr: return a != 0 || b != 0 ? 1 : 0
            default:
                func literal(_ value: Int64, _ side: Expr) -> Expr { Expr(id: side.id, kind: .integer(UInt64(bitPattern: value)), range: side.range) }
                return ConstantFolding.integer(Expr(id: expr.id, kind: .binary(op, literal(a, left), literal(b, right)), range: expr.range))
            }
        default:
            return ConstantFolding.integer(expr)
        }
    }

    /// printf's common conversions (%d %i %u %x %s %c %%) over literal values.
    static func format(_ format: String, _ values: [Literal]) -> String {
        var result = "", remaining = values[...]
        var characters = format.makeIterator()
        while let character = characters.next() {
            guard character == "%" else { result.append(character); continue }
            var conversion = characters.next()
            while let c = conversion, "0123456789-+ #.lhjz".contains(c) { conversion = characters.next() }
            guard let c = conversion else { result.append("%"); break }
            if c == "%" { result.append("%"); continue }
            let value = remaining.popFirst()
            switch (c, value) {
            case ("x", .integer(let n)?): result += String(UInt64(bitPattern: n), radix: 16)
            case ("u", .integer(let n)?): result += String(UInt64(bitPattern: n))
            case ("c", .integer(let n)?): result.append(Character(UnicodeScalar(UInt8(truncatingIfNeeded: n))))
            case (_, .integer(let n)?): result += String(n)
            case (_, .text(let text)?): result += text
            case (_, nil): result += "%" + String(c)
            }
        }
        return result
    }
}
