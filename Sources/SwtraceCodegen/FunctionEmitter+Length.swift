// Emission of len(): the elements of a map (bpf_for_each_map_elem returns how many it visited,
// so its callback does nothing but continue) and the frames of a stack (bpf_get_stack returns
// the bytes it wrote, 8 per frame).
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    static let getStackHelper: UInt64 = 67

    func emitLength(_ argument: Expr, _ expr: Expr) throws -> LLVMValueRef {
        if case .map(let mapName, let keys) = argument.kind, keys.isEmpty {
            let visited = callHelper(id: Self.forEachMapElementHelper, [
                mapGlobal("@" + mapName), LLVMBuildBitCast(b, continuingCallback(), m.i8Pointer, "")!,
                LLVMConstNull(m.i8Pointer), m.constant(0),
            ])
            return visited
        }
        var kernel = true
        var arguments: [Expr] = []
        switch argument.kind {
        case .identifier(let name): kernel = name == "kstack"
        case .call(let name, let callArguments): kernel = name == "kstack"; arguments = callArguments
        default: throw unsupported("len() of a stack not taken in the call", expr.range)
        }
        var depth = StackReference.defaultDepth
        for case .integer(let value) in arguments.map(\.kind) { depth = Int(clamping: value) }
        let buffer = stackSlot(depth * 8, "len_stack")
        let bytes = callHelper(id: Self.getStackHelper, [
            ctx, buffer, m.constant(UInt64(depth * 8)), m.constant(kernel ? 0 : bpfUserStackFlag),
        ])
        // A negative return is an error: no frames.
        let failed = LLVMBuildICmp(b, LLVMIntSLT, bytes, m.constant(0), "")!
        return LLVMBuildSelect(b, failed, m.constant(0), LLVMBuildLShr(b, bytes, m.constant(3), "")!, "frames")!
    }

    /// `long swtrace_continue(void *map, void *key, void *value, void *ctx) { return 0; }`,
    /// defined once per module with the BTF the verifier needs for a callback.
    private func continuingCallback() -> LLVMValueRef {
        let name = "swtrace_continue"
        if let existing = LLVMGetNamedFunction(m.module, name) { return existing }
        let callback = LLVMAddFunction(m.module, name, m.functionType(m.i64, Array(repeating: m.i8Pointer, count: 4)))!
        LLVMSetLinkage(callback, LLVMInternalLinkage)
        let builder = debugInfo.builder
        let long = LLVMDIBuilderCreateBasicType(builder, "long", 4, 64, 5 /* DW_ATE_signed */, LLVMDIFlagZero)
        let pointer = LLVMDIBuilderCreatePointerType(builder, nil, 64, 64, 0, "", 0)
        var types: [LLVMMetadataRef?] = [long, pointer, pointer, pointer, pointer]
        let subroutine = LLVMDIBuilderCreateSubroutineType(builder, debugInfo.file, &types, UInt32(types.count), LLVMDIFlagZero)
        let subprogram = LLVMDIBuilderCreateFunction(builder, debugInfo.compileUnit, name, name.utf8.count, name, name.utf8.count,
                                                     debugInfo.file, 1, subroutine, 1, 1, 1, LLVMDIFlagPrototyped, 1)!
        LLVMSetSubprogram(callback, subprogram)
        // The kernel refuses BTF functions with unnamed parameters.
        for (index, parameter) in ["map", "key", "value", "ctx"].enumerated() {
            _ = LLVMDIBuilderCreateParameterVariable(builder, subprogram, parameter, parameter.utf8.count, UInt32(index + 1),
                                                     debugInfo.file, 1, pointer, 1, LLVMDIFlagZero)
        }
        let body = LLVMCreateBuilderInContext(m.context)!
        defer { LLVMDisposeBuilder(body) }
        LLVMPositionBuilderAtEnd(body, LLVMAppendBasicBlockInContext(m.context, callback, "entry"))
        LLVMSetCurrentDebugLocation2(body, LLVMDIBuilderCreateDebugLocation(m.context, 1, 1, subprogram, nil))
        LLVMBuildRet(body, m.constant(0))
        return callback
    }
}
