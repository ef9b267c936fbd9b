// Emission of map keys, reads, writes, aggregation updates and deletes.
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    func mapIndex(_ name: String) -> Int { program.mapIndex(name)! }

    func descriptor(_ name: String) -> MapDescriptor { context.maps.descriptors[mapIndex(name)] }

    func mapGlobal(_ name: String) -> LLVMValueRef { mapPointer(context.maps.globals[mapIndex(name)]) }

    /// Builds the kernel key for `@name[keys]` (and a histogram bucket) in a zeroed stack slot.
    func buildKey(_ name: String, keys: [Expr], bucket: LLVMValueRef? = nil) throws -> LLVMValueRef {
        var values = try keys.map { (try emit($0), type(of: $0)) }
        // `@m[(a, b)]` keys the map like `@m[a, b]`: take the tuple apart.
        if values.count == 1, case .tuple(let elements) = values[0].1, elements.count > 1 {
            let tuple = values[0].0
            let layout = RecordLayout(elements)
            values = elements.enumerated().map { index, element in
                (isMemory(element) ? address(tuple, offset: layout.offsets[index]) : loadValue(tuple, offset: layout.offsets[index], type: element),
                 element)
            }
        }
        return buildKey(name, values: values, bucket: bucket)
    }

    func buildKey(_ name: String, values: [(LLVMValueRef, SwType)], bucket: LLVMValueRef? = nil) -> LLVMValueRef {
        let map = descriptor(name)
        let kernelTypes = map.kernelKeyTypes
        let layout = RecordLayout(kernelTypes)
        let slot = stackSlot(layout.size, "key")
        if kernelTypes.contains(where: isMemory) || layout.size > kernelTypes.reduce(0, { $0 + $1.byteSize }) {
            zero(slot, size: layout.size)
        }
        if map.keyTypes.isEmpty {
            storeInteger(m.constant(0), slot, offset: 0)
        } else {
            for (index, (value, type)) in values.enumerated() where index < map.keyTypes.count {
                storeValue(value, type: type, into: slot, offset: layout.offsets[index], slotType: map.keyTypes[index])
            }
        }
        if let bucket { storeInteger(bucket, slot, offset: layout.offsets[kernelTypes.count - 1]) }
        return slot
    }

    func lookup(_ name: String, key: LLVMValueRef) -> LLVMValueRef {
        callHelper(.mapLookupElem, [mapGlobal(name), key], returning: m.i8Pointer)
    }

    /// Reads `@name[keys]`: its value, or zero when the key is absent.
    func emitMapRead(_ name: String, _ keys: [Expr], _ expr: Expr) throws -> LLVMValueRef {
        let map = descriptor(name)
        if case .aggregation(let aggregation) = map.value {
            return emitAggregationTotal(name, aggregation, key: try buildKey(name, keys: keys))
        }
        let key = try buildKey(name, keys: keys)
        let pointer = lookup(name, key: key)
        let isNull = LLVMBuildIsNull(b, pointer, "")!
        // -k: a keyed map's missing element reads as zero, with bpftrace's warning.
        if !keys.isEmpty { reportMapElementMissing(isNull, action: "lookup", .mapLookupElem, code: m.constant(0), expr) }
        if isMemory(map.value) {
            let slot = stackSlot(map.value.byteSize, "mapval")
            zero(slot, size: map.value.byteSize)
            let found = appendBlock("map.found"), done = appendBlock("map.done")
            LLVMBuildCondBr(b, isNull, done, found)
            LLVMPositionBuilderAtEnd(b, found)
            copy(to: slot, from: pointer, size: map.value.byteSize)
            LLVMBuildBr(b, done)
            LLVMPositionBuilderAtEnd(b, done)
            return slot
        }
        let start = currentBlock
        let found = appendBlock("map.found"), done = appendBlock("map.done")
        LLVMBuildCondBr(b, isNull, done, found)
        LLVMPositionBuilderAtEnd(b, found)
        let value = loadValue(pointer, offset: 0, type: map.value)
        LLVMBuildBr(b, done)
        LLVMPositionBuilderAtEnd(b, done)
        return phi(m.i64, [(m.constant(0), start), (value, found)])
    }

    /// `@name[keys] = value` for a plain (non-aggregation) map.
    func emitMapStore(_ name: String, keys: [Expr], value: LLVMValueRef, valueType: SwType) throws {
        let key = try buildKey(name, keys: keys)
        storeMapValue(name, key: key, value: value, valueType: valueType)
    }

    func storeMapValue(_ name: String, key: LLVMValueRef, value: LLVMValueRef, valueType: SwType) {
        let map = descriptor(name)
        let slot = stackSlot(map.valueSize, "val")
        storeValue(value, type: valueType, into: slot, offset: 0, slotType: map.value)
        callHelper(.mapUpdateElem, [mapGlobal(name), key, slot, m.constant(BPFUpdateFlag.any.rawValue)])
    }

    /// Read-modify-write of an integer map value; returns (old, new).
    func updateMapInteger(_ name: String, _ keys: [Expr], _ operation: (LLVMValueRef) throws -> LLVMValueRef) throws -> (LLVMValueRef, LLVMValueRef) {
        let key = try buildKey(name, keys: keys)
        let pointer = lookup(name, key: key)
        let start = currentBlock
        let found = appendBlock("map.found"), done = appendBlock("map.done")
        LLVMBuildCondBr(b, LLVMBuildIsNull(b, pointer, ""), done, found)
        LLVMPositionBuilderAtEnd(b, found)
        let existing = loadInteger(pointer, offset: 0, bits: 64, signed: true)
        LLVMBuildBr(b, done)
        LLVMPositionBuilderAtEnd(b, done)
        let old = phi(m.i64, [(m.constant(0), start), (existing, found)])
        let new = try operation(old)
        storeMapValue(name, key: key, value: new, valueType: .int64)
        return (old, new)
    }

    /// Finds the per-CPU slot for `key`, creating it zeroed if absent; runs `update` on it.
    func withAggregationSlot(_ name: String, key: LLVMValueRef, _ update: (LLVMValueRef) -> Void) {
        let map = descriptor(name)
        let first = lookup(name, key: key)
        let start = currentBlock
        let create = appendBlock("agg.create"), ready = appendBlock("agg.ready"), apply = appendBlock("agg.apply"), done = appendBlock("agg.done")
        LLVMBuildCondBr(b, LLVMBuildIsNull(b, first, ""), create, ready)
        LLVMPositionBuilderAtEnd(b, create)
        let initial = stackSlot(map.valueSize, "zero")
        zero(initial, size: map.valueSize)
        callHelper(.mapUpdateElem, [mapGlobal(name), key, initial, m.constant(BPFUpdateFlag.noExist.rawValue)])
        let second = lookup(name, key: key)
        LLVMBuildBr(b, ready)
        LLVMPositionBuilderAtEnd(b, ready)
        let slot = phi(m.i8Pointer, [(first, start), (second, create)])
        LLVMBuildCondBr(b, LLVMBuildIsNull(b, slot, ""), done, apply)
        LLVMPositionBuilderAtEnd(b, apply)
        update(slot)
        LLVMBuildBr(b, done)
        LLVMPositionBuilderAtEnd(b, done)
    }

    /// `@name[keys] = count()/sum(v)/.../hist(v)/lhist(v, min, max, step)`.
    func emitAggregation(_ name: String, keys: [Expr], _ aggregation: Aggregation, arguments: [Expr]) throws {
        if case .tseries = aggregation { return try emitTimeSeries(name, keys: keys, aggregation, arguments: arguments) }
        let value = try arguments.first.map { try emit($0) } ?? m.constant(1)
        var bucket: LLVMValueRef?
        switch aggregation {
        case .hist: bucket = log2Bucket(value)
        case .log2Hist(let bits): bucket = log2Bucket(value, bits: bits)
        case .lhist(let low, let high, let step): bucket = linearBucket(value, min: low, max: high, step: step)
        default: break
        }
        let key = try buildKey(name, keys: keys, bucket: bucket)
        withAggregationSlot(name, key: key) { slot in
            let add = { (offset: Int, amount: LLVMValueRef) in
                let old = self.loadInteger(slot, offset: offset, bits: 64, signed: false)
                self.storeInteger(LLVMBuildAdd(self.b, old, amount, "")!, slot, offset: offset)
            }
            switch aggregation {
            case .count, .hist, .log2Hist, .lhist: add(0, m.constant(1))
            case .sum: add(0, value)
            case .avg, .stats: add(0, value); add(8, m.constant(1))
            case .min(let signed), .max(let signed):
                let isMin: Bool
                if case .min = aggregation { isMin = true } else { isMin = false }
                let current = loadInteger(slot, offset: 0, bits: 64, signed: true)
                let hasValue = truth(loadInteger(slot, offset: 8, bits: 64, signed: false))
                let predicate = isMin ? (signed ? LLVMIntSLT : LLVMIntULT) : (signed ? LLVMIntSGT : LLVMIntUGT)
                let better = LLVMBuildICmp(b, predicate, value, current, "")!
                let replace = LLVMBuildOr(b, LLVMBuildNot(b, hasValue, ""), better, "")
                storeInteger(LLVMBuildSelect(b, replace, value, current, "")!, slot, offset: 0)
                storeInteger(m.constant(1), slot, offset: 8)
            case .tseries: break
            }
        }
    }

    /// `hist()` bucket (HistogramBuckets.log2Index): branch-free binary search for the top bit.
    func log2Bucket(_ value: LLVMValueRef) -> LLVMValueRef {
        var remaining: LLVMValueRef = value
        var position: LLVMValueRef = m.constant(0)
        for shift in [32, 16, 8, 4, 2, 1] {
            let isAbove = LLVMBuildICmp(b, LLVMIntUGE, remaining, m.constant(UInt64(1) << UInt64(shift)), "")!
            remaining = LLVMBuildSelect(b, isAbove, LLVMBuildLShr(b, remaining, m.constant(UInt64(shift)), ""), remaining, "")!
            position = LLVMBuildSelect(b, isAbove, LLVMBuildAdd(b, position, m.constant(UInt64(shift)), ""), position, "")!
        }
        let positive = LLVMBuildAdd(b, position, m.constant(2), "")!
        let isZero = LLVMBuildICmp(b, LLVMIntEQ, value, m.constant(0), "")!
        let isNegative = LLVMBuildICmp(b, LLVMIntSLT, value, m.constant(0), "")!
        let nonNegative = LLVMBuildSelect(b, isZero, m.constant(1), positive, "")!
        return LLVMBuildSelect(b, isNegative, m.constant(0), nonNegative, "")!
    }

    /// `lhist()` bucket (HistogramBuckets.linearIndex).
    func linearBucket(_ value: LLVMValueRef, min low: Int64, max high: Int64, step: Int64) -> LLVMValueRef {
        let count = HistogramBuckets.linearBucketCount(min: low, max: high, step: step)
        let below = LLVMBuildICmp(b, LLVMIntSLT, value, m.constant(signed: low), "")!
        let above = LLVMBuildICmp(b, LLVMIntSGE, value, m.constant(signed: high), "")!
        // Only meaningful when in range, where value - min is non-negative.
        let offset = LLVMBuildSub(b, value, m.constant(signed: low), "")
        let inRange = LLVMBuildAdd(b, LLVMBuildUDiv(b, offset, m.constant(UInt64(step)), ""), m.constant(1), "")!
        let upper = LLVMBuildSelect(b, above, m.constant(UInt64(count + 1)), inRange, "")!
        return LLVMBuildSelect(b, below, m.constant(0), upper, "")!
    }

    func emitDelete(_ name: String, key: LLVMValueRef) {
        callHelper(.mapDeleteElem, [mapGlobal(name), key])
    }
}
