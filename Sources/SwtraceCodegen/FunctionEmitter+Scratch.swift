// The 512-byte BPF stack: a program whose slots (strings, tuples, keys, event fields) would
// not fit is emitted again with every slot in a per-CPU array map of its own instead. Each
// program has its own map, so programs nesting on one CPU (an NMI during a tracepoint) never
// share memory. Loop bodies emitted as callbacks (bpf_loop, bpf_for_each_map_elem) use the
// same map: they run on the caller's CPU, inside the caller's helper call.
import CLLVM
import SwtraceCore

/// The per-CPU memory one program (its probe function and loop callbacks) uses in place of
/// stack slots.
final class ScratchArea {
    let capacity: Int
    /// Bytes handed out so far, over the probe function and all its callbacks. Every slot has
    /// bytes of its own, never reused: a callback then cannot overwrite any value its caller
    /// holds while the callback runs, whichever caller slot that value is in.
    var used = 0
    /// Where the function being emitted addresses its slots from.
    var frame: ScratchFrame?
    private var builders: [LLVMBuilderRef] = []

    init(capacity: Int) { self.capacity = capacity }

    deinit { builders.forEach { LLVMDisposeBuilder($0) } }

    /// Opens the frame of `function`, whose scratch memory starts at `base`, with slots needed
    /// ahead of all code addressed just before `jump`.
    func openFrame(function: LLVMValueRef, base: LLVMValueRef, before jump: LLVMValueRef, context: LLVMContextRef) {
        let slotBuilder = LLVMCreateBuilderInContext(context)!
        LLVMPositionBuilderBefore(slotBuilder, jump)
        builders.append(slotBuilder)
        frame = ScratchFrame(function: function, base: base, slotBuilder: slotBuilder)
    }

    /// The largest per-CPU map value the kernel allocates.
    static let maximumCapacity = 32 * 1024
}

/// One function's view of the scratch memory: the map value's address in that function.
struct ScratchFrame {
    let function: LLVMValueRef
    let base: LLVMValueRef
    let slotBuilder: LLVMBuilderRef
}

extension FunctionEmitter {
    /// Stack bytes left for slots once LLVM's own spills are counted in.
    static let stackBudget = 384

    /// Emits the program; if its stack slots exceed the budget, emits it again with scratch memory.
    /// A callback's frame sits on top of its caller's on the one 512-byte stack, so the slots of
    /// the probe function and of all its callbacks count together.
    func emitWithinStackLimit() throws {
        let initialContext = context
        try emit()
        let size = ([function] + callbacks).reduce(0) { $0 + stackSlotBytes($1) }
        guard size > min(Self.stackBudget, context.options.stackBudget) else { return }
        guard size <= ScratchArea.maximumCapacity else {
            throw CodegenError.llvm("program \(name) needs \(size) bytes of memory for its values; at most \(ScratchArea.maximumCapacity) are available")
        }
        LLVMDeleteFunction(function)
        context = initialContext
        variables = [:]
        loops = []
        functionReturns = []
        callbacks = []
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
        returnsEightByteAligned(base)
        continueIf(LLVMBuildIsNotNull(b, base, "")!)
        scratch.used = 0
        openScratchFrame(base: base)
    }

    /// Tells LLVM that a helper call returns 8-byte aligned memory (a map value, a ring-buffer
    /// record). Every slot's offset in scratch memory is a multiple of 8, so copies between slots
    /// and records then move 8 bytes at a time; copies of unknown alignment move single bytes,
    /// and LLVM spilled hundreds of those onto the stack, past what a loop callback can use.
    func returnsEightByteAligned(_ call: LLVMValueRef) {
        let align = LLVMCreateEnumAttribute(m.context, LLVMGetEnumAttributeKindForName("align", 5), 8)
        LLVMAddCallSiteAttribute(call, LLVMAttributeIndex(LLVMAttributeReturnIndex), align)
    }

    /// Moves the code being emitted to a new block, so that the block left behind, which runs
    /// ahead of all of it, can compute the addresses of slots used from anywhere in `function`.
    func openScratchFrame(base: LLVMValueRef) {
        guard let scratch else { return }
        let code = appendBlock("body.code")
        let jump = LLVMBuildBr(b, code)!
        LLVMPositionBuilderAtEnd(b, code)
        scratch.openFrame(function: function, base: base, before: jump, context: m.context)
    }

    /// The address of scratch memory in the function being emitted, when the program uses it.
    var scratchBase: LLVMValueRef? {
        guard let frame = scratch?.frame, frame.function == function else { return nil }
        return frame.base
    }

    /// A slot in scratch memory, when this program uses it.
    /// A temporary's address is computed where it is needed: computed ahead of all code,
    /// dozens of them stay live at once and LLVM spills them onto the very stack scratch memory
    /// relieves. `atEntry` computes it there anyway, for slots used from code it may not dominate.
    func scratchSlot(_ size: Int, atEntry: Bool) -> LLVMValueRef? {
        guard let scratch, let frame = scratch.frame, frame.function == function else { return nil }
        let builder = atEntry ? frame.slotBuilder : b
        let offset = (scratch.used + 7) / 8 * 8
        guard offset + size <= scratch.capacity else { return nil }
        scratch.used = offset + size
        var index: [LLVMValueRef?] = [m.constant(UInt64(offset))]
        return LLVMBuildGEP2(builder, m.i8, frame.base, &index, 1, "scratch")!
    }
}
