// Emission of builtin function calls: dispatch by family (FunctionEmitter+Stacks/Strings/
// Conversions/Output), printf(), print(), map functions and the events sent to user space.
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    func emitCall(_ name: String, _ arguments: [Expr], _ expr: Expr) throws -> LLVMValueRef {
        if FunctionCatalogue.function(named: name) == nil, arguments.isEmpty {
            return try emitBuiltin(name, expr)
        }
        if let value = try emitBuiltinCall(name, arguments, expr) ?? emitSymbolCall(name, arguments, expr) ?? emitStringCall(name, arguments, expr)
            ?? emitConversionCall(name, arguments, expr) ?? emitOutputCall(name, arguments, expr)
            ?? emitWatchpointCall(name, arguments) {
            return value
        }
        switch name {
        case "printf":
            try emitPrintf(arguments, expr)
        case "exit":
            let code = try arguments.first.map { try emit($0) } ?? m.constant(0)
            sendEvent(.exit, fields: [(code, arguments.first.map { type(of: $0) } ?? .int64)])
            returnZero()
            startUnreachableCode()
        case "print":
            if case .map(let mapName, let keys) = arguments[0].kind, keys.isEmpty {
                let top = arguments.count > 1 ? literal(arguments[1]) : 0
                let divisor = arguments.count > 2 ? literal(arguments[2]) : 1
                sendEvent(.printMap(mapIndex: mapIndex("@" + mapName), top: top, divisor: divisor), fields: [])
            } else {
                let valueType = recordType(type(of: arguments[0]))
                sendEvent(.printValue(type: valueType), fields: [(try emit(arguments[0]), type(of: arguments[0]))])
            }
        case "clear", "zero":
            guard case .map(let mapName, _) = arguments[0].kind else { throw unsupported(name, expr.range) }
            let index = mapIndex("@" + mapName)
            sendEvent(name == "clear" ? .clearMap(mapIndex: index) : .zeroMap(mapIndex: index), fields: [])
        case "delete":
            return try emitDeleteCall(arguments, expr)
        case "time":
            var format = "%H:%M:%S\n"
            if let first = arguments.first, case .string(let text) = first.kind { format = text }
            sendEvent(.time(format: format), fields: [])
        default:
            throw unsupported("\(name)()", expr.range)
        }
        return m.constant(0)
    }

    /// `delete(@m, key)` (or the older `delete(@m[key])`): true when the key was there.
    func emitDeleteCall(_ arguments: [Expr], _ expr: Expr) throws -> LLVMValueRef {
        guard case .map(let mapName, let keys) = arguments[0].kind else { throw unsupported("delete", expr.range) }
        let map = "@" + mapName
        let key = arguments.count == 2 ? try elementKey(map, arguments[1]) : try buildKey(map, keys: keys)
        let result = callHelper(.mapDeleteElem, [mapGlobal(map), key])
        let code = LLVMBuildSExt(b, LLVMBuildTrunc(b, result, m.i32, "")!, m.i64, "retcode")!
        reportMapElementMissing(LLVMBuildICmp(b, LLVMIntSLT, code, m.constant(0), "")!, action: "delete", .mapDeleteElem,
                                code: code, expr)
        return boolToInt(LLVMBuildICmp(b, LLVMIntEQ, result, m.constant(0), "deleted")!)
    }

    /// The kernel key of `@map`'s element named by one expression: `(a, b)` names the element
    /// `@map[a, b]` of a map with two keys (delete, has_key).
    func elementKey(_ map: String, _ keyExpr: Expr) throws -> LLVMValueRef {
        let keyType = type(of: keyExpr)
        let keyValue = try emit(keyExpr)
        guard case .tuple(let types) = keyType, descriptor(map).keyTypes.count > 1 else {
            return buildKey(map, values: [(keyValue, keyType)])
        }
        let layout = RecordLayout(types)
        return buildKey(map, values: types.enumerated().map { index, type in
            (isMemory(type) ? address(keyValue, offset: layout.offsets[index]) : loadValue(keyValue, offset: layout.offsets[index], type: type), type)
        })
    }

    func literal(_ expr: Expr) -> Int {
        if case .integer(let value) = expr.kind { return Int(clamping: value) }
        // A numeric positional parameter is a literal written on the command line.
        if let value = ConstantFolding.integer(expr, arguments: program.positionalArguments) { return Int(clamping: value) }
        return 0
    }

    /// `str(pointer [, length])` into a zeroed stack buffer.
    func emitStr(_ arguments: [Expr], _ expr: Expr) throws -> LLVMValueRef {
        let argumentType = type(of: arguments[0])
        let source = try emit(arguments[0])
        let size = type(of: expr).byteSize
        if isMemory(argumentType) {
            if argumentType.byteSize == size { return source }
            // A char array or a longer string: copy what fits and keep a terminator.
            let slot = stackSlot(size, "str")
            zero(slot, size: size)
            copy(to: slot, from: source, size: min(argumentType.byteSize, size - 1))
            return slot
        }
        let slot = stackSlot(size, "str")
        zero(slot, size: size)
        var limit: LLVMValueRef = LLVMConstInt(m.i32, UInt64(size), 0)
        if arguments.count == 2, case .integer = arguments[1].kind {} else if arguments.count == 2 {
            // A run-time length counts the terminator (str(p, n) keeps n - 1 characters); never
            // past the buffer.
            let requested = try emit(arguments[1])
            let tooLong = LLVMBuildICmp(b, LLVMIntUGT, requested, m.constant(UInt64(size)), "")!
            let bounded = LLVMBuildSelect(b, tooLong, m.constant(UInt64(size)), requested, "")!
            limit = LLVMBuildTrunc(b, bounded, m.i32, "")
        }
        let helper: BPFHelper = readsUserMemory(arguments[0]) ? .probeReadUserStr : .probeReadKernelStr
        checkHelperResult(callHelper(helper, [slot, limit, LLVMBuildIntToPtr(b, source, m.i8Pointer, "")]), helper, expr)
        return slot
    }

    /// Whether a pointer comes from user space: syscall tracepoint arguments and uprobe registers,
    /// unless kptr()/uptr() says otherwise.
    func readsUserMemory(_ expr: Expr) -> Bool {
        if case .call(let name, _) = expr.kind, name == "kptr" || name == "uptr" { return name == "uptr" }
        // A pointer read from a struct keeps its chain's address space (kernel for curtask chains).
        if let user = recordPointerIsUserSpace(expr) { return user }
        if case .field(let base, let name, _) = expr.kind, case .identifier("args") = base.kind,
           let format = attachPoint?.tracepointFormat ?? probe.attachPoints.first?.tracepointFormat {
            if let field = format.fields.first(where: { $0.name == name }), TracepointFieldTypes.isDataLocation(field) { return false }
            return format.category == "syscalls" || format.category == "uprobe"  // uprobe args: DWARF parameters
        }
        switch probe.attachPoints.first?.target {
        case .uprobe, .uretprobe: return true
        case .tracepoint(let category, _): return category == "syscalls"
        default: return false
        }
    }

    /// How a value travels in an event record: integers as 64-bit.
    func recordType(_ type: SwType) -> SwType {
        switch type {
        case .integer(_, let signed): return .integer(bits: 64, signed: signed)
        default: return type
        }
    }

    func emitPrintf(_ arguments: [Expr], _ expr: Expr) throws {
        guard case .string(let format) = arguments[0].kind else { throw unsupported("printf without a literal format", expr.range) }
        if iteratorPin != nil { return try emitSeqPrintf(arguments) }
        let values = try arguments.dropFirst().map { (try emit($0), type(of: $0)) }
        sendEvent(.printf(format: format, argumentTypes: values.map { recordType($0.1) }), fields: values)
    }

    /// Reserves a ring-buffer record, writes the event id and fields, submits it; counts a lost
    /// event when the buffer is full.
    func sendEvent(_ kind: EventKind, fields: [(LLVMValueRef, SwType)]) {
        let descriptor = EventDescriptor(kind)
        sendEvent(kind) { record, offsets in
            for (index, (value, type)) in fields.enumerated() {
                storeValue(value, type: type, into: record, offset: offsets[index], slotType: descriptor.fieldTypes[index])
            }
        }
    }

    /// Like `sendEvent(_:fields:)`, with `fill` writing the fields straight into the reserved
    /// record (given the field offsets), so big fields never pass through the stack.
    func sendEvent(_ kind: EventKind, fill: (LLVMValueRef, [Int]) -> Void) {
        let id = context.eventID(kind)
        let descriptor = EventDescriptor(kind)
        let layout = descriptor.layout
        let size = max(8, (layout.size + 7) / 8 * 8)
        let record = callHelper(.ringbufReserve, [mapPointer(context.maps.ringBuffer), m.constant(UInt64(size)), m.constant(0)],
                                returning: m.i8Pointer)
        returnsEightByteAligned(record)
        let write = appendBlock("event.write"), lost = appendBlock("event.lost"), done = appendBlock("event.done")
        LLVMBuildCondBr(b, LLVMBuildIsNull(b, record, ""), lost, write)

        LLVMPositionBuilderAtEnd(b, write)
        storeInteger(m.constant(id), record, offset: 0)
        fill(record, layout.offsets)
        callHelper(.ringbufSubmit, [record, m.constant(0)], returning: m.void)
        LLVMBuildBr(b, done)

        LLVMPositionBuilderAtEnd(b, lost)
        let key = stackSlot(4, "lostkey")
        storeInteger(m.constant(0), key, offset: 0, bits: 32)
        let counter = callHelper(.mapLookupElem, [mapPointer(context.maps.lostEvents), key], returning: m.i8Pointer)
        let increment = appendBlock("event.count")
        LLVMBuildCondBr(b, LLVMBuildIsNull(b, counter, ""), done, increment)
        LLVMPositionBuilderAtEnd(b, increment)
        let old = loadInteger(counter, offset: 0, bits: 64, signed: false)
        storeInteger(LLVMBuildAdd(b, old, m.constant(1), "")!, counter, offset: 0)
        LLVMBuildBr(b, done)

        LLVMPositionBuilderAtEnd(b, done)
    }
}
