// `==`/`!=` between integer arrays (bpftrace's array comparison): every element is compared,
// not just up to a zero as for strings.
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    func emitArrayComparison(_ op: BinaryOperator, _ left: Expr, _ right: Expr) throws -> LLVMValueRef {
        guard case .array(let element, let count) = type(of: left), case .integer(let bits, _) = element else {
            throw unsupported("comparing these arrays", left.range)
        }
        let a = try emit(left), c = try emit(right)
        var equal: LLVMValueRef = LLVMConstInt(m.i1, 1, 0)
        for index in 0..<count {
            let offset = index * bits / 8
            let same = LLVMBuildICmp(b, LLVMIntEQ, loadInteger(a, offset: offset, bits: bits, signed: false),
                                     loadInteger(c, offset: offset, bits: bits, signed: false), "")!
            equal = LLVMBuildAnd(b, equal, same, "")!
        }
        return boolToInt(op == .equal ? equal : LLVMBuildNot(b, equal, "")!)
    }
}
