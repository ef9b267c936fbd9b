// Typing of expressions: literals, builtins, variables, maps, operators, field access, casts.

extension TypeChecker {
    @discardableResult
    func check(_ expr: Expr) -> SwType {
        switch expr.kind {
        case .integer(let value):
            return record(expr, value > UInt64(Int64.max) ? .uint64 : .int64)
        case .boolean:
            return record(expr, .boolean)
        case .string(let text):
            return record(expr, .string(size: ByteText.count(text) + 1))
        case .identifier(let name):
            return record(expr, recordTypedBuiltin(name) ?? checkBuiltin(name, expr))
        case .variable(let name):
            return record(expr, checkVariableRead(name, expr))
        case .positional(let index):
            guard index >= 1, index <= options.positionalArguments.count else {
                report(SemanticDiagnostics.positionalMissing(index, expr.range))
                return record(expr, .int64)
            }
            let text = options.positionalArguments[index - 1]
            return record(expr, PositionalNumber.value(text) != nil ? .int64 : .string(size: ByteText.count(text) + 1))
        case .positionalCount:
            return record(expr, .int64)
        case .map(let name, let keys):
            return record(expr, checkMapRead(name, keys, expr))
        case .call(let name, let arguments):
            if userFunctions[name] != nil { return record(expr, checkUserCall(name, arguments, expr)) }
            if let misspelt = checkMisspeltUserCall(name, arguments, expr) { return record(expr, misspelt) }
            return record(expr, checkCall(name, arguments, expr))
        case .binary(let op, let left, let right):
            return record(expr, checkBinary(op, left, right, expr))
        case .unary(let op, let operand):
            let type = check(operand)
            switch op {
            case .logicalNot, .negate, .bitNot:
                return record(expr, checkUnary(op, type, expr))
            case .dereference: return record(expr, checkDereference(type, expr))
            case .addressOf:
                report(SemanticDiagnostics.unsupported("Pointer '\(op.rawValue)'", expr.range))
                return record(expr, .uint64)
            }
        case .increment(_, let target):
            return record(expr, checkIncrement(target, expr))
        case .ternary(let condition, let whenTrue, let whenFalse):
            return record(expr, checkTernary(condition, whenTrue, whenFalse, expr))
        case .field(let base, let name, let arrow):
            if case .identifier("args") = base.kind {} else { return record(expr, checkRecordField(base, name, arrow: arrow, expr)) }
            return record(expr, checkField(base, name, expr))
        case .cast(let typeName, let operand):
            let operandType = checkCoercedAggregation(operand) ?? check(operand)
            if let target = recordCastTarget(typeName, from: operandType, expr) { return record(expr, target) }
            if let target = checkBooleanCast(typeName, from: operandType, expr) { return record(expr, target) }
            guard let target = integerType(named: typeName.name),
                  typeName.pointerDepth == 0, typeName.arrayLength == nil else {
                report(SemanticDiagnostics.unsupported("Casting to '\(typeName.name)\(String(repeating: "*", count: typeName.pointerDepth))'", typeName.range))
                return record(expr, .uint64)
            }
            if !operandType.isInteger, !isPointer(operandType), operandType != .boolean {
                report(SemanticDiagnostics.invalidCast(expr.range, typeName.name))
            }
            return record(expr, target)
        case .tuple(let elements):
            return record(expr, .tuple(elements.map { storageType(check($0)) }))
        case .namedTuple(let names, let elements):
            return record(expr, checkNamedTuple(names, elements, expr))
        case .tupleElement(let base, let index):
            let type = check(base)
            guard case .tuple(let elements) = type, index >= 0, index < elements.count else {
                report(SemanticDiagnostics.unknownField(String(index), expr.range, of: "A value of type '\(SemanticDiagnostics.typeName(type))'", candidates: []))
                return record(expr, .void)
            }
            return record(expr, elements[index])
        case .index(let base, let index): return record(expr, checkTupleIndex(base, index, expr) ?? checkIndex(base, index, expr))
        case .sizeofType(let typeName): return record(expr, checkSizeofType(typeName, expr))
        case .sizeofExpr(let operand): return record(expr, checkSizeofExpr(operand, expr))
        case .offsetof(let typeName, let path): return record(expr, checkOffsetof(typeName, path, expr))
        case .block(let statements, let value):
            return record(expr, checkBlockExpression(statements, value))
        }
    }

    func isPointer(_ type: SwType) -> Bool {
        if case .pointer = type { return true }
        return false
    }

    func integerType(named name: String) -> SwType? {
        let table: [String: SwType] = [
            "int8": .integer(bits: 8, signed: true), "int16": .integer(bits: 16, signed: true),
            "int32": .int32, "int64": .int64,
            "uint8": .uint8, "uint16": .integer(bits: 16, signed: false),
            "uint32": .uint32, "uint64": .uint64,
            "bool": .boolean,
        ]
        return table[name] ?? IntegerTypeNames.type(named: name)
    }

    func checkBuiltin(_ name: String, _ expr: Expr) -> SwType {
        guard let builtin = BuiltinCatalogue.variable(named: name) else {
            report(SemanticDiagnostics.unknownIdentifier(name, expr.range,
                candidates: BuiltinCatalogue.variables.map(\.name) + FunctionCatalogue.all.map(\.name)))
            return .void
        }
        if let providers = builtin.providers, !currentProviders.isSubset(of: providers) {
            let where_ = providers.map(\.rawValue).sorted().joined(separator: ", ")
            report(SemanticDiagnostics.builtinNotAvailable(name, expr.range, probe: currentProbeDescription,
                                                           detail: "\(name) is available in: \(where_)"))
        }
        if name == "args" || name == "probe" { probeSpecificProbes.insert(currentProbe) }
        if name == "args", tracesRunningBPFFunction {
            report(SemanticDiagnostics.argsOfRunningBPFFunction(expr.range))
            return .void
        }
        return builtin.type
    }

    func checkMapRead(_ name: String, _ keys: [Expr], _ expr: Expr) -> SwType {
        let keyTypes = checkMapKeys(keys)
        let display = "@" + name
        guard let info = mapInfo(display) else {
            if reportUnknownMaps { report(SemanticDiagnostics.undefinedMap(display, expr.range, known: maps.map(\.name))) }
            return .uint64
        }
        useMapKeys(display, keys: keyTypes, range: expr.range)
        if case .aggregation(let aggregation) = info.value {
            // As bpftrace (with bpf_map_lookup_percpu_elem): a count/sum/min/max/avg reads as the
            // total of every CPU's slot anywhere a value goes; hist, lhist, stats and tseries
            // hold several values and cannot.
            if let total = Self.aggregationTotalType(aggregation) { return total }
            report(SemanticDiagnostics.readAggregation(display, expr.range, aggregation))
            return .uint64
        }
        return info.value
    }

    func checkIncrement(_ target: Expr, _ expr: Expr) -> SwType {
        switch target.kind {
        case .variable(let name):
            guard let stored = scopes[name] else {
                record(target, .int64)
                reportUndefinedVariable(name, target.range)
                return .int64
            }
            if stored == .void { scopes[name] = .int64 }
            let type = Self.readType(stored)
            record(target, type)
            if !type.isInteger && !isPointer(type) { report(SemanticDiagnostics.integerRequired("'++'/'--'", expr.range, got: type)) }
            return type
        case .map(let name, let keys):
            let keyTypes = checkMapKeys(keys)
            let display = "@" + name
            let existing = mapInfo(display)?.value
            if case .aggregation = existing {
                report(SemanticDiagnostics.mapValueMismatch(display, expr.range, existing: existing!, new: .int64))
            }
            defineMap(display, keys: keyTypes, isKeyed: !keys.isEmpty, value: .int64, range: expr.range)
            record(target, .int64)
            return .int64
        default:
            report(SemanticDiagnostics.invalidAssignmentTarget(target.range))
            return .int64
        }
    }

    func checkField(_ base: Expr, _ name: String, _ expr: Expr) -> SwType {
        guard case .identifier("args") = base.kind else {
            check(base)
            report(SemanticDiagnostics.unsupported("Field access on this value", expr.range))
            return .void
        }
        check(base)
        if tracesRunningBPFFunction { return .void }  // refused at `args`
        let formats = attachPoints[currentProbe].compactMap(\.tracepointFormat)
        guard let format = formats.first else {
            reportUprobeArgumentsWithoutDebugInfo(expr)
            if currentProviders.contains(.tracepoint) {
                report(SemanticDiagnostics.unknownField(name, expr.range, of: "args", candidates: []))
            }
            return .void
        }
        var fieldType: SwType?
        for point in attachPoints[currentProbe] {
            guard let format = point.tracepointFormat else { continue }
            guard let field = format.fields.first(where: { $0.name == name }) else {
                let problem = SemanticDiagnostics.unknownField(name, expr.range,
                    of: "\(point.probeName) args", candidates: format.fields.map(\.name))
                if case .field(_, _, arrow: true) = expr.kind {
                    report(SemanticDiagnostics.unknownArgsFieldWithArrow(problem, name, candidates: format.fields.map(\.name)))
                } else {
                    report(problem)
                }
                return .void
            }
            let type = tracepointFieldType(field)
            if let existing = fieldType, merge(storageType(existing), storageType(type)) == nil {
                report(SemanticDiagnostics.operandTypes("args.\(name)", expr.range, existing, type))
            }
            fieldType = fieldType ?? type
        }
        _ = format
        return fieldType ?? .void
    }
}

/// How tracepoint format fields appear in the language.
public enum TracepointFieldTypes {
    public static func type(of field: TracepointField) -> SwType {
        let cType = field.cType
        if cType.contains("__data_loc") { return .pointer(.integer(bits: 8, signed: true)) }
        if let open = cType.firstIndex(of: "["), cType.contains("char") {
            let digits = cType[cType.index(after: open)...].prefix { $0.isNumber }
            return .string(size: Int(digits) ?? field.size)
        }
        if cType.contains("*") {
            return .pointer(cType.contains("char") ? .integer(bits: 8, signed: true) : .void)
        }
        if cType.contains("[") { return .array(.uint8, count: field.size) }
        let bits = [1, 2, 4, 8].contains(field.size) ? field.size * 8 : 64
        return .integer(bits: bits, signed: field.isSigned)
    }

    /// True when the field holds a `__data_loc` (offset in the low 16 bits, length in the high 16).
    public static func isDataLocation(_ field: TracepointField) -> Bool { field.cType.contains("__data_loc") }
}
