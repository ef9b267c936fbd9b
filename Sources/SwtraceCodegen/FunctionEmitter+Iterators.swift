// iter probes: `ctx` is the iterator's context record, and the kernel's closing call (made with
// no object after the last one) ends the run instead of reaching the block.
// A pinned iterator (`iter:task:/sys/fs/bpf/NAME`) outlives swtrace: its printf is formatted by
// the kernel straight into the file its reader reads (bpf_seq_printf), as bpftrace does. The
// unpinned run keeps printf on the ring buffer, which swtrace formats like every other probe's:
// same text for what the kernel can format, and the rest of printf (%r, %o, precision...) too.
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    private var iterator: (name: String, pin: String?)? {
        guard programKind == .tracing, case .iterator(let name, let pin)? = (attachPoint ?? probe.attachPoints.first)?.target else {
            return nil
        }
        return (name, pin)
    }

    /// The bpffs file this iter probe is pinned to; nil elsewhere.
    var iteratorPin: String? { iterator?.pin }

    /// `ctx` of an iter probe: the address of its `struct bpf_iter__NAME`; nil elsewhere.
    func emitIteratorContext(_ name: String) -> LLVMValueRef? {
        guard name == "ctx", iterator != nil else { return nil }
        return LLVMBuildPtrToInt(b, ctx, m.i64, "ctx")
    }

    /// Every iterator context has its object pointer (task, ...) after `meta`; it is NULL in the
    /// call that follows the last object. That call sends exit, as bpftrace ends once the
    /// iterator is done, and the block only ever sees real objects. A pinned iterator has no
    /// run to end: each read of its file makes that closing call, which just returns.
    func emitIteratorEnd() {
        guard let iterator else { return }
        let object = loadInteger(ctx, offset: 8, bits: 64, signed: false)
        let finished = appendBlock("iterator_finished"), visit = appendBlock("iterator_object")
        LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, object, m.constant(0), ""), finished, visit)
        LLVMPositionBuilderAtEnd(b, finished)
        if iterator.pin == nil { sendEvent(.exit, fields: [(m.constant(0), .int64)]) }
        returnZero()
        LLVMPositionBuilderAtEnd(b, visit)
    }

    /// printf of a pinned iterator: bpf_seq_printf(ctx->meta->seq, format, args, size), the
    /// arguments an array of u64 (strings as the address of their bytes, which the kernel reads
    /// itself). The type checker has refused what the kernel cannot format.
    func emitSeqPrintf(_ arguments: [Expr]) throws {
        guard case .string(let format) = arguments[0].kind else { return }
        let formatSlot = try emit(arguments[0])
        let values = try arguments.dropFirst().map { argument -> LLVMValueRef in
            let value = try emit(argument)
            if isMemory(type(of: argument)) { return LLVMBuildPtrToInt(b, value, m.i64, "")! }
            return LLVMBuildIntCast2(b, value, m.i64, type(of: argument).isSigned ? 1 : 0, "")!
        }
        // Plain loads, so the verifier knows them as struct bpf_iter_meta * and struct seq_file *.
        let meta = LLVMBuildIntToPtr(b, loadInteger(ctx, offset: 0, bits: 64, signed: false), m.i8Pointer, "meta")!
        let seq = LLVMBuildIntToPtr(b, loadInteger(meta, offset: 0, bits: 64, signed: false), m.i8Pointer, "seq")!
        let formatSize = LLVMConstInt(m.i32, UInt64(ByteText.count(format) + 1), 0)!
        guard !values.isEmpty else {
            callHelper(.seqPrintf, [seq, formatSlot, formatSize, LLVMConstNull(m.i8Pointer), LLVMConstInt(m.i32, 0, 0)])
            return
        }
        let data = stackSlot(values.count * 8, "seq_printf.args")
        for (index, value) in values.enumerated() { storeInteger(value, data, offset: index * 8) }
        callHelper(.seqPrintf, [seq, formatSlot, formatSize, data, LLVMConstInt(m.i32, UInt64(values.count * 8), 0)!])
    }
}
