// `hist(n, k)` bucketing in the kernel: the same numbering as HistogramBuckets.log2Index(_:bits:),
// computed without loops or branches so the verifier sees one straight path.
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    /// Bucket of `value` with `bits` bits of linear subdivision per power of two:
    /// negative -> 0; below 2^(bits+1) -> value + 1; else
    /// ((power - bits + 1) << bits | (value >> (power - bits)) - 2^bits) + 1.
    func log2Bucket(_ value: LLVMValueRef, bits: Int) -> LLVMValueRef {
        let subdivisions = UInt64(1) << UInt64(bits)
        // log2Bucket(value) is floor(log2(value)) + 2 for value >= 1.
        let power = LLVMBuildSub(b, log2Bucket(value), m.constant(2), "")!
        let shift = LLVMBuildSub(b, power, m.constant(UInt64(bits)), "")!
        let interval = LLVMBuildSub(b, LLVMBuildLShr(b, value, shift, ""), m.constant(subdivisions), "")!
        let group = LLVMBuildShl(b, LLVMBuildAdd(b, shift, m.constant(1), ""), m.constant(UInt64(bits)), "")!
        let large = LLVMBuildAdd(b, LLVMBuildOr(b, group, interval, ""), m.constant(1), "")!
        let small = LLVMBuildAdd(b, value, m.constant(1), "")!
        let isSmall = LLVMBuildICmp(b, LLVMIntSLT, value, m.constant(2 * subdivisions), "")!
        let isNegative = LLVMBuildICmp(b, LLVMIntSLT, value, m.constant(0), "")!
        return LLVMBuildSelect(b, isNegative, m.constant(0), LLVMBuildSelect(b, isSmall, small, large, "")!, "")!
    }
}
