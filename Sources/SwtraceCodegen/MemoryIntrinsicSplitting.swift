// The BPF backend writes llvm.memset/llvm.memcpy out as single loads and stores, at most 128 of
// them per call, and cannot call the library functions instead. Emission keeps every call within
// that, but the optimiser merges neighbouring zeroings (adjacent slots of scratch memory, the
// pieces of one big slot) into calls the backend then refuses ("A call to built-in function
// 'memset' is not supported"). After optimisation such calls are split again.
import CLLVM

enum MemoryIntrinsicSplitting {
    /// Stores per piece: below the backend's 128, whatever the tail of a piece needs.
    static let storesPerPiece = 100

    /// Returns whether any call was split.
    @discardableResult
    static func split(_ module: LLVMModule) -> Bool {
        var oversized: [LLVMValueRef] = []
        var function = LLVMGetFirstFunction(module.module)
        while let current = function {
            var block = LLVMGetFirstBasicBlock(current)
            while let currentBlock = block {
                var instruction = LLVMGetFirstInstruction(currentBlock)
                while let call = instruction {
                    if pieces(of: call) != nil { oversized.append(call) }
                    instruction = LLVMGetNextInstruction(call)
                }
                block = LLVMGetNextBasicBlock(currentBlock)
            }
            function = LLVMGetNextFunction(current)
        }
        guard !oversized.isEmpty else { return false }
        let builder = LLVMCreateBuilderInContext(module.context)!
        defer { LLVMDisposeBuilder(builder) }
        for call in oversized { rewrite(call, module: module, builder: builder) }
        return true
    }

    private enum Kind { case set, copy }

    /// The kind, length and alignment of a memset/memcpy too long for one call; nil otherwise.
    private static func pieces(of instruction: LLVMValueRef) -> (kind: Kind, length: Int, width: Int)? {
        guard LLVMIsACallInst(instruction) != nil, let callee = LLVMGetCalledValue(instruction),
              LLVMIsAFunction(callee) != nil else { return nil }
        var nameLength = 0
        guard let namePointer = LLVMGetValueName2(callee, &nameLength) else { return nil }
        let name = String(cString: namePointer)
        let kind: Kind
        if name.hasPrefix("llvm.memset.") { kind = .set } else if name.hasPrefix("llvm.memcpy.") { kind = .copy } else { return nil }
        guard let lengthValue = LLVMGetOperand(instruction, 2), LLVMIsAConstantInt(lengthValue) != nil else { return nil }
        let length = Int(LLVMConstIntGetZExtValue(lengthValue))
        var alignment = parameterAlignment(instruction, index: 1)
        if kind == .copy { alignment = min(alignment, parameterAlignment(instruction, index: 2)) }
        // The backend's stores are at most 8 bytes wide, of the pointers' alignment.
        let width = min(max(alignment, 1), 8)
        guard length > storesPerPiece * width else { return nil }
        return (kind, length, width)
    }

    /// The `align` attribute of a call's parameter (1-based), 1 when it has none.
    private static func parameterAlignment(_ call: LLVMValueRef, index: UInt32) -> Int {
        let kind = LLVMGetEnumAttributeKindForName("align", 5)
        guard let attribute = LLVMGetCallSiteEnumAttribute(call, index, kind) else { return 1 }
        return Int(LLVMGetEnumAttributeValue(attribute))
    }

    private static func rewrite(_ call: LLVMValueRef, module: LLVMModule, builder: LLVMBuilderRef) {
        guard let (kind, length, width) = pieces(of: call) else { return }
        LLVMPositionBuilderBefore(builder, call)
        let location = LLVMInstructionGetDebugLoc(call)
        let destination = LLVMGetOperand(call, 0)!, second = LLVMGetOperand(call, 1)!
        // Pieces are addressed as bytes: calls on other pointer types are left to the backend.
        guard LLVMTypeOf(destination) == module.i8Pointer, kind == .set || LLVMTypeOf(second) == module.i8Pointer else { return }
        let pieceLength = storesPerPiece * width
        for start in stride(from: 0, to: length, by: pieceLength) {
            func at(_ base: LLVMValueRef) -> LLVMValueRef {
                var index: [LLVMValueRef?] = [module.constant(UInt64(start))]
                return start == 0 ? base : LLVMBuildGEP2(builder, module.i8, base, &index, 1, "")!
            }
            let size = module.constant(UInt64(min(pieceLength, length - start)))
            let piece = kind == .set
                ? LLVMBuildMemSet(builder, at(destination), second, size, UInt32(width))!
                : LLVMBuildMemCpy(builder, at(destination), UInt32(width), at(second), UInt32(width), size)!
            if let location { LLVMInstructionSetDebugLoc(piece, location) }
        }
        LLVMInstructionEraseFromParent(call)
    }
}
