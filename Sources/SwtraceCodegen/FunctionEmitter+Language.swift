// Emission of declarations, block expressions, tuple indexing, `return`, and user functions,
// which are inlined at each call: the body runs with its own variables, and `return` stores
// the result and jumps to the end of the inlined body.
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    /// `let $x [: type] [= value]`: the slot gets the variable's final type, zeroed when no value.
    func emitDeclaration(_ name: String, _ value: Expr?, _ statement: Stmt) throws {
        let declared = program.declaredTypes[statement.range.start] ?? value.map { type(of: $0) } ?? .int64
        let slotType = storageTypeForVariable(declared)
        let slot = variableSlot(name, type: slotType)
        guard let value else {
            zero(slot, size: max(8, slotType.byteSize))
            return
        }
        var emitted = try emit(value)
        let valueType = type(of: value)
        if declared.isInteger, !isMemory(valueType) { emitted = narrow(emitted, to: declared) }
        storeValue(emitted, type: valueType, into: slot, offset: 0, slotType: variables[name]!.type)
    }

    /// A variable read where no assignment reached it (assigned only in a loop body that ran
    /// as a callback, or never): it reads as zero or the empty string.
    func unassignedVariable(_ name: String, type: SwType) -> (slot: LLVMValueRef, type: SwType) {
        let slotType = storageTypeForVariable(type)
        let slot = variableSlot(name, type: slotType)
        zero(slot, size: max(8, slotType.byteSize))
        return variables[name]!
    }

    func emitBlockExpression(_ statements: [Stmt], _ value: Expr) throws -> LLVMValueRef {
        for statement in statements { try emit(statement) }
        return try emit(value)
    }

    /// `t[N]` on a tuple: the same as `t.N`.
    func emitIndex(_ base: Expr, _ index: Expr, _ expr: Expr) throws -> LLVMValueRef {
        guard case .tuple(let types) = type(of: base), let position = ConstantFolding.integer(index),
              position >= 0, Int(position) < types.count else { throw unsupported("indexing this value", expr.range) }
        let tuple = try emit(base)
        let offset = RecordLayout(types).offsets[Int(position)]
        if isMemory(types[Int(position)]) { return address(tuple, offset: offset) }
        return loadValue(tuple, offset: offset, type: types[Int(position)])
    }

    /// `return [value]`: leaves the inlined user function, or the probe.
    func emitReturn(_ value: Expr?) throws {
        guard let function = functionReturns.last else {
            // A test:/bench: probe's value is its verdict (non-zero fails a test, skips a
            // benchmark), read back from BPF_PROG_TEST_RUN. Elsewhere it has no reader: it is
            // evaluated for its effects, and the program still returns 0 so the kernel treats
            // the event as it does for every other probe.
            if let value, returnsVerdict {
                let resultType = LLVMGetReturnType(LLVMGlobalGetValueType(self.function))!
                LLVMBuildRet(b, LLVMBuildIntCast2(b, try emit(value), resultType, 0, "verdict"))
            } else {
                if let value { _ = try emit(value) }
                returnZero()
            }
            startUnreachableCode()
            return
        }
        if let value, function.type != .void {
            var emitted = try emit(value)
            if function.type.isInteger { emitted = narrow(emitted, to: function.type) }
            storeValue(emitted, type: type(of: value), into: function.slot, offset: 0,
                       slotType: isMemory(function.type) ? function.type : .int64)
        }
        LLVMBuildBr(b, function.exit)
        startUnreachableCode()
    }

    /// test:/bench: probes return their value to the runner (see emitReturn).
    var returnsVerdict: Bool {
        !probe.attachPoints.isEmpty && probe.attachPoints.allSatisfy { point in
            switch point.target {
            case .test, .bench: return true
            default: return false
            }
        }
    }

    func userFunction(named name: String) -> FunctionDecl? {
        program.program.functions.first { $0.name == name }
    }

    /// Inlines a call of a user function.
    func emitUserCall(_ function: FunctionDecl, _ arguments: [Expr], _ expr: Expr) throws -> LLVMValueRef {
        let values = try arguments.map { (value: try emit($0), type: type(of: $0)) }
        let resultType = program.type(of: expr)
        let declaredResult = function.returnType.flatMap { IntegerTypeNames.languageType(named: $0.name) } ?? resultType
        let resultSlot = stackSlot(max(8, resultType.byteSize), "ret_" + function.name)
        zero(resultSlot, size: max(8, resultType.byteSize))
        let exit = appendBlock("fn.\(function.name).exit")

        let savedVariables = variables, savedLoops = loops
        variables = [:]
        loops = []
        functionReturns.append((resultSlot, resultType == .void ? .void : declaredResult, exit))
        let parameterTypes = program.parameterTypes[function.name] ?? []
        for (index, (parameter, argument)) in zip(function.parameters, values).enumerated() {
            let declared = IntegerTypeNames.languageType(named: parameter.type.name)
            // A memory parameter's slot has the declared size, which the body's reads assume.
            let parameterType = index < parameterTypes.count && isMemory(parameterTypes[index]) ? parameterTypes[index] : argument.type
            let slotType = declared != nil ? .int64 : storageTypeForVariable(parameterType)
            let slot = variableSlot(parameter.name, type: slotType)
            var value = argument.value
            if let declared, !isMemory(argument.type) { value = narrow(value, to: declared) }
            storeValue(value, type: argument.type, into: slot, offset: 0, slotType: slotType)
        }
        try emit(function.body)
        branch(to: exit)
        LLVMPositionBuilderAtEnd(b, exit)
        functionReturns.removeLast()
        variables = savedVariables
        loops = savedLoops

        if resultType == .void { return m.constant(0) }
        if isMemory(resultType) { return resultSlot }
        return loadInteger(resultSlot, offset: 0, bits: 64, signed: true)
    }
}
