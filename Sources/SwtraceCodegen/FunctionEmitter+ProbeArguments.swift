// Emission of what a probe hands its program: retval, arg0..argN and tracepoint `args` fields.
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    /// The value of a probe-argument builtin (`retval`, `argN`), or nil when `name` is not one.
    func emitProbeArgument(_ name: String, _ expr: Expr) throws -> LLVMValueRef? {
        if let context = emitIteratorContext(name) { return context }
        let format = attachPoint?.tracepointFormat
        if name == "retval" {
            // fexit on a BPF program's function: the kernel models a prototype it does not trust
            // (a tracepoint program's `ctx`) as five u64 arguments, so only the trampoline's own
            // argument count places the return value: bpf_get_func_ret reads it.
            if case .bpfFunction(_, _, atExit: true)? = attachPoint?.target {
                let slot = stackSlot(8, "retval")
                zero(slot, size: 8)
                noteHelperCall(.getFuncRet, expr)  // a kernel before 5.17 refuses it: reported here
                _ = callHelper(.getFuncRet, [ctx, slot])
                return loadInteger(slot, offset: 0, bits: 64, signed: true)
            }
            // fexit: the return value sits in the slot after the parameters.
            if programKind == .tracing, let format, format.category == "fexit" {
                let slot = format.fields.reduce(0) { max($0, $1.offset + 8) }
                return loadInteger(ctx, offset: slot, bits: 64, signed: true)
            }
            guard programKind == .kprobe else { throw unsupported("retval here", expr.range) }
            return loadInteger(ctx, offset: PtRegs.ax, bits: 64, signed: true)
        }
        guard name.hasPrefix("arg"), let index = Int(name.dropFirst(3)) else { return nil }
        if let format, format.category == "usdt" {
            guard index < format.fields.count, let argument = USDTArgument(format.fields[index].cType) else {
                throw unsupported("\(name) of this USDT probe", expr.range)
            }
            return emitUSDTArgument(argument)
        }
        // fentry/fexit and raw tracepoints: the arguments are an array of u64 at ctx.
        if programKind == .tracing || (programKind == .rawTracepoint && attachPoint?.target != .begin && attachPoint?.target != .end) {
            return loadInteger(ctx, offset: index * 8, bits: 64, signed: false)
        }
        if programKind == .kprobe {
            guard index < PtRegs.arguments.count else { throw unsupported("\(name) (stack arguments)", expr.range) }
            return loadInteger(ctx, offset: PtRegs.arguments[index], bits: 64, signed: false)
        }
        return nil
    }

    /// A USDT argument: a register of pt_regs, memory at register + displacement, or a constant.
    func emitUSDTArgument(_ argument: USDTArgument) -> LLVMValueRef {
        switch argument.location {
        case .constant(let value):
            return m.constant(signed: value)
        case .register(let offset):
            return narrow(loadInteger(ctx, offset: offset, bits: 64, signed: false),
                          to: .integer(bits: argument.size * 8, signed: argument.isSigned))
        case .memory(let offset, let displacement):
            let base = loadInteger(ctx, offset: offset, bits: 64, signed: false)
            let address = LLVMBuildAdd(b, base, m.constant(signed: displacement), "")
            let slot = stackSlot(8, "usdt_arg")
            zero(slot, size: 8)
            callHelper(.probeReadUser, [slot, LLVMConstInt(m.i32, UInt64(argument.size), 0),
                                        LLVMBuildIntToPtr(b, address, m.pointer(to: m.i8), "")])
            return loadInteger(slot, offset: 0, bits: argument.size * 8, signed: argument.isSigned)
        }
    }

    func emitTracepointField(_ name: String, _ expr: Expr) throws -> LLVMValueRef {
        guard let format = attachPoint?.tracepointFormat, let field = format.fields.first(where: { $0.name == name }) else {
            throw unsupported("args.\(name) here", expr.range)
        }
        // uprobe args (from DWARF): parameter i is in the i-th integer argument register.
        if format.category == "uprobe", field.offset / 8 < PtRegs.arguments.count {
            let bits = [1, 2, 4, 8].contains(field.size) ? field.size * 8 : 64
            return loadInteger(ctx, offset: PtRegs.arguments[field.offset / 8], bits: bits, signed: field.isSigned)
        }
        let fieldType = TracepointFieldTypes.type(of: field)
        if TracepointFieldTypes.isDataLocation(field) {
            let location = loadInteger(ctx, offset: field.offset, bits: 32, signed: false)
            let offset = LLVMBuildAnd(b, location, m.constant(0xffff), "")
            let base = LLVMBuildPtrToInt(b, ctx, m.i64, "")
            return LLVMBuildAdd(b, base, offset, "")
        }
        if isMemory(fieldType) {
            let slot = stackSlot(fieldType.byteSize, name)
            callHelper(.probeReadKernel, [slot, LLVMConstInt(m.i32, UInt64(fieldType.byteSize), 0), address(ctx, offset: field.offset)])
            return slot
        }
        let bits = [1, 2, 4, 8].contains(field.size) ? field.size * 8 : 64
        if field.offset % (bits / 8) != 0 {
            let slot = stackSlot(8, name)
            zero(slot, size: 8)
            callHelper(.probeReadKernel, [slot, LLVMConstInt(m.i32, UInt64(bits / 8), 0), address(ctx, offset: field.offset)])
            return loadInteger(slot, offset: 0, bits: bits, signed: field.isSigned)
        }
        return loadInteger(ctx, offset: field.offset, bits: bits, signed: field.isSigned)
    }
}
