// `==`/`!=` between integer arrays (bpftrace's array comparison): every element is compared,
// not just up to a zero as for strings. Casts between integers and integer arrays reinterpret
// the little-endian bytes.
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

    /// `(uint8[8])x` stores the integer's bytes in a new array; `(uint64)$array` loads them.
    /// Nil when the cast involves no array.
    func emitArrayCast(_ operand: Expr, _ expr: Expr) throws -> LLVMValueRef? {
        switch (type(of: operand), type(of: expr)) {
        case (.array(_, _), .integer(let bits, let signed)):
            return loadInteger(try emit(operand), offset: 0, bits: bits, signed: signed)
        case (.integer, .array(_, _)):
            let size = type(of: expr).byteSize
            let slot = stackSlot(size, "array.cast")
            zero(slot, size: size)
            storeInteger(try emit(operand), slot, offset: 0, bits: min(64, size * 8))
            return slot
        default:
            return nil
        }
    }
}
