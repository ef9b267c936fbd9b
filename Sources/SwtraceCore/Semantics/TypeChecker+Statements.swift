// Typing of statements: assignments (maps, variables, aggregations), control flow.

extension TypeChecker {
    func check(_ block: Block) {
        withScope {
            for statement in block.statements { check(statement) }
        }
    }

    func check(_ statement: Stmt) {
        switch statement.kind {
        case .expression(let expr):
            checkExpressionStatement(expr, statement.range)
        case .assign(let target, let op, let value):
            checkAssignment(target, op, value, statement.range)
        case .declare(let name, let typeName, let value):
            checkDeclaration(name, typeName, value, statement.range)
        case .ifElse(let condition, let then, let elseBlock):
            let type = check(condition)
            if type != .void, !isTruthTestable(type) { report(SemanticDiagnostics.invalidCondition("if()", condition.range, type)) }
            let known = CompileTimeValue.integer(condition, arguments: options.positionalArguments)
            let (thenDead, elseDead) = (known == 0 ? 1 : 0, known.map { $0 != 0 ? 1 : 0 } ?? 0)
            unreachableDepth += thenDead
            check(then)
            unreachableDepth -= thenDead
            unreachableDepth += elseDead
            if let elseBlock { check(elseBlock) }
            unreachableDepth -= elseDead
        case .whileLoop(let condition, let body):
            let type = check(condition)
            if type != .void, !isTruthTestable(type) { report(SemanticDiagnostics.invalidCondition("while()", condition.range, type)) }
            loopDepth += 1
            check(body)
            loopDepth -= 1
        case .unroll(let count, let body):
            checkUnroll(count, body)
        case .forRange(let variable, let start, let end, let body):
            checkForRange(variable, start, end, body, statement.range)
        case .forMap(let variable, let map, let body):
            checkForMap(variable, map, body, statement.range)
        case .breakLoop:
            if loopDepth == 0 { report(SemanticDiagnostics.loopControlOutsideLoop("break", statement.range)) }
        case .continueLoop:
            if loopDepth == 0 { report(SemanticDiagnostics.loopControlOutsideLoop("continue", statement.range)) }
        case .returnValue(let value):
            checkReturn(value, statement.range)
        case .block(let block):
            check(block)
        }
    }

    func checkAssignment(_ target: Expr, _ op: AssignOperator, _ value: Expr, _ range: SourceRange) {
        switch target.kind {
        case .map(let name, let keys):
            let keyTypes = checkMapKeys(keys)
            let display = "@" + name
            let valueType: SwType
            if op == .assign, case .call(let function, let arguments) = value.kind, FunctionCatalogue.isAggregation(function) {
                valueType = .aggregation(checkAggregation(function, arguments, value))
                record(value, valueType)
            } else {
                let type = check(value)
                reportIfValueless(value, type)
                if op != .assign, !type.isInteger {
                    report(SemanticDiagnostics.integerRequired("'\(op.rawValue)'", value.range, got: type))
                }
                // `@c += 1` reads the count; `@c = 1` is a value of another type (defineMap says so).
                if op != .assign, case .aggregation(let existing) = mapInfo(display)?.value {
                    report(SemanticDiagnostics.readAggregation(display, target.range, existing))
                }
                if type == .void { return }
                valueType = op == .assign ? type : .int64
            }
            defineMap(display, keys: keyTypes, isKeyed: !keys.isEmpty, value: valueType, range: range)
            record(target, storageType(valueType))
        case .variable(let name):
            let type = check(value)
            if op != .assign {
                guard let stored = scopes[name] else {
                    reportUndefinedVariable(name, target.range)
                    return
                }
                let existing = Self.readType(stored)
                if stored == .void { scopes[name] = .int64 }
                if !existing.isInteger || !(type.isInteger || type == .void) {
                    report(SemanticDiagnostics.integerRequired("'\(op.rawValue)'", range, got: existing.isInteger ? type : existing))
                }
                record(target, existing)
                return
            }
            reportIfValueless(value, type)
            assignVariable(name, value, type, range)
            record(target, Self.readType(scopes[name] ?? type))
        default:
            check(target)
            check(value)
            report(SemanticDiagnostics.invalidAssignmentTarget(target.range))
        }
    }

    func checkAggregation(_ name: String, _ arguments: [Expr], _ expr: Expr) -> Aggregation {
        let function = FunctionCatalogue.function(named: name)!
        guard function.arity.contains(arguments.count) else {
            arguments.forEach { check($0) }
            report(SemanticDiagnostics.wrongArgumentCount(name, expr.range, expected: arityText(function.arity), got: arguments.count))
            return .count
        }
        if name == "tseries" { return checkTimeSeries(arguments, expr) }
        let types = arguments.map { check($0) }
        for (position, type) in types.enumerated() where !(type.isInteger || isPointer(type) || type == .boolean) {
            report(SemanticDiagnostics.argumentType(name, arguments[position].range, position: position + 1, expected: "an integer", got: type))
        }
        let signed = types.first?.isSigned ?? false
        switch name {
        case "count": return .count
        case "sum": return .sum(signed: signed)
        case "min": return .min(signed: signed)
        case "max": return .max(signed: signed)
        case "avg": return .avg(signed: signed)
        case "stats": return .stats(signed: signed)
        case "hist": return checkHistogramBits(arguments, types, expr)
        default:
            var literals: [Int64] = []
            for argument in arguments.dropFirst() {
                if let value = literalInteger(argument) { literals.append(value) }
                else { report(SemanticDiagnostics.literalRequired("lhist", argument.range, what: "min, max and step")) }
            }
            guard literals.count == 3 else { return .lhist(min: 0, max: 1, step: 1) }
            let (low, high, step) = (literals[0], literals[1], literals[2])
            if step <= 0 || high <= low {
                report(Diagnostic(id: "lhist-range", message: "lhist(): max must be greater than min and step must be positive", range: expr.range))
                return .lhist(min: 0, max: 1, step: 1)
            }
            if (high - low) / step > 1000 {
                report(Diagnostic(id: "lhist-range", message: "lhist(): too many buckets ((max - min) / step must be at most 1000)", range: expr.range))
            }
            return .lhist(min: low, max: high, step: step)
        }
    }
}
