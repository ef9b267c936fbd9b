// Emission of asynchronous output functions beyond printf/print: errorf, warnf, cat, system
// and join send events user space acts on; signal sends a signal from the kernel.
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    /// Most strings join() reads from the array, and the bytes kept of each: bpftrace's 16 and
    /// 1024 (not max_strlen), so long arguments of execve's argv arrive whole.
    static let joinCount = 16
    static let joinElementSize = 1024

    func emitOutputCall(_ name: String, _ arguments: [Expr], _ expr: Expr) throws -> LLVMValueRef? {
        switch name {
        case "errorf", "warnf", "cat", "system":
            guard case .string(let format) = arguments[0].kind else { return nil }
            let values = try arguments.dropFirst().map { (try emit($0), type(of: $0)) }
            let action: FormattedAction
            switch name {
            case "cat": action = .cat
            case "system": action = .system
            default: action = .message(prefix: messagePrefix(expr, severity: name == "errorf" ? .error : .warning))
            }
            sendEvent(.formattedAction(action, format: format, argumentTypes: values.map { recordType($0.1) }), fields: values)
        case "debugf":
            noteHelperCall(arguments.count <= 4 ? .tracePrintk : .traceVprintk, expr)
            try emitDebugf(arguments)
        case "join":
            try emitJoin(arguments)
        case "override":
            noteHelperCall(.overrideReturn, expr)
            callHelper(.overrideReturn, [ctx, try emit(arguments[0])])
        case "signal", "signal_thread":
            let number: LLVMValueRef
            if case .string(let signalName) = arguments[0].kind, let value = SignalNumbers.number(of: signalName) {
                number = LLVMConstInt(m.i32, UInt64(value), 0)
            } else {
                number = LLVMBuildTrunc(b, try emit(arguments[0]), m.i32, "")!
            }
            noteHelperCall(name == "signal" ? .sendSignal : .sendSignalThread, expr)
            callHelper(name == "signal" ? .sendSignal : .sendSignalThread, [number])
        default:
            return nil
        }
        return m.constant(0)
    }

    /// `debugf(fmt, ...)`: the kernel formats the line into its trace buffer (trace_pipe), as
    /// bpftrace does: bpf_trace_printk for up to three arguments, bpf_trace_vprintk (an array of
    /// u64) beyond. Strings go as pointers to their bytes, which the kernel reads itself.
    func emitDebugf(_ arguments: [Expr]) throws {
        guard case .string(let format) = arguments[0].kind else { return }
        let formatSlot = try emit(arguments[0])
        let formatSize: LLVMValueRef = LLVMConstInt(m.i32, UInt64(ByteText.count(format) + 1), 0)
        let values = try arguments.dropFirst().map { argument -> LLVMValueRef in
            let value = try emit(argument)
            if isMemory(type(of: argument)) { return LLVMBuildPtrToInt(b, value, m.i64, "")! }
            return LLVMBuildIntCast2(b, value, m.i64, type(of: argument).isSigned ? 1 : 0, "")!
        }
        if values.count <= 3 {
            callHelper(.tracePrintk, [formatSlot, formatSize] + values)
            return
        }
        let data = stackSlot(values.count * 8, "debugf.args")
        for (index, value) in values.enumerated() { storeInteger(value, data, offset: index * 8) }
        callHelper(.traceVprintk, [formatSlot, formatSize, data, LLVMConstInt(m.i32, UInt64(values.count * 8), 0)!])
    }

    /// "stdin:1:9-62: ERROR: ": where the call is, as diagnostics show it.
    func messagePrefix(_ expr: Expr, severity: Severity) -> String {
        let diagnostic = Diagnostic(id: "message", severity: severity, message: "", range: expr.range)
        let rendered = DiagnosticRenderer.render(diagnostic, in: program.source)
        return String(rendered.prefix { $0 != "\n" })
    }

    /// `join(array[, sep])`: reads the array's pointers until a NULL one, each string straight
    /// into the event record.
    func emitJoin(_ arguments: [Expr]) throws {
        var separator = " "
        if arguments.count == 2, case .string(let text) = arguments[1].kind { separator = text }
        let array = try emit(arguments[0])
        let user = readsUserMemory(arguments[0])
        let kind = EventKind.join(separator: separator, count: Self.joinCount, elementSize: Self.joinElementSize)
        let pointerSlot = stackSlot(8, "join.ptr")
        sendEvent(kind) { record, offsets in
            storeInteger(m.constant(0), record, offset: offsets[0])
            let done = appendBlock("join.done")
            for index in 0..<Self.joinCount {
                zero(pointerSlot, size: 8)
                let source = LLVMBuildIntToPtr(b, LLVMBuildAdd(b, array, m.constant(UInt64(index * 8)), "")!, m.i8Pointer, "")!
                callHelper(user ? .probeReadUser : .probeReadKernel, [pointerSlot, LLVMConstInt(m.i32, 8, 0), source])
                let element = loadInteger(pointerSlot, offset: 0, bits: 64, signed: false)
                let read = appendBlock("join.read")
                LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, element, m.constant(0), "")!, done, read)
                LLVMPositionBuilderAtEnd(b, read)
                let destination = address(record, offset: offsets[index + 1])
                zero(destination, size: Self.joinElementSize)
                callHelper(user ? .probeReadUserStr : .probeReadKernelStr,
                           [destination, LLVMConstInt(m.i32, UInt64(Self.joinElementSize), 0),
                            LLVMBuildIntToPtr(b, element, m.i8Pointer, "")!])
                storeInteger(m.constant(UInt64(index + 1)), record, offset: offsets[0])
            }
            LLVMBuildBr(b, done)
            LLVMPositionBuilderAtEnd(b, done)
        }
    }
}
