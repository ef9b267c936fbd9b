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
            return checkBuf(arguments, expr)
        case "strlen":
            expectString(check(arguments[0]), name, arguments[0], position: 1)
            return .uint64
        case "strncmp":
            expectString(check(arguments[0]), name, arguments[0], position: 1)
            expectString(check(arguments[1]), name, arguments[1], position: 2)
            expectInteger(check(arguments[2]), name, arguments[2], position: 3, allowPointer: false)
            if case .integer = arguments[2].kind {} else if case .positional = arguments[2].kind,
                ConstantFolding.integer(arguments[2], arguments: options.positionalArguments) != nil {} else {
                report(SemanticDiagnostics.literalRequired(name, arguments[2].range, what: "the length"))
            }
            return .int64
        case "memcmp":
            // Newer bpftrace's stdlib: the bytes of two values held in memory (strings, arrays,
            // records, tuples), compared for a count known when compiling.
            for position in 0..<2 {
                let type = check(arguments[position])
                switch type {
                case .string, .array, .record, .tuple, .namedTuple, .buffer: break
                default:
                    report(SemanticDiagnostics.argumentType(name, arguments[position].range, position: position + 1,
                                                            expected: "a string, array or record", got: type))
                }
            }
            expectInteger(check(arguments[2]), name, arguments[2], position: 3, allowPointer: false)
            if ConstantFolding.integer(arguments[2], arguments: options.positionalArguments) == nil {
                report(SemanticDiagnostics.literalRequired(name, arguments[2].range, what: "the count"))
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

    /// `buf(data[, length])`: a buffer of at most max_strlen - 4 bytes (bpftrace keeps 4 for the
    /// length the buffer carries). A literal length, or an array's size, fixes the capacity;
    /// a run-time length gets the whole cap and copies min(length, cap) bytes.
    func checkBuf(_ arguments: [Expr], _ expr: Expr) -> SwType {
        let type = check(arguments[0])
        let cap = SwType.bufferCapacity(maxStringSize: options.maxStringSize)
        var size: Int?
        if case .array(let element, let count) = type { size = element.byteSize * count }
        if case .string(let length) = type { size = length }
        if arguments.count == 2 {
            expectInteger(check(arguments[1]), "buf", arguments[1], position: 2, allowPointer: false)
            switch arguments[1].kind {
            case .integer(let length):
                size = Int(clamping: length)
            case .unary(.negate, let operand):
                if case .integer(let length) = operand.kind, length > 0 {
                    report(SemanticDiagnostics.invalidArgument("buf", arguments[1].range, "cannot use a negative length (-\(length))"))
                }
                size = cap
            default:
                size = cap
            }
        } else if size == nil {
            report(SemanticDiagnostics.invalidArgument("buf", expr.range, "the length is required unless the data is an array"))
        }
        return .buffer(size: max(1, min(size ?? 1, cap)))
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
