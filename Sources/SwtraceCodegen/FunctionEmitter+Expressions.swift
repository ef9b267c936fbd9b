// Emission of expressions: literals, builtins, variables, operators, field access, casts, tuples.
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    func emit(_ expr: Expr) throws -> LLVMValueRef {
        switch expr.kind {
        case .integer(let value):
            return m.constant(value)
        case .boolean(let value):
            return m.constant(value ? 1 : 0)
        case .string(let text):
            return stringConstant(text)
        case .identifier(let name):
            if let value = program.recordAccesses.enumConstants[name] { return m.constant(value) }
            return try emitBuiltin(name, expr)
        case .variable(let name):
            let variable = variables[name] ?? unassignedVariable(name, type: type(of: expr))
            if isMemory(variable.type) { return variable.slot }
            return LLVMBuildLoad2(b, m.i64, LLVMBuildBitCast(b, variable.slot, m.pointer(to: m.i64), ""), name)
        case .positional(let index):
            let arguments = program.positionalArguments
            let text = index >= 1 && index <= arguments.count ? arguments[index - 1] : ""
            if case .string = type(of: expr) { return stringConstant(text) }
            return m.constant(signed: PositionalNumber.value(text) ?? 0)
        case .positionalCount:
            return m.constant(UInt64(program.positionalArguments.count))
        case .map(let name, let keys):
            return try emitMapRead("@" + name, keys, expr)
        case .call(let name, let arguments):
            if let function = userFunction(named: name) { return try emitUserCall(function, arguments, expr) }
            return try emitCall(name, arguments, expr)
        case .binary(let op, let left, let right):
            return try emitBinary(op, left, right, expr)
        case .unary(let op, let operand):
            if op == .dereference { return try emitRecordRead(expr) }
            let value = try emit(operand)
            switch op {
            case .logicalNot: return boolToInt(LLVMBuildNot(b, truth(value), ""))
            case .negate: return LLVMBuildNeg(b, value, "")
            case .bitNot: return LLVMBuildNot(b, value, "")
            case .dereference, .addressOf: throw unsupported("pointer '\(op.rawValue)'", expr.range)
            }
        case .increment(let kind, let target):
            return try emitIncrement(kind, target)
        case .ternary(let condition, let whenTrue, let whenFalse):
            return try emitTernary(condition, whenTrue, whenFalse, expr)
        case .field(let base, let name, _):
            if case .namedTuple = type(of: base) { return try emitNamedTupleField(base, name) }
            guard case .identifier("args") = base.kind else { return try emitRecordRead(expr) }
            return try emitTracepointField(name, expr)
        case .cast(_, let operand):
            if let array = try emitArrayCast(operand, expr) { return array }
            if type(of: expr) == .boolean { return try emitBooleanCast(operand) }
            let value = try emit(operand)
            return narrow(value, to: type(of: expr))
        case .tuple(let elements):
            guard case .tuple(let types) = type(of: expr) else { throw unsupported("tuple", expr.range) }
            return try emitTupleSlot(elements, types)
        case .namedTuple(_, let elements):
            guard case .namedTuple(_, let types) = type(of: expr) else { throw unsupported("named tuple", expr.range) }
            return try emitTupleSlot(elements, types)
        case .tupleElement(let base, let index):
            guard case .tuple(let types) = type(of: base) else { throw unsupported("tuple element", expr.range) }
            let tuple = try emit(base)
            let offset = RecordLayout(types).offsets[index]
            if isMemory(types[index]) { return address(tuple, offset: offset) }
            return loadValue(tuple, offset: offset, type: types[index])
        case .index(let base, let index):
            if case .tuple = type(of: base) { return try emitIndex(base, index, expr) }
            return try emitRecordRead(expr)
        case .sizeofType, .sizeofExpr, .offsetof: return emitRecordConstant(expr)
        case .block(let statements, let value):
            return try emitBlockExpression(statements, value)
        }
    }

    /// Keeps the low bits of an i64 for a narrower integer type, sign- or zero-extended back.
    func narrow(_ value: LLVMValueRef, to type: SwType) -> LLVMValueRef {
        guard case .integer(let bits, let signed) = type, bits < 64 else { return value }
        let truncated = LLVMBuildTrunc(b, value, m.integerType(bits: bits), "")
        return signed ? LLVMBuildSExt(b, truncated, m.i64, "")! : LLVMBuildZExt(b, truncated, m.i64, "")!
    }

    /// A string literal's bytes (exactly, UTF-8 or not: ByteText) and its terminator on the stack.
    func stringConstant(_ text: String) -> LLVMValueRef {
        let bytes = ByteText.bytes(of: text)
        let slot = stackSlot(bytes.count + 1, "str")
        let constant = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { LLVMConstStringInContext(m.context, $0.baseAddress, UInt32(bytes.count), 0)! }
        }
        let pointer = LLVMBuildBitCast(b, slot, m.pointer(to: LLVMTypeOf(constant)), "")
        LLVMBuildStore(b, constant, pointer)
        return slot
    }

    func emitBuiltin(_ name: String, _ expr: Expr) throws -> LLVMValueRef {
        switch name {
        case "pid": return LLVMBuildLShr(b, callHelper(.getCurrentPidTgid, []), m.constant(32), "pid")
        case "tid": return LLVMBuildAnd(b, callHelper(.getCurrentPidTgid, []), m.constant(0xffff_ffff), "tid")
        case "uid": return LLVMBuildAnd(b, callHelper(.getCurrentUidGid, []), m.constant(0xffff_ffff), "uid")
        case "gid": return LLVMBuildLShr(b, callHelper(.getCurrentUidGid, []), m.constant(32), "gid")
        // bpftrace's nsecs counts time suspended too (CLOCK_BOOTTIME); nsecs(monotonic) does not.
        case "nsecs": return callHelper(.ktimeGetBootNs, [])
        case "cpu": return LLVMBuildAnd(b, callHelper(.getSmpProcessorId, []), m.constant(0xffff_ffff), "cpu")
        case "numaid": return LLVMBuildAnd(b, callHelper(.getNumaNodeId, []), m.constant(0xffff_ffff), "numaid")
        case "rand": return LLVMBuildAnd(b, callHelper(.getPrandomU32, []), m.constant(0xffff_ffff), "rand")
        case "jiffies": return callHelper(.jiffies64, [])
        case "cgroup": return callHelper(.getCurrentCgroupId, [])
        case "curtask": return callHelper(.getCurrentTask, [])
        case "ncpus": return m.constant(UInt64(context.options.possibleCPUs))
        case "cpid": return m.constant(UInt64(context.options.childPid ?? 0))
        case "comm":
            let slot = stackSlot(16, "comm")
            zero(slot, size: 16)
            callHelper(.getCurrentComm, [slot, LLVMConstInt(m.i32, 16, 0)])
            return slot
        case "probe":
            guard let attachPoint else { throw unsupported("probe in a shared program", expr.range) }
            return m.constant(context.probeID(attachPoint.probeName))
        default:
            if let value = try emitProbeArgument(name, expr) { return value }
            if let value = try emitStdlibBuiltin(name, expr) { return value }
            throw unsupported("the builtin '\(name)'", expr.range)
        }
    }

    func emitBinary(_ op: BinaryOperator, _ left: Expr, _ right: Expr, _ expr: Expr) throws -> LLVMValueRef {
        if op == .logicalAnd || op == .logicalOr { return try emitLogical(op, left, right) }
        if op == .add, let text = PositionalOffset.text(left, right, arguments: program.positionalArguments) { return stringConstant(text) }
        let leftType = type(of: left), rightType = type(of: right)
        if let equality = try emitCompositeComparison(op, left, right) { return equality }
        if (op == .equal || op == .notEqual) && isMemory(leftType) && isMemory(rightType) {
            let equal = compareStrings(try emit(left), leftType.byteSize, try emit(right), rightType.byteSize)
            return op == .equal ? equal : LLVMBuildXor(b, equal, m.constant(1), "")
        }
        if case .pointer = type(of: expr) { return try emitPointerArithmetic(op, left, right) }
        let a = try emit(left), c = try emit(right)
        let signed = leftType.isSigned && rightType.isSigned
        // Integer results narrower than 64 bits wrap at their width, as in C.
        return narrow(try emitIntegerBinary(op, a, c, signed: signed, leftSigned: leftType.isSigned, at: expr), to: type(of: expr))
    }

    /// `at`: where a division by zero is reported.
    func emitIntegerBinary(_ op: BinaryOperator, _ a: LLVMValueRef, _ c: LLVMValueRef, signed: Bool, leftSigned: Bool,
                           at location: Expr? = nil) throws -> LLVMValueRef {
        switch op {
        case .add: return LLVMBuildAdd(b, a, c, "")
        case .subtract: return LLVMBuildSub(b, a, c, "")
        case .multiply: return LLVMBuildMul(b, a, c, "")
        case .divide, .modulo:
            // As bpftrace (>= 0.24): x / 0 and x % 0 are 1, with a run-time warning where a
            // divisor can be 0 (LLVM would treat a zero divisor as undefined).
            let isZero = LLVMBuildICmp(b, LLVMIntEQ, c, m.constant(0), "")!
            if let location, LLVMIsAConstantInt(c) == nil { warnDivisionByZero(isZero, location) }
            let divisor = LLVMBuildSelect(b, isZero, m.constant(1), c, "")!
            let remainder = op == .modulo
            let result = signed ? signedDivision(a, divisor, remainder: remainder)
                : (remainder ? LLVMBuildURem(b, a, divisor, "")! : LLVMBuildUDiv(b, a, divisor, "")!)
            return LLVMBuildSelect(b, isZero, m.constant(1), result, "")
        case .bitAnd: return LLVMBuildAnd(b, a, c, "")
        case .bitOr: return LLVMBuildOr(b, a, c, "")
        case .bitXor: return LLVMBuildXor(b, a, c, "")
        // Shift counts wrap at 64 as BPF's do (LLVM would make larger ones undefined).
        case .shiftLeft: return LLVMBuildShl(b, a, LLVMBuildAnd(b, c, m.constant(63), ""), "")
        case .shiftRight:
            let count = LLVMBuildAnd(b, c, m.constant(63), "")
            return leftSigned ? LLVMBuildAShr(b, a, count, "") : LLVMBuildLShr(b, a, count, "")
        case .equal: return boolToInt(LLVMBuildICmp(b, LLVMIntEQ, a, c, ""))
        case .notEqual: return boolToInt(LLVMBuildICmp(b, LLVMIntNE, a, c, ""))
        case .less: return boolToInt(LLVMBuildICmp(b, signed ? LLVMIntSLT : LLVMIntULT, a, c, ""))
        case .lessEqual: return boolToInt(LLVMBuildICmp(b, signed ? LLVMIntSLE : LLVMIntULE, a, c, ""))
        case .greater: return boolToInt(LLVMBuildICmp(b, signed ? LLVMIntSGT : LLVMIntUGT, a, c, ""))
        case .greaterEqual: return boolToInt(LLVMBuildICmp(b, signed ? LLVMIntSGE : LLVMIntUGE, a, c, ""))
        case .logicalAnd, .logicalOr: return boolToInt(LLVMBuildAnd(b, truth(a), truth(c), ""))
        }
    }

    /// BPF has no signed division: divide magnitudes and fix the sign (C semantics, truncation).
    func signedDivision(_ a: LLVMValueRef, _ c: LLVMValueRef, remainder: Bool) -> LLVMValueRef {
        let zero = m.constant(0)
        let aNegative = LLVMBuildICmp(b, LLVMIntSLT, a, zero, "")!
        let cNegative = LLVMBuildICmp(b, LLVMIntSLT, c, zero, "")!
        let aMagnitude = LLVMBuildSelect(b, aNegative, LLVMBuildNeg(b, a, ""), a, "")
        let cMagnitude = LLVMBuildSelect(b, cNegative, LLVMBuildNeg(b, c, ""), c, "")
        if remainder {
            let result = LLVMBuildURem(b, aMagnitude, cMagnitude, "")
            return LLVMBuildSelect(b, aNegative, LLVMBuildNeg(b, result, ""), result, "")
        }
        let quotient = LLVMBuildUDiv(b, aMagnitude, cMagnitude, "")
        let negative = LLVMBuildXor(b, aNegative, cNegative, "")
        return LLVMBuildSelect(b, negative, LLVMBuildNeg(b, quotient, ""), quotient, "")
    }

    func emitLogical(_ op: BinaryOperator, _ left: Expr, _ right: Expr) throws -> LLVMValueRef {
        let leftValue = truth(try emit(left))
        let start = currentBlock
        let rightBlock = appendBlock("rhs"), done = appendBlock("logic.done")
        if op == .logicalAnd { LLVMBuildCondBr(b, leftValue, rightBlock, done) }
        else { LLVMBuildCondBr(b, leftValue, done, rightBlock) }
        LLVMPositionBuilderAtEnd(b, rightBlock)
        let rightValue = truth(try emit(right))
        let rightEnd = currentBlock
        LLVMBuildBr(b, done)
        LLVMPositionBuilderAtEnd(b, done)
        let shortCircuit = LLVMConstInt(m.i1, op == .logicalAnd ? 0 : 1, 0)!
        return boolToInt(phi(m.i1, [(shortCircuit, start), (rightValue, rightEnd)]))
    }

    /// Compares NUL-terminated strings in buffers of the given sizes; returns i64 1 when equal.
    func compareStrings(_ a: LLVMValueRef, _ aSize: Int, _ c: LLVMValueRef, _ cSize: Int) -> LLVMValueRef {
        let count = min(aSize, cSize)
        let equal = appendBlock("str.equal"), different = appendBlock("str.different"), done = appendBlock("str.done")
        for index in 0..<count {
            let x = loadInteger(a, offset: index, bits: 8, signed: false)
            let y = loadInteger(c, offset: index, bits: 8, signed: false)
            let same = appendBlock("str.same")
            LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, x, y, ""), same, different)
            LLVMPositionBuilderAtEnd(b, same)
            let next = appendBlock("str.next")
            LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, x, m.constant(0), ""), equal, next)
            LLVMPositionBuilderAtEnd(b, next)
        }
        if aSize == cSize {
            LLVMBuildBr(b, equal)
        } else {
            let longer = aSize > cSize ? a : c
            let terminator = loadInteger(longer, offset: count, bits: 8, signed: false)
            LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, terminator, m.constant(0), ""), equal, different)
        }
        LLVMPositionBuilderAtEnd(b, equal)
        LLVMBuildBr(b, done)
        LLVMPositionBuilderAtEnd(b, different)
        LLVMBuildBr(b, done)
        LLVMPositionBuilderAtEnd(b, done)
        return phi(m.i64, [(m.constant(1), equal), (m.constant(0), different)])
    }

    func emitTernary(_ condition: Expr, _ whenTrue: Expr, _ whenFalse: Expr, _ expr: Expr) throws -> LLVMValueRef {
        let resultType = type(of: expr)
        let test = truth(try emit(condition))
        let yes = appendBlock("tern.true"), no = appendBlock("tern.false"), done = appendBlock("tern.done")
        LLVMBuildCondBr(b, test, yes, no)
        if isMemory(resultType) {
            let slot = stackSlot(resultType.byteSize, "tern")
            for (block, branch) in [(yes, whenTrue), (no, whenFalse)] {
                LLVMPositionBuilderAtEnd(b, block)
                storeValue(try emit(branch), type: type(of: branch), into: slot, offset: 0, slotType: resultType)
                LLVMBuildBr(b, done)
            }
            LLVMPositionBuilderAtEnd(b, done)
            return slot
        }
        LLVMPositionBuilderAtEnd(b, yes)
        let yesValue = try emit(whenTrue)
        let yesEnd = currentBlock
        LLVMBuildBr(b, done)
        LLVMPositionBuilderAtEnd(b, no)
        let noValue = try emit(whenFalse)
        let noEnd = currentBlock
        LLVMBuildBr(b, done)
        LLVMPositionBuilderAtEnd(b, done)
        return phi(m.i64, [(yesValue, yesEnd), (noValue, noEnd)])
    }

    func emitIncrement(_ kind: IncrementKind, _ target: Expr) throws -> LLVMValueRef {
        let delta: Int64 = (kind == .preIncrement || kind == .postIncrement) ? 1 : -1
        let returnsOld = kind == .postIncrement || kind == .postDecrement
        switch target.kind {
        case .variable(let name):
            let slot = variableSlot(name, type: .int64)
            let pointer = LLVMBuildBitCast(b, slot, m.pointer(to: m.i64), "")
            let old = LLVMBuildLoad2(b, m.i64, pointer, "")!
            let new = LLVMBuildAdd(b, old, m.constant(signed: delta * pointerStep(type(of: target))), "")!
            LLVMBuildStore(b, new, pointer)
            return returnsOld ? old : new
        case .map(let name, let keys):
            let (old, new) = try updateMapInteger("@" + name, keys) { LLVMBuildAdd(self.b, $0, self.m.constant(signed: delta), "")! }
            return returnsOld ? old : new
        default:
            throw unsupported("this increment", target.range)
        }
    }
}

/// x86-64 `struct pt_regs` offsets for kprobe/uprobe arguments and return values.
enum PtRegs {
    static let ax = 80
    static let arguments = [112, 104, 96, 88, 72, 64] // di, si, dx, cx, r8, r9
}
