// Emission of tseries(): one map entry per (key, interval number % count); each per-CPU slot
// holds the interval's value, a meta word (write time for "last", value count for "avg")
// and the interval number it belongs to, so a stale slot is recognised and restarted.
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    func emitTimeSeries(_ name: String, keys: [Expr], _ aggregation: Aggregation, arguments: [Expr]) throws {
        guard case .tseries(let intervalNs, let intervalCount, let reduction, let signed) = aggregation else { return }
        let value = try emit(arguments[0])
        let now = callHelper(.ktimeGetTaiNs, [])
        let interval = LLVMBuildUDiv(b, now, m.constant(intervalNs), "interval")!
        let bucket = LLVMBuildURem(b, interval, m.constant(UInt64(intervalCount)), "")!
        let key = try buildKey(name, keys: keys, bucket: bucket)
        withAggregationSlot(name, key: key) { slot in
            let old = loadInteger(slot, offset: 0, bits: 64, signed: true)
            let meta = loadInteger(slot, offset: 8, bits: 64, signed: false)
            let fresh = LLVMBuildICmp(b, LLVMIntNE, loadInteger(slot, offset: 16, bits: 64, signed: false), interval, "")!
            var newValue = value, newMeta: LLVMValueRef = m.constant(0)
            switch reduction {
            case .last:
                newMeta = now
            case .sum, .avg:
                newValue = LLVMBuildSelect(b, fresh, value, LLVMBuildAdd(b, old, value, "")!, "")!
                if reduction == .avg {
                    newMeta = LLVMBuildSelect(b, fresh, m.constant(1), LLVMBuildAdd(b, meta, m.constant(1), "")!, "")!
                }
            case .min, .max:
                let predicate = reduction == .min ? (signed ? LLVMIntSLT : LLVMIntULT) : (signed ? LLVMIntSGT : LLVMIntUGT)
                let better = LLVMBuildICmp(b, predicate, value, old, "")!
                newValue = LLVMBuildSelect(b, LLVMBuildOr(b, fresh, better, "")!, value, old, "")!
            }
            storeInteger(newValue, slot, offset: 0)
            storeInteger(newMeta, slot, offset: 8)
            storeInteger(interval, slot, offset: 16)
        }
    }
}
