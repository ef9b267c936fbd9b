// Emission of what a probe hands its program: retval, arg0..argN and tracepoint `args` fields.
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    /// The value of a probe-argument builtin (`retval`, `argN`), or nil when `name` is not one.
    func emitProbeArgument(_ name: String, _ expr: Expr) throws -> LLVMValueRef? {
        if name == "retval" {
            guard programKind == .kprobe else { throw unsupported("retval here", expr.range) }
            return loadInteger(ctx, offset: PtRegs.ax, bits: 64, signed: true)
        }
        if name.hasPrefix("arg"), let index = Int(name.dropFirst(3)), programKind == .kprobe {
            guard index < PtRegs.arguments.count else { throw unsupported("\(name) (stack arguments)", expr.range) }
            return loadInteger(ctx, offset: PtRegs.arguments[index], bits: 64, signed: false)
        }
        return nil
    }

    func emitTracepointField(_ name: String, _ expr: Expr) throws -> LLVMValueRef {
        guard let format = attachPoint?.tracepointFormat, let field = format.fields.first(where: { $0.name == name }) else {
            throw unsupported("args.\(name) here", expr.range)
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
