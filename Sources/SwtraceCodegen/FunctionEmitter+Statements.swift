// Emission of statements: assignments, variables, conditionals and loops.
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    func emit(_ block: Block) throws {
        for statement in block.statements { try emit(statement) }
    }

    func emit(_ statement: Stmt) throws {
        switch statement.kind {
        case .expression(let expr):
            _ = try emit(expr)
        case .assign(let target, let op, let value):
            try emitAssignment(target, op, value)
        case .declare(let name, _, let value):
            try emitDeclaration(name, value, statement)
        case .ifElse(let condition, let then, let elseBlock):
            let test = truth(try emit(condition))
            let thenBlock = appendBlock("if.then"), elseTarget = appendBlock("if.else"), done = appendBlock("if.done")
            LLVMBuildCondBr(b, test, thenBlock, elseTarget)
            LLVMPositionBuilderAtEnd(b, thenBlock)
            try emit(then)
            branch(to: done)
            LLVMPositionBuilderAtEnd(b, elseTarget)
            if let elseBlock { try emit(elseBlock) }
            branch(to: done)
            LLVMPositionBuilderAtEnd(b, done)
        case .whileLoop(let condition, let body):
            let header = appendBlock("while.cond"), bodyBlock = appendBlock("while.body"), done = appendBlock("while.done")
            LLVMBuildBr(b, header)
            LLVMPositionBuilderAtEnd(b, header)
            LLVMBuildCondBr(b, truth(try emit(condition)), bodyBlock, done)
            LLVMPositionBuilderAtEnd(b, bodyBlock)
            loops.append((done, header))
            try emit(body)
            loops.removeLast()
            branch(to: header)
            LLVMPositionBuilderAtEnd(b, done)
        case .unroll(let count, let body):
            let times = max(0, min(100, Int(ConstantFolding.integer(count, arguments: program.positionalArguments) ?? 0)))
            for _ in 0..<times { try emit(body) }
        case .forRange(let name, let start, let end, let body):
            try emitForRange(name, start, end, body)
        case .forMap(let name, let map, let body):
            try emitForMap(name, map, body, statement)
        case .breakLoop:
            if let loop = loops.last { LLVMBuildBr(b, loop.exit); startUnreachableCode() }
        case .continueLoop:
            if let loop = loops.last { LLVMBuildBr(b, loop.next); startUnreachableCode() }
        case .returnValue(let value):
            try emitReturn(value)
        case .block(let block):
            try emit(block)
        }
    }

    func variableTypeFor(_ name: String, value: Expr?) -> SwType {
        if let value { return storageTypeForVariable(type(of: value)) }
        return .int64
    }

    func storageTypeForVariable(_ type: SwType) -> SwType {
        if case .integer(_, let signed) = type { return .integer(bits: 64, signed: signed) }
        if isMemory(type) { return type }
        return .uint64
    }

    /// The stack slot of `$name`, created on first use with room for `type`.
    func variableSlot(_ name: String, type: SwType) -> LLVMValueRef {
        if let existing = variables[name], existing.type.byteSize >= type.byteSize || !isMemory(type) { return existing.slot }
        // Integer variables stay on the stack, where the verifier can bound loops over them.
        let slot = isMemory(type) ? stackSlot(type.byteSize, "var_" + name, longLived: true) : registerStackSlot(8, "var_" + name)
        variables[name] = (slot, type)
        return slot
    }

    func emitAssignment(_ target: Expr, _ op: AssignOperator, _ value: Expr) throws {
        switch target.kind {
        case .map(let name, let keys):
            let mapName = "@" + name
            if op == .assign, case .aggregation(let aggregation) = type(of: value),
               case .call(_, let arguments) = value.kind {
                try emitAggregation(mapName, keys: keys, aggregation, arguments: arguments)
                return
            }
            if op == .assign {
                try emitMapStore(mapName, keys: keys, value: try emit(value), valueType: type(of: value))
            } else {
                let operand = try emit(value)
                let mapSigned = descriptor(mapName).value.isSigned
                let signed = type(of: value).isSigned && mapSigned
                _ = try updateMapInteger(mapName, keys) { try self.combine(op, $0, operand, signed: signed, leftSigned: mapSigned) }
            }
        case .variable(let name):
            if op == .assign {
                let valueType = type(of: value)
                let emitted = try emit(value)
                let declared = program.type(of: target)
                let slotType = isMemory(declared) ? declared : storageTypeForVariable(valueType)
                let slot = variableSlot(name, type: slotType)
                storeValue(emitted, type: valueType, into: slot, offset: 0, slotType: variables[name]!.type)
            } else {
                let slot = variableSlot(name, type: .int64)
                let pointer = LLVMBuildBitCast(b, slot, m.pointer(to: m.i64), "")!
                let old = LLVMBuildLoad2(b, m.i64, pointer, "")!
                let variableSigned = program.type(of: target).isSigned
                let signed = variableSigned && type(of: value).isSigned
                LLVMBuildStore(b, try combine(op, old, try emit(value), signed: signed, leftSigned: variableSigned), pointer)
            }
        default:
            throw unsupported("this assignment", target.range)
        }
    }

    /// `a op= c` as the binary operator it stands for.
    func combine(_ op: AssignOperator, _ a: LLVMValueRef, _ c: LLVMValueRef, signed: Bool, leftSigned: Bool) throws -> LLVMValueRef {
        let binary: BinaryOperator
        switch op {
        case .assign: return c
        case .add: binary = .add
        case .subtract: binary = .subtract
        case .multiply: binary = .multiply
        case .divide: binary = .divide
        case .modulo: binary = .modulo
        case .bitAnd: binary = .bitAnd
        case .bitOr: binary = .bitOr
        case .bitXor: binary = .bitXor
        case .shiftLeft: binary = .shiftLeft
        case .shiftRight: binary = .shiftRight
        }
        return try emitIntegerBinary(binary, a, c, signed: signed, leftSigned: leftSigned)
    }
}
