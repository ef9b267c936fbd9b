// `t1 == t2` / `t1 != t2` on tuples, element by element as bpftrace expands them: integers by
// value, strings up to their NUL, nested tuples recursively (padding bytes never compared).
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    func emitTupleComparison(_ op: BinaryOperator, _ left: Expr, _ right: Expr) throws -> LLVMValueRef {
        let equal = tuplesEqual(try emit(left), type(of: left), try emit(right), type(of: right))
        return op == .equal ? equal : LLVMBuildXor(b, equal, m.constant(1), "")
    }

    /// i64 1 when the values at `a` and `c` (of types the checker found comparable) are equal.
    private func tuplesEqual(_ a: LLVMValueRef, _ aType: SwType, _ c: LLVMValueRef, _ cType: SwType) -> LLVMValueRef {
        switch (aType, cType) {
        case (.tuple(let x), .tuple(let y)):
            let xLayout = RecordLayout(x), yLayout = RecordLayout(y)
            var all = m.constant(1)
            for index in 0..<min(x.count, y.count) {
                let same = tuplesEqual(address(a, offset: xLayout.offsets[index]), x[index],
                                       address(c, offset: yLayout.offsets[index]), y[index])
                all = LLVMBuildAnd(b, all, same, "")
            }
            return all
        case (.string(let xSize), .string(let ySize)):
            return compareStrings(a, xSize, c, ySize)
        default:
            let x = loadValue(a, offset: 0, type: aType), y = loadValue(c, offset: 0, type: cType)
            return boolToInt(LLVMBuildICmp(b, LLVMIntEQ, x, y, ""))
        }
    }
}
