// Pointer arithmetic: `p + n`, `n + p`, `p - n`, `$p++` move the address by n elements of the
// pointee's size, like C (and bpftrace's GEP); `void *` moves by bytes.
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    func emitPointerArithmetic(_ op: BinaryOperator, _ left: Expr, _ right: Expr) throws -> LLVMValueRef {
        let leftIsPointer: Bool
        if case .pointer = type(of: left) { leftIsPointer = true } else { leftIsPointer = false }
        let pointerExpr = leftIsPointer ? left : right
        guard case .pointer(let pointee) = type(of: pointerExpr) else { throw unsupported("pointer arithmetic", left.range) }
        let address = try emit(leftIsPointer ? left : right)
        let count = try emit(leftIsPointer ? right : left)
        let bytes = LLVMBuildMul(b, count, m.constant(UInt64(max(1, pointee.byteSize))), "ptr.offset")!
        return op == .subtract ? LLVMBuildSub(b, address, bytes, "ptr")! : LLVMBuildAdd(b, address, bytes, "ptr")!
    }

    /// What `++`/`--` add to a value of this type: the pointee's size for pointers, else 1.
    func pointerStep(_ type: SwType) -> Int64 {
        guard case .pointer(let pointee) = type else { return 1 }
        return Int64(max(1, pointee.byteSize))
    }
}
