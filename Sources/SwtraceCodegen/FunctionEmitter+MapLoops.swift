// Emission of `for ($kv : @map) { }` with bpf_for_each_map_elem: the loop body becomes a
// callback function. It reaches the probe's variables and context through a small record of
// pointers on the probe's stack, passed as the callback's context argument.
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    /// bpf_for_each_map_elem (enum bpf_func_id).
    static let forEachMapElementHelper: UInt64 = 164

    func emitForMap(_ name: String, _ mapExpr: Expr, _ body: Block, _ statement: Stmt) throws {
        guard case .map(let mapName, _) = mapExpr.kind, case .tuple(let elementTypes) = program.declaredTypes[statement.range.start] ?? .void,
              elementTypes.count == 2 else { throw unsupported("this loop", statement.range) }
        let map = "@" + mapName
        let captured = variables.sorted { $0.key < $1.key }

        // The record the callback receives: the probe's ctx, then a pointer to each variable.
        let record = stackSlot(8 * (captured.count + 1), "loop_ctx")
        storePointer(ctx, into: record, offset: 0)
        for (index, variable) in captured.enumerated() {
            storePointer(variable.value.slot, into: record, offset: 8 * (index + 1))
        }

        let callback = try emitMapLoopCallback(name, body, elementTypes: elementTypes, captured: captured.map { ($0.key, $0.value.type) })
        let callbackPointer = LLVMBuildBitCast(b, callback, m.i8Pointer, "")!
        callHelper(id: Self.forEachMapElementHelper, [mapGlobal(map), callbackPointer, record, m.constant(0)])
    }

    /// `long callback(void *map, void *key, void *value, void *context)`: 0 continues, 1 stops.
    private func emitMapLoopCallback(_ name: String, _ body: Block, elementTypes: [SwType],
                                     captured: [(name: String, type: SwType)]) throws -> LLVMValueRef {
        callbackCount += 1
        let callbackName = "\(self.name)_loop\(callbackCount)"
        let type = m.functionType(m.i64, Array(repeating: m.i8Pointer, count: 4))
        let callback = LLVMAddFunction(m.module, callbackName, type)!
        LLVMSetLinkage(callback, LLVMInternalLinkage)
        let noUnwind = LLVMGetEnumAttributeKindForName("nounwind", 8)
        LLVMAddAttributeAtIndex(callback, LLVMAttributeIndex(bitPattern: Int32(LLVMAttributeFunctionIndex)),
                                LLVMCreateEnumAttribute(m.context, noUnwind, 0))
        let parameterNames = ["map", "key", "value", "ctx"]
        for (index, parameterName) in parameterNames.enumerated() {
            LLVMSetValueName2(LLVMGetParam(callback, UInt32(index)), parameterName, parameterName.utf8.count)
        }

        // Emit into the callback, then come back to where the probe's code was.
        let saved = (function: function!, ctx: ctx!, entry: entryBlock!, variables: variables, loops: loops,
                     block: currentBlock, location: LLVMGetCurrentDebugLocation2(b))
        let location = describeCallback(callback, name: callbackName, parameters: parameterNames)
        LLVMSetCurrentDebugLocation2(allocaBuilder, location)
        function = callback
        entryBlock = LLVMAppendBasicBlockInContext(m.context, callback, "entry")
        let bodyBlock = LLVMAppendBasicBlockInContext(m.context, callback, "body")!
        LLVMPositionBuilderAtEnd(allocaBuilder, entryBlock)
        LLVMPositionBuilderAtEnd(b, bodyBlock)

        let record = LLVMGetParam(callback, 3)!
        ctx = loadPointer(record, offset: 0)
        variables = [:]
        for (index, variable) in captured.enumerated() {
            variables[variable.name] = (loadPointer(record, offset: 8 * (index + 1)), variable.type)
        }
        let elementType = SwType.tuple(elementTypes)
        let layout = RecordLayout(elementTypes)
        let element = stackSlot(layout.size, "kv")
        zero(element, size: layout.size)
        copy(to: element, from: LLVMGetParam(callback, 1), size: elementTypes[0].byteSize)
        copy(to: address(element, offset: layout.offsets[1]), from: LLVMGetParam(callback, 2), size: elementTypes[1].byteSize)
        variables[name] = (element, elementType)

        let stop = appendBlock("loop.stop"), next = appendBlock("loop.next")
        loops = [(stop, next)]
        try emit(body)
        branch(to: next)
        LLVMPositionBuilderAtEnd(b, next)
        LLVMBuildRet(b, m.constant(0))
        LLVMPositionBuilderAtEnd(b, stop)
        LLVMBuildRet(b, m.constant(1))
        LLVMBuildBr(allocaBuilder, bodyBlock)

        function = saved.function
        ctx = saved.ctx
        entryBlock = saved.entry
        variables = saved.variables
        loops = saved.loops
        LLVMPositionBuilderAtEnd(allocaBuilder, entryBlock)
        LLVMSetCurrentDebugLocation2(allocaBuilder, saved.location)
        LLVMSetCurrentDebugLocation2(b, saved.location)
        LLVMPositionBuilderAtEnd(b, saved.block)
        return callback
    }

    func storePointer(_ pointer: LLVMValueRef, into base: LLVMValueRef, offset: Int) {
        let slot = LLVMBuildBitCast(b, address(base, offset: offset), m.pointer(to: m.i8Pointer), "")
        LLVMBuildStore(b, LLVMBuildBitCast(b, pointer, m.i8Pointer, ""), slot)
    }

    func loadPointer(_ base: LLVMValueRef, offset: Int) -> LLVMValueRef {
        let slot = LLVMBuildBitCast(b, address(base, offset: offset), m.pointer(to: m.i8Pointer), "")
        return LLVMBuildLoad2(b, m.i8Pointer, slot, "")!
    }

    /// A helper call by its raw id (for helpers the shared BPFHelper table does not list).
    @discardableResult
    func callHelper(id: UInt64, _ arguments: [LLVMValueRef]) -> LLVMValueRef {
        let type = m.functionType(m.i64, arguments.map { LLVMTypeOf($0)! })
        let callee = LLVMConstIntToPtr(m.constant(id), m.pointer(to: type))
        var values: [LLVMValueRef?] = arguments
        return LLVMBuildCall2(b, type, callee, &values, UInt32(arguments.count), "")
    }

    /// BTF for a callback: `long name(void *, void *, void *, void *)`, parameters named.
    private func describeCallback(_ callback: LLVMValueRef, name: String, parameters: [String]) -> LLVMMetadataRef {
        let builder = debugInfo.builder
        let long = LLVMDIBuilderCreateBasicType(builder, "long", 4, 64, 5 /* DW_ATE_signed */, LLVMDIFlagZero)
        let voidPointer = LLVMDIBuilderCreatePointerType(builder, nil, 64, 64, 0, "", 0)
        var types: [LLVMMetadataRef?] = [long] + Array(repeating: voidPointer, count: parameters.count)
        let subroutine = types.withUnsafeMutableBufferPointer {
            LLVMDIBuilderCreateSubroutineType(builder, debugInfo.file, $0.baseAddress, UInt32($0.count), LLVMDIFlagZero)
        }
        let subprogram = LLVMDIBuilderCreateFunction(builder, debugInfo.compileUnit, name, name.utf8.count, name, name.utf8.count,
                                                     debugInfo.file, 1, subroutine, 1, 1, 1, LLVMDIFlagPrototyped, 1)!
        LLVMSetSubprogram(callback, subprogram)
        for (index, parameter) in parameters.enumerated() {
            _ = LLVMDIBuilderCreateParameterVariable(builder, subprogram, parameter, parameter.utf8.count, UInt32(index + 1),
                                                     debugInfo.file, 1, voidPointer, 1, LLVMDIFlagZero)
        }
        let location = LLVMDIBuilderCreateDebugLocation(m.context, 1, 1, subprogram, nil)!
        LLVMSetCurrentDebugLocation2(b, location)
        return location
    }
}
