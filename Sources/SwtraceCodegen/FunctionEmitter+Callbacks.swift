// Loop bodies that run as BPF callbacks: `for ($kv : @map)` (bpf_for_each_map_elem) and
// `for ($i : a..b)` (bpf_loop, so the verifier need not prove a bound). The body is emitted
// into its own function; it reaches the probe's variables and context through a record of
// pointers on the probe's stack, passed as the callback's context argument; with scratch
// memory, the record also carries its address, where the callback's slots live too.
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    /// Helper ids (enum bpf_func_id) the shared BPFHelper table does not list.
    static let loopHelper: UInt64 = 181
    static let forEachMapElementHelper: UInt64 = 164
    /// bpf_loop refuses more iterations than this.
    static let maximumLoopIterations: UInt64 = 1 << 23

    func emitForMap(_ name: String, _ mapExpr: Expr, _ body: Block, _ statement: Stmt) throws {
        guard case .map(let mapName, _) = mapExpr.kind, case .tuple(let elementTypes) = program.declaredTypes[statement.range.start] ?? .void,
              elementTypes.count == 2 else { throw unsupported("this loop", statement.range) }
        let capture = captureVariables(usedBy: body)
        let callback = try emitCallback(parameters: ["map", "key", "value", "ctx"], capture: capture, body: body) { callback in
            let layout = RecordLayout(elementTypes)
            let element = self.stackSlot(layout.size, "kv")
            self.zero(element, size: layout.size)
            // The kernel hands over keys and values 8-byte aligned (htab and array elements);
            // the element slot is 8-byte aligned, so is the value's place in it when its offset is.
            self.copy(to: element, from: LLVMGetParam(callback, 1), size: elementTypes[0].byteSize, alignment: 8)
            if case .aggregation(let aggregation) = self.program.maps.first(where: { $0.name == "@" + mapName })?.value {
                // The callback sees this CPU's slot only: read the total over all CPUs, keyed
                // by the copy of the key on the stack.
                self.storeInteger(self.emitAggregationTotal("@" + mapName, aggregation, key: element), element, offset: layout.offsets[1])
            } else {
                self.copy(to: self.address(element, offset: layout.offsets[1]), from: LLVMGetParam(callback, 2),
                          size: elementTypes[1].byteSize, alignment: layout.offsets[1] % 8 == 0 ? 8 : 1)
            }
            self.variables[name] = (element, .tuple(elementTypes))
        }
        forgetExactValues(of: AssignedVariables.names(in: body.statements))
        callHelper(id: Self.forEachMapElementHelper, [mapGlobal("@" + mapName), LLVMBuildBitCast(b, callback, m.i8Pointer, "")!,
                                                      capture.record, m.constant(0)])
        endLifetime(of: capture.record, size: capture.recordSize)
    }

    /// `for ($i : start..end)`: bounds evaluated once; `$i` runs from start up to end - 1.
    func emitForRange(_ name: String, _ start: Expr, _ end: Expr, _ body: Block) throws {
        let first = try emit(start), limit = try emit(end)
        // Iterations: end - start when positive (signed), at most what bpf_loop accepts.
        let count = LLVMBuildSub(b, limit, first, "")!
        let positive = LLVMBuildICmp(b, LLVMIntSGT, count, m.constant(0), "")!
        let capped = LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntUGT, count, m.constant(Self.maximumLoopIterations), ""),
                                     m.constant(Self.maximumLoopIterations), count, "")!
        // An empty range calls nothing: the kernel's verifier (6.18) fails with "verifier bug: No
        // program to jit" on a bpf_loop of a known 0 iterations inside another callback, so the
        // call is made only for a positive count (and a constant empty range drops it).
        let run = appendBlock("range.run"), done = appendBlock("range.done")
        LLVMBuildCondBr(b, positive, run, done)
        LLVMPositionBuilderAtEnd(b, run)

        let startSlot = registerStackSlot(8, "range_start")
        startLifetime(of: startSlot, size: 8)
        storeInteger(first, startSlot, offset: 0)
        variables[Self.rangeStartName] = (startSlot, .int64)
        let capture = captureVariables(usedBy: body)
        variables[Self.rangeStartName] = nil
        let callback = try emitCallback(parameters: ["index", "ctx"], capture: capture, body: body) { callback in
            let slot = self.registerStackSlot(8, "var_" + name)
            let base = self.loadInteger(self.variables[Self.rangeStartName]!.slot, offset: 0, bits: 64, signed: true)
            let index = LLVMBuildPtrToInt(self.b, LLVMGetParam(callback, 0), self.m.i64, "")!
            self.storeInteger(LLVMBuildAdd(self.b, base, index, "")!, slot, offset: 0)
            self.variables[name] = (slot, .int64)
        }
        forgetExactValues(of: AssignedVariables.names(in: body.statements))
        callHelper(id: Self.loopHelper, [capped, LLVMBuildBitCast(b, callback, m.i8Pointer, "")!, capture.record, m.constant(0)])
        endLifetime(of: capture.record, size: capture.recordSize)
        endLifetime(of: startSlot, size: 8)
        LLVMBuildBr(b, done)
        LLVMPositionBuilderAtEnd(b, done)
    }

    /// The verifier checks a callback again with the state each run leaves, until two states
    /// match; a variable the body changes and compares (`$n++; if ($n > 10) { break; }`) is
    /// known exactly, so no two states match and verification runs out of instructions. The
    /// variables the body writes are therefore copied onto themselves through
    /// bpf_probe_read_kernel, after which the verifier only knows them as some number.
    private func forgetExactValues(of names: [String]) {
        for name in Set(names).sorted() {
            guard let variable = variables[name], !isMemory(variable.type) else { continue }
            callHelper(.probeReadKernel, [variable.slot, LLVMConstInt(m.i32, 8, 0), variable.slot])
        }
    }

    /// Name under which a range loop's start value travels to its callback (no user can write it).
    static let rangeStartName = ".range_start"

    /// What a callback receives: the probe's ctx, then a pointer to each variable the body
    /// mentions, then (when the program uses it) the address of the scratch memory, in a record
    /// on the caller's stack. Passing only the variables the body mentions keeps the record
    /// small, and the caller from keeping every variable's address live across its loops.
    struct CallbackCapture {
        let record: LLVMValueRef
        let recordSize: Int
        let variables: [(name: String, type: SwType)]
        let carriesScratch: Bool
    }

    /// Fills the record for one loop's call. Its stack bytes are in use only until the helper
    /// returns, which the lifetime markers tell LLVM, so the records of a probe's loops share
    /// their bytes instead of adding up.
    private func captureVariables(usedBy body: Block) -> CallbackCapture {
        let mentioned = ReferencedVariables.names(in: body.statements)
        let captured = variables.filter { mentioned.contains($0.key) || $0.key == Self.rangeStartName }.sorted { $0.key < $1.key }
        let scratchBase = scratchBase
        let size = 8 * (captured.count + (scratchBase == nil ? 1 : 2))
        let record = registerStackSlot(size, "loop_ctx")
        startLifetime(of: record, size: size)
        storePointer(ctx, into: record, offset: 0)
        for (index, variable) in captured.enumerated() {
            storePointer(variable.value.slot, into: record, offset: 8 * (index + 1))
        }
        if let scratchBase { storePointer(scratchBase, into: record, offset: 8 * (captured.count + 1)) }
        return CallbackCapture(record: record, recordSize: size, variables: captured.map { ($0.key, $0.value.type) },
                               carriesScratch: scratchBase != nil)
    }

    private func startLifetime(of slot: LLVMValueRef, size: Int) {
        _ = callIntrinsic("llvm.lifetime.start", overloaded: m.i8Pointer, [m.constant(UInt64(size)), slot])
    }

    private func endLifetime(of slot: LLVMValueRef, size: Int) {
        _ = callIntrinsic("llvm.lifetime.end", overloaded: m.i8Pointer, [m.constant(UInt64(size)), slot])
    }

    /// Emits `long callback(void *..., void *ctx)` whose last parameter is the capture record;
    /// `prepare` binds the loop variable. Returning 0 continues the iteration, 1 stops it.
    private func emitCallback(parameters: [String], capture: CallbackCapture, body: Block,
                              prepare: (LLVMValueRef) throws -> Void) throws -> LLVMValueRef {
        callbackCount += 1
        let callbackName = "\(self.name)_loop\(callbackCount)"
        let type = m.functionType(m.i64, Array(repeating: m.i8Pointer, count: parameters.count))
        let callback = LLVMAddFunction(m.module, callbackName, type)!
        LLVMSetLinkage(callback, LLVMInternalLinkage)
        callbacks.append(callback)
        let noUnwind = LLVMGetEnumAttributeKindForName("nounwind", 8)
        LLVMAddAttributeAtIndex(callback, LLVMAttributeIndex(bitPattern: Int32(LLVMAttributeFunctionIndex)),
                                LLVMCreateEnumAttribute(m.context, noUnwind, 0))
        for (index, parameterName) in parameters.enumerated() {
            LLVMSetValueName2(LLVMGetParam(callback, UInt32(index)), parameterName, parameterName.utf8.count)
        }

        // Emit into the callback, then come back to where the probe's code was.
        let saved = (function: function!, ctx: ctx!, entry: entryBlock!, variables: variables, loops: loops,
                     returns: functionReturns, block: currentBlock, location: LLVMGetCurrentDebugLocation2(b),
                     scratchFrame: scratch?.frame)
        let location = describeCallback(callback, name: callbackName, parameters: parameters)
        LLVMSetCurrentDebugLocation2(allocaBuilder, location)
        function = callback
        entryBlock = LLVMAppendBasicBlockInContext(m.context, callback, "entry")
        let bodyBlock = LLVMAppendBasicBlockInContext(m.context, callback, "body")!
        LLVMPositionBuilderAtEnd(allocaBuilder, entryBlock)
        LLVMPositionBuilderAtEnd(b, bodyBlock)

        let record = LLVMGetParam(callback, UInt32(parameters.count - 1))!
        ctx = loadPointer(record, offset: 0)
        variables = [:]
        for (index, variable) in capture.variables.enumerated() {
            variables[variable.name] = (loadPointer(record, offset: 8 * (index + 1), aligned: true), variable.type)
        }
        if capture.carriesScratch { openScratchFrame(base: loadPointer(record, offset: 8 * (capture.variables.count + 1), aligned: true)) }
        functionReturns = []
        try prepare(callback)

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
        functionReturns = saved.returns
        scratch?.frame = saved.scratchFrame
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

    /// `aligned`: the pointer loaded is known 8-byte aligned (a slot, or the scratch memory), which
    /// LLVM is told so that copies through it move 8 bytes at a time.
    func loadPointer(_ base: LLVMValueRef, offset: Int, aligned: Bool = false) -> LLVMValueRef {
        let slot = LLVMBuildBitCast(b, address(base, offset: offset), m.pointer(to: m.i8Pointer), "")
        let pointer = LLVMBuildLoad2(b, m.i8Pointer, slot, "")!
        if aligned {
            let kind = LLVMGetMDKindIDInContext(m.context, "align", 5)
            var eight: LLVMMetadataRef? = LLVMValueAsMetadata(LLVMConstInt(m.i64, 8, 0))
            LLVMSetMetadata(pointer, kind, LLVMMetadataAsValue(m.context, LLVMMDNodeInContext2(m.context, &eight, 1)))
        }
        return pointer
    }

    /// A helper call by its raw id.
    @discardableResult
    func callHelper(id: UInt64, _ arguments: [LLVMValueRef]) -> LLVMValueRef {
        let type = m.functionType(m.i64, arguments.map { LLVMTypeOf($0)! })
        let callee = LLVMConstIntToPtr(m.constant(id), m.pointer(to: type))
        var values: [LLVMValueRef?] = arguments
        return LLVMBuildCall2(b, type, callee, &values, UInt32(arguments.count), "")
    }

    /// BTF for a callback: `long name(void *, ...)` with named parameters.
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
