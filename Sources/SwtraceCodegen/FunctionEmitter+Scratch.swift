// The 512-byte BPF stack: a program whose slots (strings, tuples, keys, event fields) would
// not fit is emitted again with every slot in a per-CPU array map of its own instead. Each
// program has its own map, so programs nesting on one CPU (an NMI during a tracepoint) never
// share memory.
import CLLVM
import SwtraceCore

/// The per-CPU memory one program uses in place of stack slots.
final class ScratchArea {
    let capacity: Int
    var function: LLVMValueRef?
    var base: LLVMValueRef?
    var slotBuilder: LLVMBuilderRef?
    var used = 0

    init(capacity: Int) { self.capacity = capacity }

    deinit { if let slotBuilder { LLVMDisposeBuilder(slotBuilder) } }

    /// The largest per-CPU map value the kernel allocates.
    static let maximumCapacity = 32 * 1024
}

extension FunctionEmitter {
    /// Stack bytes left for slots once LLVM's own spills are counted in.
    static let stackBudget = 384

    /// Emits the program; if its stack slots exceed the budget, emits it again with scratch memory.
    func emitWithinStackLimit() throws {
        let initialContext = context
        try emit()
        let size = stackSlotBytes(function)
        guard size > min(Self.stackBudget, context.options.stackBudget) else { return }
        guard size <= ScratchArea.maximumCapacity else {
            throw CodegenError.llvm("program \(name) needs \(size) bytes of memory for its values; at most \(ScratchArea.maximumCapacity) are available")
        }
        LLVMDeleteFunction(function)
        context = initialContext
        variables = [:]
        loops = []
        functionReturns = []
        scratch = ScratchArea(capacity: (size + 7) / 8 * 8)
        try emit()
    }

    /// Bytes of the fixed-size allocas in a function's entry block.
    func stackSlotBytes(_ function: LLVMValueRef) -> Int {
        guard let entry = LLVMGetFirstBasicBlock(function) else { return 0 }
        var total = 0
        var instruction = LLVMGetFirstInstruction(entry)
        while let current = instruction {
            if LLVMIsAAllocaInst(current) != nil, let type = LLVMGetAllocatedType(current) {
                let bytes = LLVMGetTypeKind(type) == LLVMArrayTypeKind ? Int(LLVMGetArrayLength(type)) : 8
                total += (bytes + 7) / 8 * 8
            }
            instruction = LLVMGetNextInstruction(current)
        }
        return total
    }

    /// At the start of the body: finds this program's scratch memory (leaving if the map has
    /// none) and opens the block where every slot's address is computed, ahead of all code.
    func prepareScratch() {
        guard let scratch else { return }
        let map = defineMapGlobal(name: "scratch_" + name, fields: [
            ("type", BPFMapType.percpuArray.rawValue), ("max_entries", 1),
            ("key_size", 4), ("value_size", scratch.capacity),
        ])
        let keyType = m.arrayType(m.i8, 4)
        let keySlot = LLVMBuildBitCast(allocaBuilder, LLVMBuildAlloca(allocaBuilder, keyType, "scratch.key")!, m.i8Pointer, "")!
        storeInteger(m.constant(0), keySlot, offset: 0, bits: 32)
        let base = callHelper(.mapLookupElem, [mapPointer(map), keySlot], returning: m.i8Pointer)
        continueIf(LLVMBuildIsNotNull(b, base, "")!)
        let code = appendBlock("body.code")
        let jump = LLVMBuildBr(b, code)!
        let slotBuilder = LLVMCreateBuilderInContext(m.context)!
        LLVMPositionBuilderBefore(slotBuilder, jump)
        LLVMPositionBuilderAtEnd(b, code)
        scratch.function = function
        scratch.base = base
        scratch.slotBuilder = slotBuilder
        scratch.used = 0
    }

    /// A slot in scratch memory, when this program uses it (never in loop callbacks, which
    /// are functions of their own).
    /// A temporary's address is computed where it is needed: computed ahead of all code,
    /// dozens of them stay live at once and LLVM spills them onto the very stack scratch memory
    /// relieves. `atEntry` computes it there anyway, for slots used from code it may not dominate.
    func scratchSlot(_ size: Int, atEntry: Bool) -> LLVMValueRef? {
        guard let scratch, let base = scratch.base, let slotBuilder = scratch.slotBuilder,
              scratch.function == function else { return nil }
        let builder = atEntry ? slotBuilder : b
        let offset = (scratch.used + 7) / 8 * 8
        guard offset + size <= scratch.capacity else { return nil }
        scratch.used = offset + size
        var index: [LLVMValueRef?] = [m.constant(UInt64(offset))]
        return LLVMBuildGEP2(builder, m.i8, base, &index, 1, "scratch")!
    }
}
