// Typing of user functions (`fn name($a: int64): int64 { ... }`): bodies are checked once with
// their parameters' declared types; calls check arity and argument types; recursion (which BPF
// cannot do, as functions are inlined) is an error.

extension TypeChecker {
    func checkFunctions() {
        var seen: Set<String> = []
        functionCalls = [:]
        for function in functions {
            if !seen.insert(function.name).inserted {
                report(SemanticDiagnostics.functionRedefined(function.name, function.range))
                continue
            }
            if FunctionCatalogue.function(named: function.name) != nil {
                report(SemanticDiagnostics.functionShadowsBuiltin(function.name, function.range))
            }
            scopes.reset()
            loopDepth = 0
            forLoopDepth = 0
            currentFunction = function
            var types: [SwType] = []
            for parameter in function.parameters {
                let type = declaredType(parameter.type) ?? .int64
                types.append(type)
                scopes.declare(parameter.name, type: type, key: -1)
            }
            parameterTypes[function.name] = types
            check(function.body)
            if let returnType = function.returnType, returnType.name != "void", !Self.alwaysReturns(function.body.statements) {
                report(SemanticDiagnostics.missingReturn(function.name, function.range))
            }
            currentFunction = nil
        }
        scopes.reset()
        reportRecursion()
    }

    /// Type of a function's result: its declared return type (void when none).
    func returnType(of function: FunctionDecl) -> SwType? {
        guard let typeName = function.returnType, typeName.name != "void" else { return nil }
        if typeName.name == "string" { return .string(size: typeName.arrayLength ?? options.maxStringSize) }
        return IntegerTypeNames.languageType(named: typeName.name)
    }

    func checkUserCall(_ name: String, _ arguments: [Expr], _ expr: Expr) -> SwType {
        let function = userFunctions[name]!
        let types = arguments.map { check($0) }
        if let caller = currentFunction { functionCalls[caller.name, default: []].insert(name) }
        guard arguments.count == function.parameters.count else {
            report(SemanticDiagnostics.functionArgumentCount(name, expr.range, expected: function.parameters.count, got: arguments.count))
            return returnType(of: function).map(Self.readType) ?? .void
        }
        for (index, parameter) in function.parameters.enumerated() {
            guard let expected = IntegerTypeNames.languageType(named: parameter.type.name)
                    ?? (parameter.type.name == "string" ? .string(size: options.maxStringSize) : nil) else { continue }
            if !assignable(types[index], to: expected) {
                report(SemanticDiagnostics.functionArgumentType(name, arguments[index].range, parameter: "$" + parameter.name,
                                                                expected: expected, got: types[index]))
            } else if let narrower = integerThatDoesNotFit(arguments[index], types[index], in: expected) {
                report(SemanticDiagnostics.functionArgumentType(name, arguments[index].range, parameter: "$" + parameter.name,
                                                                expected: expected, got: narrower))
            }
        }
        return returnType(of: function).map(Self.readType) ?? .void
    }

    /// A call of an unknown name that is a near miss of a user function or macro: reported here
    /// with that name as the hint (the builtin catalogue does not know user names). Nil otherwise.
    func checkMisspeltUserCall(_ name: String, _ arguments: [Expr], _ expr: Expr) -> SwType? {
        guard FunctionCatalogue.function(named: name) == nil,
              let near = SemanticDiagnostics.nearest(name, in: Array(userFunctions.keys) + macroNames) else { return nil }
        arguments.forEach { check($0) }
        report(SemanticDiagnostics.unknownFunctionNearUserFunction(name, expr.range, near: near))
        return .void
    }

    /// `return` / `return value`: in a function the value must match its return type.
    func checkReturn(_ value: Expr?, _ range: SourceRange) {
        let valueType = value.map { check($0) }
        if forLoopDepth > 0 { report(SemanticDiagnostics.returnInMapLoop(range)) }
        guard let function = currentFunction else {
            // bpftrace lets a probe return an integer (its test probes read it); nothing else.
            if let value, let valueType, valueType != .void, !valueType.isInteger {
                report(SemanticDiagnostics.probeReturnsValue(value.range, valueType))
            }
            return
        }
        let expected = returnType(of: function)
        switch (expected, valueType) {
        case (nil, nil): break
        case (let expected?, let got?) where assignable(got, to: expected): break
        default:
            report(SemanticDiagnostics.returnTypeMismatch(function.name, range, expected: expected, got: valueType))
        }
    }

    /// True if every path through the statements ends in `return`.
    static func alwaysReturns(_ statements: [Stmt]) -> Bool {
        guard let last = statements.last else { return false }
        switch last.kind {
        case .returnValue: return true
        case .ifElse(_, let then, let elseBlock):
            guard let elseBlock else { return false }
            return alwaysReturns(then.statements) && alwaysReturns(elseBlock.statements)
        case .block(let block): return alwaysReturns(block.statements)
        default: return false
        }
    }

    private func reportRecursion() {
        for function in functions {
            var stack = [function.name]
            if let cycle = findCycle(from: function.name, stack: &stack), cycle.first == function.name {
                report(SemanticDiagnostics.functionRecursion(cycle, function.range))
            }
        }
    }

    private func findCycle(from name: String, stack: inout [String]) -> [String]? {
        for callee in functionCalls[name, default: []].sorted() {
            if callee == stack.first { return stack + [callee] }
            if stack.contains(callee) { continue }
            stack.append(callee)
            if let cycle = findCycle(from: callee, stack: &stack) { return cycle }
            stack.removeLast()
        }
        return nil
    }
}
