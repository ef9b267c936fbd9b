// iter probes: `ctx` is the iterator's context record, and the kernel's closing call (made with
// no object after the last one) ends the run instead of reaching the block.
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    private var iteratorName: String? {
        guard programKind == .tracing, case .iterator(let name)? = (attachPoint ?? probe.attachPoints.first)?.target else {
            return nil
        }
        return name
    }

    /// `ctx` of an iter probe: the address of its `struct bpf_iter__NAME`; nil elsewhere.
    func emitIteratorContext(_ name: String) -> LLVMValueRef? {
        guard name == "ctx", iteratorName != nil else { return nil }
        return LLVMBuildPtrToInt(b, ctx, m.i64, "ctx")
    }

    /// Every iterator context has its object pointer (task, ...) after `meta`; it is NULL in the
    /// call that follows the last object. That call sends exit, as bpftrace ends once the
    /// iterator is done, and the block only ever sees real objects.
    func emitIteratorEnd() {
        guard iteratorName != nil else { return }
        let object = loadInteger(ctx, offset: 8, bits: 64, signed: false)
        let finished = appendBlock("iterator_finished"), visit = appendBlock("iterator_object")
        LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, object, m.constant(0), ""), finished, visit)
        LLVMPositionBuilderAtEnd(b, finished)
        sendEvent(.exit, fields: [(m.constant(0), .int64)])
        returnZero()
        LLVMPositionBuilderAtEnd(b, visit)
    }
}
