// Emits one BPF program function for a probe block: pid filter, predicate, statements.
// Expressions, calls, maps and statements are emitted by the extensions in the
// FunctionEmitter+*.swift files. Integer-like values are i64; strings, tuples and other
// aggregates are i8* pointers to stack memory of their type's size.
import CLLVM
import SwtraceCore

final class FunctionEmitter {
    let m: LLVMModule
    let debugInfo: DebugInfo
    var context: EmissionContext
    let probe: CheckedProbe
    /// The attach point this function serves alone, when its code depends on it.
    let attachPoint: ResolvedAttachPoint?
    let programKind: BPFProgramKind
    let name: String

    var function: LLVMValueRef!
    var ctx: LLVMValueRef!
    var entryBlock: LLVMBasicBlockRef!
    let allocaBuilder: LLVMBuilderRef
    var variables: [String: (slot: LLVMValueRef, type: SwType)] = [:]
    var loops: [(exit: LLVMBasicBlockRef, next: LLVMBasicBlockRef)] = []
    /// Inlined user functions being emitted: where `return` stores its value and jumps.
    var functionReturns: [(slot: LLVMValueRef, type: SwType, exit: LLVMBasicBlockRef)] = []
    /// Number of loop callbacks emitted so far, to name them uniquely.
    var callbackCount = 0
    /// The loop callbacks of the current emission: their stack counts with the program's.
    var callbacks: [LLVMValueRef] = []
    /// Per-CPU map memory used instead of the stack when the program's slots outgrow it.
    var scratch: ScratchArea?

    var b: LLVMBuilderRef { m.builder }
    var program: CheckedProgram { context.program }

    init(module: LLVMModule, debugInfo: DebugInfo, context: EmissionContext, probe: CheckedProbe,
         attachPoint: ResolvedAttachPoint?, programKind: BPFProgramKind, name: String) {
        self.m = module; self.debugInfo = debugInfo; self.context = context; self.probe = probe
        self.attachPoint = attachPoint; self.programKind = programKind; self.name = name
        self.allocaBuilder = LLVMCreateBuilderInContext(module.context)
    }

    deinit { LLVMDisposeBuilder(allocaBuilder) }

    /// Adds this program's function (section `swtrace/NAME`, one `ctx` parameter) and points the
    /// alloca builder at its debug location.
    func beginProgramFunction() {
        function = LLVMAddFunction(m.module, name, m.functionType(m.i32, [m.i8Pointer]))
        LLVMSetSection(function, "swtrace/" + name)
        LLVMSetLinkage(function, LLVMExternalLinkage)
        let noUnwind = LLVMGetEnumAttributeKindForName("nounwind", 8)
        LLVMAddAttributeAtIndex(function, LLVMAttributeIndex(bitPattern: Int32(LLVMAttributeFunctionIndex)),
                                LLVMCreateEnumAttribute(m.context, noUnwind, 0))
        ctx = LLVMGetParam(function, 0)
        LLVMSetValueName2(ctx, "ctx", 3)
        LLVMSetCurrentDebugLocation2(allocaBuilder, debugInfo.describeFunction(function, name: name))
    }

    func emit() throws {
        beginProgramFunction()

        entryBlock = LLVMAppendBasicBlockInContext(m.context, function, "entry")
        let body = LLVMAppendBasicBlockInContext(m.context, function, "body")
        LLVMPositionBuilderAtEnd(allocaBuilder, entryBlock)
        LLVMPositionBuilderAtEnd(b, body)
        prepareScratch()
        emitIteratorEnd()

        if probe.filtersByPid, let pid = program.pidFilter {
            let current = LLVMBuildLShr(b, callHelper(.getCurrentPidTgid, []), m.constant(32), "pid")
            continueIf(LLVMBuildICmp(b, LLVMIntEQ, current, m.constant(UInt64(pid)), "")!)
        }
        if let predicate = probe.probe.predicate {
            continueIf(truth(try emit(predicate)))
        }
        try emit(probe.probe.body)
        returnZero()
        LLVMBuildBr(allocaBuilder, body)
    }

    // MARK: Control flow

    var currentBlock: LLVMBasicBlockRef { LLVMGetInsertBlock(b) }

    func appendBlock(_ label: String) -> LLVMBasicBlockRef {
        LLVMAppendBasicBlockInContext(m.context, function, label)
    }

    var isTerminated: Bool { LLVMGetBasicBlockTerminator(currentBlock) != nil }

    /// Returns 0 from the program if the current block is still open. Inside a map-loop
    /// callback this returns 1 instead, which ends the iteration.
    func returnZero() {
        guard !isTerminated else { return }
        let resultType = LLVMGetReturnType(LLVMGlobalGetValueType(function))!
        if resultType == m.i32 { LLVMBuildRet(b, LLVMConstInt(m.i32, 0, 0)) }
        else { LLVMBuildRet(b, LLVMConstInt(resultType, 1, 0)) }
    }

    /// Leaves the program unless `condition` (i1) holds.
    func continueIf(_ condition: LLVMValueRef) {
        let proceed = appendBlock("proceed"), leave = appendBlock("leave")
        LLVMBuildCondBr(b, condition, proceed, leave)
        LLVMPositionBuilderAtEnd(b, leave)
        returnZero()
        LLVMPositionBuilderAtEnd(b, proceed)
    }

    /// After a return/break/continue, later statements go to a block nothing jumps to.
    func startUnreachableCode() {
        LLVMPositionBuilderAtEnd(b, appendBlock("after"))
    }

    func branch(to block: LLVMBasicBlockRef) {
        if !isTerminated { LLVMBuildBr(b, block) }
    }

    /// i1 truth value of an integer-like i64.
    func truth(_ value: LLVMValueRef) -> LLVMValueRef {
        LLVMBuildICmp(b, LLVMIntNE, value, LLVMConstNull(LLVMTypeOf(value)), "")
    }

    func boolToInt(_ value: LLVMValueRef) -> LLVMValueRef {
        LLVMBuildZExt(b, value, m.i64, "")
    }

    func phi(_ type: LLVMTypeRef, _ incoming: [(LLVMValueRef, LLVMBasicBlockRef)]) -> LLVMValueRef {
        let node = LLVMBuildPhi(b, type, "")!
        var values: [LLVMValueRef?] = incoming.map(\.0)
        var blocks: [LLVMBasicBlockRef?] = incoming.map(\.1)
        LLVMAddIncoming(node, &values, &blocks, UInt32(incoming.count))
        return node
    }

    // MARK: Memory

    /// A zero-cost stack slot of `size` bytes, allocated once in the entry block.
    /// `longLived`: the slot is used beyond the code that creates it (a variable's slot).
    func stackSlot(_ size: Int, _ label: String = "slot", longLived: Bool = false) -> LLVMValueRef {
        if let slot = scratchSlot(size, atEntry: longLived) { return slot }
        return registerStackSlot(size, label)
    }

    /// A slot always on the BPF stack, even when other slots live in scratch memory: the
    /// verifier tracks values there exactly (loop counters stay bounded) and lets pointers be
    /// stored there (map memory refuses them).
    func registerStackSlot(_ size: Int, _ label: String = "slot") -> LLVMValueRef {
        let type = m.arrayType(m.i8, max(size, 1))
        let slot = LLVMBuildAlloca(allocaBuilder, type, label)!
        LLVMSetAlignment(slot, 8)
        return LLVMBuildBitCast(allocaBuilder, slot, m.i8Pointer, "")
    }

    func address(_ base: LLVMValueRef, offset: Int) -> LLVMValueRef {
        if offset == 0 { return base }
        var index: [LLVMValueRef?] = [m.constant(UInt64(offset))]
        return LLVMBuildGEP2(b, m.i8, base, &index, 1, "")
    }

    /// The BPF backend expands memset/memcpy into stores only up to a limit (128 stores) and
    /// cannot call the library functions: larger blocks are handled in pieces it can expand.
    static let bulkChunk = 128

    func zero(_ pointer: LLVMValueRef, size: Int) {
        for start in stride(from: 0, to: size, by: Self.bulkChunk) {
            LLVMBuildMemSet(b, address(pointer, offset: start), LLVMConstInt(m.i8, 0, 0),
                            m.constant(UInt64(min(Self.bulkChunk, size - start))), start % 8 == 0 ? 8 : 1)
        }
    }

    /// `alignment`: what both pointers are known to be aligned to. With 1 the BPF backend copies
    /// byte by byte; callers that know better say so (fewer instructions, fewer verifier states).
    func copy(to destination: LLVMValueRef, from source: LLVMValueRef, size: Int, alignment: UInt32 = 1) {
        for start in stride(from: 0, to: size, by: Self.bulkChunk) {
            LLVMBuildMemCpy(b, address(destination, offset: start), alignment, address(source, offset: start), alignment,
                            m.constant(UInt64(min(Self.bulkChunk, size - start))))
        }
    }

    /// Loads an integer of `bits` at `base + offset`, widened to i64.
    func loadInteger(_ base: LLVMValueRef, offset: Int, bits: Int, signed: Bool) -> LLVMValueRef {
        let type = m.integerType(bits: bits)
        let pointer = LLVMBuildBitCast(b, address(base, offset: offset), m.pointer(to: type), "")
        let value = LLVMBuildLoad2(b, type, pointer, "")!
        if bits == 64 { return value }
        return signed ? LLVMBuildSExt(b, value, m.i64, "")! : LLVMBuildZExt(b, value, m.i64, "")!
    }

    func storeInteger(_ value: LLVMValueRef, _ base: LLVMValueRef, offset: Int, bits: Int = 64) {
        let type = m.integerType(bits: bits)
        let narrowed = bits == 64 ? value : LLVMBuildTrunc(b, value, type, "")!
        let pointer = LLVMBuildBitCast(b, address(base, offset: offset), m.pointer(to: type), "")
        LLVMBuildStore(b, narrowed, pointer)
    }

    /// Stores a value of `type` (as emitted) into memory laid out for `slotType`.
    func storeValue(_ value: LLVMValueRef, type: SwType, into base: LLVMValueRef, offset: Int, slotType: SwType) {
        if storeTupleFields(value, type: type, into: base, offset: offset, slotType: slotType) { return }
        if isMemory(slotType) {
            let slotSize = slotType.byteSize
            if isMemory(type) {
                let size = min(type.byteSize, slotSize)
                if size < slotSize { zero(address(base, offset: offset), size: slotSize) }
                copy(to: address(base, offset: offset), from: value, size: size)
            } else {
                zero(address(base, offset: offset), size: slotSize)
            }
        } else {
            storeInteger(isMemory(type) ? m.constant(0) : value, base, offset: offset, bits: max(8, min(64, slotType.byteSize * 8)))
        }
    }

    /// Loads a value of `type` from memory: integers as i64, aggregates as a pointer to a copy.
    func loadValue(_ base: LLVMValueRef, offset: Int, type: SwType) -> LLVMValueRef {
        if isMemory(type) {
            let slot = stackSlot(type.byteSize)
            copy(to: slot, from: address(base, offset: offset), size: type.byteSize)
            return slot
        }
        return loadInteger(base, offset: offset, bits: max(8, min(64, type.byteSize * 8)), signed: type.isSigned)
    }

    func isMemory(_ type: SwType) -> Bool {
        switch type {
        case .string, .buffer, .tuple, .namedTuple, .record, .array: return true
        case .formatted(let format): return format.isMemory
        default: return false
        }
    }

    // MARK: Helpers

    @discardableResult
    func callHelper(_ helper: BPFHelper, _ arguments: [LLVMValueRef], returning: LLVMTypeRef? = nil) -> LLVMValueRef {
        let argumentTypes = arguments.map { LLVMTypeOf($0)! }
        let type = m.functionType(returning ?? m.i64, argumentTypes)
        let callee = LLVMConstIntToPtr(m.constant(helper.rawValue), m.pointer(to: type))
        var values: [LLVMValueRef?] = arguments
        return LLVMBuildCall2(b, type, callee, &values, UInt32(arguments.count), "")
    }

    func mapPointer(_ global: LLVMValueRef) -> LLVMValueRef {
        LLVMBuildBitCast(b, global, m.i8Pointer, "")
    }

    func type(of expr: Expr) -> SwType { program.type(of: expr) }

    func unsupported(_ what: String, _ range: SourceRange) -> CodegenError {
        .unsupported(what, describe(range))
    }

    /// An error for a use the kernel would refuse when loading the program.
    func refused(_ message: String, _ range: SourceRange) -> CodegenError {
        .refused(message, describe(range))
    }

    private func describe(_ range: SourceRange) -> SourceRangeDescription {
        let location = program.source.location(of: range.start)
        return SourceRangeDescription(text: "\(program.source.name):\(location.line):\(location.column)", range: range)
    }
}
