// Rows of hist() and lhist() maps: labels, bounds and counts, and their text layout.
//
// Layout (bpftrace src/output/text.cpp): label left-aligned in 16 columns, count
// right-aligned in 8, " |", a bar of '@' scaled to the largest bucket in a 52-column field,
// "|". Only buckets from the first to the last non-empty one are printed.
// hist labels: (..., 0), [0], [1], then [2^p, 2^(p+1)) with K/M/G/T/P/E for powers of 1024;
// hist(n, k) splits each power of two into 2^k buckets (single values up to 2^(k+1)).
// lhist labels: (..., min), [lo, hi) ([lo] when step is 1), [last, ...); K/M suffixes only
// when step is a multiple of 1024. JSON bounds are closed: max is the next label minus one.
import SwtraceCore

struct HistogramRow: Equatable {
    var label: String
    var min: Value?
    var max: Value?
    var count: UInt64
}

enum HistogramPrinter {
    static let barWidth = 52

    /// Power-of-two histogram rows (HistogramBuckets.log2Index numbering, `hist(n, k)` with
    /// `bits` = k); counts divided. Bucket i runs from bound(i - 1) to bound(i), as bpftrace's
    /// build_histogram labels them; the bucket below the first filled one gives the first bound.
    static func log2Rows(_ buckets: [Int: UInt64], divisor: UInt64, bits: Int = 0) -> [HistogramRow] {
        guard let (first, last) = occupiedRange(buckets) else { return [] }
        return (first...last).map { index in
            let count = (buckets[index] ?? 0) / divisor
            let high = log2Bound(index, bits: bits)
            // One less than the upper bound: JSON bounds are closed.
            let max = Value.signed(high.value == 0 ? -1 : Int64(bitPattern: high.value &- 1))
            guard index > 0 else {
                return HistogramRow(label: "(..., " + high.text + ")", min: nil, max: max, count: count)
            }
            let low = log2Bound(index - 1, bits: bits)
            // Two adjacent plain integers bound a bucket of one value: `[3]`.
            let single = low.isPlain && high.isPlain && low.value &+ 1 == high.value
            let label = single ? "[" + low.text + "]" : "[" + low.text + ", " + high.text + ")"
            return HistogramRow(label: label, min: .unsigned(low.value), max: max, count: count)
        }
    }

    /// A bucket bound as bpftrace writes it: indices up to 2^(k+1) are plain integers; above,
    /// 2^(p-1) * (2^k + r) for index (p << k | r), with the largest 1024-power suffix
    /// (K, M, G, T, P, E) taken out of the power of two.
    static func log2Bound(_ index: Int, bits: Int) -> (value: UInt64, text: String, isPlain: Bool) {
        let n = 1 << bits
        if index <= 2 * n { return (UInt64(index), String(index), true) }
        let multiplier = UInt64(n + (index & (n - 1)))
        let power = Swift.min((index >> bits) - 1, 63)
        let decade = Swift.min(power / 10, 6)
        let suffix = ["", "K", "M", "G", "T", "P", "E"][decade]
        return ((UInt64(1) << UInt64(power)) &* multiplier,
                String((UInt64(1) << UInt64(power - 10 * decade)) &* multiplier) + suffix, false)
    }

    /// Linear histogram rows (HistogramBuckets.linearIndex numbering); `div` does not apply.
    static func linearRows(min: Int64, max: Int64, step: Int64, buckets: [Int: UInt64]) -> [HistogramRow] {
        guard step > 0, let (first, last) = occupiedRange(buckets) else { return [] }
        let bucketCount = HistogramBuckets.linearBucketCount(min: min, max: max, step: step)
        return (first...last).map { index in
            let count = buckets[index] ?? 0
            if index == 0 {
                return HistogramRow(label: "(..., " + linearLabel(min, step: step) + ")",
                                    min: nil, max: .signed(min &- 1), count: count)
            }
            if index > bucketCount {
                // The open bucket starts at the last bound not above max (max itself when step divides the range).
                let last = min &+ Int64(bucketCount) &* step
                return HistogramRow(label: "[" + linearLabel(last, step: step) + ", ...)",
                                    min: .signed(last), max: nil, count: count)
            }
            let low = min &+ Int64(index - 1) &* step
            let high = min &+ Int64(index) &* step
            // Like bpftrace, a bucket holding one integer (step 1) is labelled by that integer.
            let label = step == 1 ? "[" + String(low) + "]"
                : "[" + linearLabel(low, step: step) + ", " + linearLabel(high, step: step) + ")"
            return HistogramRow(label: label, min: .signed(low), max: .signed(high &- 1), count: count)
        }
    }

    static func text(_ rows: [HistogramRow]) -> String {
        let largest = rows.map(\.count).max() ?? 0
        var out = ""
        for row in rows {
            var bar = 0
            if largest > 0 {
                bar = Int((Float(row.count) / Float(largest)) * Float(barWidth))
            }
            out += pad(row.label, to: 16, left: true)
            out += pad(String(row.count), to: 8, left: false)
            out += " |" + pad(String(repeating: "@", count: bar), to: barWidth, left: true) + "|\n"
        }
        return out
    }

    static func linearLabel(_ number: Int64, step: Int64) -> String {
        let kilo: Int64 = 1024
        let mega: Int64 = 1024 * 1024
        if step % kilo != 0 || number == 0 { return String(number) }
        if number % mega == 0 { return String(number / mega) + "M" }
        if number % kilo == 0 { return String(number / kilo) + "K" }
        return String(number)
    }

    private static func occupiedRange(_ buckets: [Int: UInt64]) -> (Int, Int)? {
        let used = buckets.filter { $0.value > 0 }.keys
        guard let first = used.min(), let last = used.max() else { return nil }
        return (first, last)
    }

    static func pad(_ text: String, to width: Int, left: Bool) -> String {
        let length = text.utf8.count
        guard length < width else { return text }
        let fill = String(repeating: " ", count: width - length)
        return left ? text + fill : fill + text
    }
}
