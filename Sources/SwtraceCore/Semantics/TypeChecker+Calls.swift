// Typing of function calls: dispatch by family, plus the output and map functions. Strings,
// symbols and stacks, and conversions are typed in Semantics/Stdlib/TypeChecker+*.swift.

extension TypeChecker {
    func checkCall(_ name: String, _ arguments: [Expr], _ expr: Expr) -> SwType {
        guard let function = FunctionCatalogue.function(named: name) else {
            // Builtins may be called like functions: `pid()`, `comm()`.
            if arguments.isEmpty, BuiltinCatalogue.variable(named: name) != nil {
                return recordTypedBuiltin(name) ?? checkBuiltin(name, expr)
            }
            arguments.forEach { check($0) }
            report(SemanticDiagnostics.unknownFunction(name, expr.range, candidates: FunctionCatalogue.all.map(\.name)))
            return .void
        }
        guard function.arity.contains(arguments.count) else {
            arguments.forEach { check($0) }
            report(SemanticDiagnostics.wrongArgumentCount(name, expr.range, expected: arityText(function.arity), got: arguments.count))
            return .void
        }
        warnIfLostInPinnedIterator(name, expr)
        if FunctionCatalogue.isAggregation(name) {
            arguments.forEach { check($0) }
            report(SemanticDiagnostics.aggregationOutsideAssignment(name, expr.range))
            return .void
        }
        if let type = checkBuiltinCall(name, arguments, expr) ?? checkSymbolCall(name, arguments, expr) ?? checkStringCall(name, arguments, expr)
            ?? checkConversionCall(name, arguments, expr) ?? checkOutputCall(name, arguments, expr)
            ?? checkWatchpointCall(name, arguments, expr) ?? checkCompileTimeCall(name, arguments, expr) {
            return type
        }
        switch name {
        case "printf":
            checkPrintf(arguments, expr)
            checkPinnedIteratorPrintf(arguments, expr)
            return .void
        case "exit":
            if let code = arguments.first { expectInteger(check(code), "exit", code, position: 1) }
            return .void
        case "print":
            if case .map(let mapName, let keys) = arguments[0].kind, keys.isEmpty {
                checkMapReference(mapName, arguments[0])
            } else {
                if case .map(_, let keys) = arguments[0].kind, !keys.isEmpty, arguments.count > 1 {
                    report(SemanticDiagnostics.indexedMapPrintArguments(expr.range))
                }
                let type = check(arguments[0])
                if case .aggregation = type { } else if type == .void {
                    report(SemanticDiagnostics.argumentType("print", arguments[0].range, position: 1, expected: "a map or value", got: type))
                }
            }
            for (position, argument) in arguments.enumerated().dropFirst() {
                expectInteger(check(argument), "print", argument, position: position + 1)
                if case .integer = argument.kind {} else {
                    report(SemanticDiagnostics.literalRequired("print", argument.range, what: "argument \(position + 1)"))
                }
            }
            return .void
        case "delete":
            if arguments.count == 2 {
                guard case .map(let mapName, let keys) = arguments[0].kind, keys.isEmpty else {
                    report(SemanticDiagnostics.argumentType("delete", arguments[0].range, position: 1, expected: "a map", got: check(arguments[0])))
                    return .void
                }
                checkMapReference(mapName, arguments[0])
                let keyType = check(arguments[1])
                let keyTypes: [SwType]
                if case .tuple(let elements) = keyType, (mapInfo("@" + mapName)?.keyTypes.count ?? 1) > 1 { keyTypes = elements }
                else { keyTypes = [keyType] }
                useMapKeys("@" + mapName, keys: keyTypes, range: arguments[1].range)
                return .boolean  // whether the key was there (newer bpftrace's `if (delete(@m, k))`)
            }
            guard case .map(let mapName, let keys) = arguments[0].kind else {
                report(SemanticDiagnostics.argumentType("delete", arguments[0].range, position: 1, expected: "a map element", got: check(arguments[0])))
                return .void
            }
            checkMapReference(mapName, arguments[0])
            let keyTypes = keys.map { check($0) }
            useMapKeys("@" + mapName, keys: keyTypes, range: arguments[0].range)
            return .boolean
        case "clear", "zero":
            guard case .map(let mapName, let keys) = arguments[0].kind, keys.isEmpty else {
                report(SemanticDiagnostics.argumentType(name, arguments[0].range, position: 1, expected: "a map", got: check(arguments[0])))
                return .void
            }
            checkMapReference(mapName, arguments[0])
            return .void
        case "time":
            if let format = arguments.first {
                guard case .string = format.kind else {
                    report(SemanticDiagnostics.literalRequired("time", format.range, what: "the format"))
                    return .void
                }
                check(format)
            }
            return .void
        default:
            arguments.forEach { check($0) }
            report(SemanticDiagnostics.unsupported("\(name)()", expr.range))
            return .void
        }
    }

    /// A bare `@map` passed to print/clear/zero/delete: it must exist; aggregations are fine here.
    func checkMapReference(_ name: String, _ expr: Expr) {
        let display = "@" + name
        if let info = mapInfo(display) {
            record(expr, info.value)
        } else {
            record(expr, .void)
            if reportUnknownMaps { report(SemanticDiagnostics.undefinedMap(display, expr.range)) }
        }
    }

    func expectInteger(_ type: SwType, _ function: String, _ argument: Expr, position: Int) {
        if !type.isInteger {
            report(SemanticDiagnostics.argumentType(function, argument.range, position: position, expected: "an integer", got: type))
        }
    }

    func arityText(_ arity: ClosedRange<Int>) -> String {
        let plural: (Int) -> String = { $0 == 1 ? "1 argument" : "\($0) arguments" }
        if arity.lowerBound == arity.upperBound { return plural(arity.lowerBound) }
        return "\(arity.lowerBound) to \(plural(arity.upperBound))"
    }

    func checkPrintf(_ arguments: [Expr], _ expr: Expr, function: String = "printf") {
        let values = arguments.dropFirst().map { check($0) }
        guard case .string(let text) = arguments[0].kind else {
            check(arguments[0])
            report(SemanticDiagnostics.literalRequired(function, arguments[0].range, what: "the format"))
            return
        }
        record(arguments[0], .string(size: ByteText.count(text) + 1))
        let format: PrintfFormat
        do {
            format = try PrintfFormat.parse(text)
        } catch {
            report(SemanticDiagnostics.printfFormat(arguments[0].range, "\(function): \(error)"))
            return
        }
        let conversions = format.conversions
        if conversions.count != values.count {
            let detail = conversions.count > values.count
                ? "\(function): Not enough arguments for format string (\(values.count) supplied, \(conversions.count) expected)"
                : "\(function): Too many arguments for format string (\(values.count) supplied, \(conversions.count) expected)"
            report(SemanticDiagnostics.printfFormat(expr.range, detail))
            return
        }
        for (index, (conversion, type)) in zip(conversions, values).enumerated() {
            let argument = arguments[index + 1]
            switch conversion.argument {
            case .integer where !(type.isInteger || isPointer(type) || type == .boolean):
                report(SemanticDiagnostics.printfFormat(argument.range,
                    "\(function): \(conversion.text) specifier expects an integer (argument \(index + 1) is \(SemanticDiagnostics.typeName(type)))"))
            case .buffer:
                if case .buffer = type {} else {
                    report(SemanticDiagnostics.printfFormat(argument.range,
                        "\(function): \(conversion.text) specifier expects a buffer from buf() (argument \(index + 1) is \(SemanticDiagnostics.typeName(type)))"))
                }
            default: break
            }
        }
        printfFormats[expr.id] = format
    }
}
