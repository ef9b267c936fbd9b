// Typing of string functions: str, buf, strlen, strncmp, strcontains, strstr, str_concat.

extension TypeChecker {
    func checkStringCall(_ name: String, _ arguments: [Expr], _ expr: Expr) -> SwType? {
        switch name {
        case "str":
            let type = check(arguments[0])
            if !(type.isInteger || isPointer(type) || type.isString || isCharArray(type)) {
                report(SemanticDiagnostics.argumentType("str", arguments[0].range, position: 1, expected: "a pointer or integer", got: type))
            }
            var size = options.maxStringSize
            if case .array(_, let count) = type { size = count + 1 }
            if arguments.count == 2 {
                expectInteger(check(arguments[1]), name, arguments[1], position: 2, allowPointer: false)
                // str(p, n) copies at most n - 1 characters and the terminator.
                if case .integer(let limit) = arguments[1].kind { size = max(1, min(size, Int(clamping: limit))) }
            }
            if case .string(let existing) = type { return .string(size: min(existing, size)) }
            return .string(size: size)
        case "buf":
            let type = check(arguments[0])
            var size: Int?
            if case .array(let element, let count) = type { size = element.byteSize * count }
            if case .string(let length) = type { size = length }
            if arguments.count == 2 {
                expectInteger(check(arguments[1]), name, arguments[1], position: 2, allowPointer: false)
                guard case .integer(let length) = arguments[1].kind else {
                    report(SemanticDiagnostics.literalRequired(name, arguments[1].range, what: "the length"))
                    return .buffer(size: 1)
                }
                size = min(Int(clamping: length), options.maxStringSize)
            } else if size == nil {
                report(SemanticDiagnostics.invalidArgument(name, expr.range, "the length is required unless the data is an array"))
            } else if !(type.isInteger || isPointer(type)) && size == nil {
                report(SemanticDiagnostics.argumentType(name, arguments[0].range, position: 1, expected: "a pointer or array", got: type))
            }
            return .buffer(size: max(1, size ?? 1))
        case "strlen":
            expectString(check(arguments[0]), name, arguments[0], position: 1)
            return .uint64
        case "strncmp":
            expectString(check(arguments[0]), name, arguments[0], position: 1)
            expectString(check(arguments[1]), name, arguments[1], position: 2)
            expectInteger(check(arguments[2]), name, arguments[2], position: 3, allowPointer: false)
            if case .integer = arguments[2].kind {} else {
                report(SemanticDiagnostics.literalRequired(name, arguments[2].range, what: "the length"))
            }
            return .int64
        case "strcontains", "strstr":
            expectString(check(arguments[0]), name, arguments[0], position: 1)
            expectString(check(arguments[1]), name, arguments[1], position: 2)
            return name == "strstr" ? .int64 : .boolean
        case "str_concat":
            let first = check(arguments[0]), second = check(arguments[1])
            expectString(first, name, arguments[0], position: 1)
            expectString(second, name, arguments[1], position: 2)
            return .string(size: max(1, first.byteSize + second.byteSize - 1))
        default:
            return nil
        }
    }

    func expectString(_ type: SwType, _ function: String, _ argument: Expr, position: Int) {
        if !type.isString {
            report(SemanticDiagnostics.stringRequired(function, argument.range, position: position, got: type))
        }
    }

    func isCharArray(_ type: SwType) -> Bool {
        if case .array(.integer(8, _), _) = type { return true }
        return false
    }
}
