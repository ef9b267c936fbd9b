// `==`/`!=` between integer arrays and between tuples (bpftrace's comparisons): every element is
// compared, strings up to their terminator. Casts between integers and integer arrays reinterpret
// the little-endian bytes.
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    /// `==`/`!=` between two arrays or two tuples, element by element (tuples of different
    /// integer widths and string lengths compare by value); nil for other operands.
    func emitCompositeComparison(_ op: BinaryOperator, _ left: Expr, _ right: Expr) throws -> LLVMValueRef? {
        let leftType = type(of: left), rightType = type(of: right)
        switch (leftType, rightType) {
        case (.array, .array), (.tuple, .tuple): break
        default: return nil
        }
        let equal = valuesEqual(try emit(left), leftType, try emit(right), rightType)
        return boolToInt(op == .equal ? equal : LLVMBuildNot(b, equal, "")!)
    }

    /// i1 true when the values stored at `a` and `c` are equal.
    private func valuesEqual(_ a: LLVMValueRef, _ aType: SwType, _ c: LLVMValueRef, _ cType: SwType) -> LLVMValueRef {
        switch (aType, cType) {
        case (.integer(let aBits, let aSigned), .integer(let cBits, let cSigned)):
            return LLVMBuildICmp(b, LLVMIntEQ, loadInteger(a, offset: 0, bits: aBits, signed: aSigned),
                                 loadInteger(c, offset: 0, bits: cBits, signed: cSigned), "")!
        case (.string(let aSize), .string(let cSize)):
            return truth(compareStrings(a, aSize, c, cSize))
        case (.tuple(let aElements), .tuple(let cElements)):
            let aOffsets = RecordLayout(aElements).offsets, cOffsets = RecordLayout(cElements).offsets
            var equal: LLVMValueRef = LLVMConstInt(m.i1, 1, 0)
            for index in aElements.indices {
                let same = valuesEqual(address(a, offset: aOffsets[index]), aElements[index],
                                       address(c, offset: cOffsets[index]), cElements[index])
                equal = LLVMBuildAnd(b, equal, same, "")!
            }
            return equal
        case (.array(let aElement, let count), .array(let cElement, _)):
            var equal: LLVMValueRef = LLVMConstInt(m.i1, 1, 0)
            for index in 0..<count {
                let same = valuesEqual(address(a, offset: index * aElement.byteSize), aElement,
                                       address(c, offset: index * cElement.byteSize), cElement)
                equal = LLVMBuildAnd(b, equal, same, "")!
            }
            return equal
        default:
            // Identical types (checked): their bytes.
            var equal: LLVMValueRef = LLVMConstInt(m.i1, 1, 0)
            for index in 0..<aType.byteSize {
                let same = LLVMBuildICmp(b, LLVMIntEQ, loadInteger(a, offset: index, bits: 8, signed: false),
                                         loadInteger(c, offset: index, bits: 8, signed: false), "")!
                equal = LLVMBuildAnd(b, equal, same, "")!
            }
            return equal
        }
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
