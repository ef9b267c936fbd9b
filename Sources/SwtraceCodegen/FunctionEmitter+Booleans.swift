// `(bool)x` in the kernel: 1 when an integer or pointer is non-zero or a string is non-empty.
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    func emitBooleanCast(_ operand: Expr) throws -> LLVMValueRef {
        let value = try emit(operand)
        let tested = type(of: operand).isString ? loadInteger(value, offset: 0, bits: 8, signed: false) : value
        return boolToInt(truth(tested))
    }
}
