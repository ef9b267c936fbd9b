// Reading a per-CPU aggregation inside a probe (`(int64)@count`, `@sum == 12`): every possible
// CPU's slot is fetched with bpf_map_lookup_percpu_elem and combined the way user space
// combines them when printing (counts and sums add up, min/max keep the extreme, avg divides).
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    /// bpf_map_lookup_percpu_elem (enum bpf_func_id).
    static let lookupPerCPUHelper: UInt64 = 195

    func emitAggregationTotal(_ name: String, _ aggregation: Aggregation, key: LLVMValueRef) -> LLVMValueRef {
        let accumulator = stackSlot(16, "agg_total")  // value (or sum), then count (or "has value")
        zero(accumulator, size: 16)
        // One lookup per possible CPU, unrolled: no loop for the verifier to bound.
        let type = m.functionType(m.i8Pointer, [m.i8Pointer, m.i8Pointer, m.i32])
        let callee = LLVMConstIntToPtr(m.constant(Self.lookupPerCPUHelper), m.pointer(to: type))
        for cpu in 0..<max(1, context.options.possibleCPUs) {
            var arguments: [LLVMValueRef?] = [mapGlobal(name), key, LLVMConstInt(m.i32, UInt64(cpu), 0)]
            let slot = LLVMBuildCall2(b, type, callee, &arguments, 3, "")!
            let found = appendBlock("agg.found"), next = appendBlock("agg.next")
            LLVMBuildCondBr(b, LLVMBuildIsNull(b, slot, ""), next, found)
            LLVMPositionBuilderAtEnd(b, found)
            combine(aggregation, slot: slot, into: accumulator)
            LLVMBuildBr(b, next)
            LLVMPositionBuilderAtEnd(b, next)
        }
        let total = loadInteger(accumulator, offset: 0, bits: 64, signed: true)
        guard case .avg(let signed) = aggregation else { return total }
        let count = loadInteger(accumulator, offset: 8, bits: 64, signed: false)
        let safeCount = LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntEQ, count, m.constant(0), ""), m.constant(1), count, "")!
        return signed ? signedDivision(total, safeCount, remainder: false) : LLVMBuildUDiv(b, total, safeCount, "")
    }

    private func combine(_ aggregation: Aggregation, slot: LLVMValueRef, into accumulator: LLVMValueRef) {
        let value = loadInteger(slot, offset: 0, bits: 64, signed: true)
        let second = loadInteger(slot, offset: 8, bits: 64, signed: false)
        let total = loadInteger(accumulator, offset: 0, bits: 64, signed: true)
        let totalSecond = loadInteger(accumulator, offset: 8, bits: 64, signed: false)
        switch aggregation {
        case .min(let signed), .max(let signed):
            let isMin: Bool
            if case .min = aggregation { isMin = true } else { isMin = false }
            let predicate = isMin ? (signed ? LLVMIntSLT : LLVMIntULT) : (signed ? LLVMIntSGT : LLVMIntUGT)
            let better = LLVMBuildICmp(b, predicate, value, total, "")!
            let first = LLVMBuildICmp(b, LLVMIntEQ, totalSecond, m.constant(0), "")!
            let hasValue = truth(second)
            let take = LLVMBuildAnd(b, hasValue, LLVMBuildOr(b, first, better, ""), "")!
            storeInteger(LLVMBuildSelect(b, take, value, total, "")!, accumulator, offset: 0)
            storeInteger(LLVMBuildOr(b, totalSecond, second, "")!, accumulator, offset: 8)
        case .avg, .stats:
            storeInteger(LLVMBuildAdd(b, total, value, "")!, accumulator, offset: 0)
            storeInteger(LLVMBuildAdd(b, totalSecond, second, "")!, accumulator, offset: 8)
        default:
            storeInteger(LLVMBuildAdd(b, total, value, "")!, accumulator, offset: 0)
        }
    }
}
