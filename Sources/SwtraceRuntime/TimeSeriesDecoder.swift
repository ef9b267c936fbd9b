// Reads tseries() maps: per key, the intervals still held in the kernel's ring of buckets,
// each merged across CPUs the way its aggregation says (see FunctionEmitter+TimeSeries).

import Glibc
import SwtraceCore

extension MapReader {
    func timeSeries(_ raw: [(key: [UInt8], value: [UInt8])], _ aggregation: Aggregation) throws
        -> [(key: [Value], value: MapEntryValue)] {
        guard case .tseries(let intervalNs, let intervalCount, let reduction, let signed) = aggregation else { return [] }
        var order: [[Value]] = []
        var series: [[Value]: [UInt64: Value]] = [:]
        for entry in raw {
            let key = try userKey(entry.key)
            if series[key] == nil { order.append(key); series[key] = [:] }
            let slots = entry.value.withUnsafeBytes { bytes in
                (0..<slotCount).compactMap { index -> (value: UInt64, meta: UInt64, interval: UInt64)? in
                    let base = index * slotStride
                    guard base + 24 <= bytes.count else { return nil }
                    return (ValueDecoder.u64(bytes, at: base), ValueDecoder.u64(bytes, at: base + 8), ValueDecoder.u64(bytes, at: base + 16))
                }
            }
            // The newest interval written to this bucket on any CPU; older ones were overwritten.
            guard let newest = slots.map(\.interval).max(), newest != 0 else { continue }
            let current = slots.filter { $0.interval == newest }
            series[key]![newest] = Self.reduce(current, reduction, signed: signed)
        }
        let offset = Self.realtimeMinusTai()
        return order.map { key in
            (key, .tseries(TimeSeries(intervalNs: intervalNs, intervalCount: intervalCount,
                                      values: series[key]!, realtimeOffsetNs: offset)))
        }
    }

    static func reduce(_ slots: [(value: UInt64, meta: UInt64, interval: UInt64)], _ reduction: TimeSeriesReduction,
                       signed: Bool) -> Value {
        let number: (UInt64) -> Value = { signed ? .signed(Int64(bitPattern: $0)) : .unsigned($0) }
        let less: (UInt64, UInt64) -> Bool = { signed ? Int64(bitPattern: $0) < Int64(bitPattern: $1) : $0 < $1 }
        switch reduction {
        case .last:
            return number(slots.max { $0.meta < $1.meta }?.value ?? 0)
        case .sum:
            return number(slots.reduce(0) { $0 &+ $1.value })
        case .min:
            return number(slots.map(\.value).min(by: less) ?? 0)
        case .max:
            return number(slots.map(\.value).max(by: less) ?? 0)
        case .avg:
            let total = slots.reduce(0) { $0 &+ $1.value }, count = slots.reduce(0) { $0 &+ $1.meta }
            guard count > 0 else { return number(0) }
            return signed ? .signed(Int64(bitPattern: total) / Int64(count)) : .unsigned(total / count)
        }
    }

    /// CLOCK_REALTIME - CLOCK_TAI: interval numbers count TAI time, printing shows wall time.
    static func realtimeMinusTai() -> Int64 {
        var realtime = timespec(), tai = timespec()
        clock_gettime(CLOCK_REALTIME, &realtime)
        clock_gettime(11 /* CLOCK_TAI */, &tai)
        return (Int64(realtime.tv_sec) - Int64(tai.tv_sec)) * 1_000_000_000 + Int64(realtime.tv_nsec) - Int64(tai.tv_nsec)
    }
}
