// The types of values in a swtrace program and their in-kernel storage sizes.

public indirect enum SwType: Hashable, Sendable {
    case void
    case boolean
    /// Integers of 8, 16, 32 or 64 bits.
    case integer(bits: Int, signed: Bool)
    /// A NUL-padded string in a fixed-size buffer of `size` bytes (terminator included).
    case string(size: Int)
    /// Raw bytes, `buf()`: room for `size` bytes after a u32 of how many it holds.
    case buffer(size: Int)
    case tuple([SwType])
    /// A named tuple, bpftrace's record literal `(a=1, b="x")`: fields in the order written.
    case namedTuple([String], [SwType])
    /// A pointer; `pointee` is what it points to (`.record` for kernel structs, `.void` if unknown).
    case pointer(SwType)
    /// A C struct/union known from BTF or a tracepoint format.
    case record(name: String, size: Int)
    case array(SwType, count: Int)
    /// The `probe` builtin: stored as a u64 probe index, printed as the probe's full name.
    case probeName
    /// Stack ids and symbol addresses (printed symbolised).
    case kernelStack, userStack, kernelSymbol, userSymbol
    /// Value of an aggregation function (`count()`, `hist()`...): only valid as a map value.
    case aggregation(Aggregation)
    /// Raw bytes the kernel records and user space turns into text (`strftime`, `usym`,
    /// `ntop`...): see UserSpaceFormat.
    case formatted(UserSpaceFormat)

    public static let int64 = SwType.integer(bits: 64, signed: true)
    public static let uint64 = SwType.integer(bits: 64, signed: false)
    public static let int32 = SwType.integer(bits: 32, signed: true)
    public static let uint32 = SwType.integer(bits: 32, signed: false)
    public static let uint8 = SwType.integer(bits: 8, signed: false)
    public static let commString = SwType.string(size: 16)

    /// Bytes before a buffer's data: the u32 count of the bytes it holds.
    public static let bufferHeader = 4

    /// The most bytes `buf()` holds: max_strlen less the header (bpftrace's rule).
    public static func bufferCapacity(maxStringSize: Int) -> Int { max(1, maxStringSize - bufferHeader) }

    public var isInteger: Bool { if case .integer = self { return true }; return false }
    public var isString: Bool { if case .string = self { return true }; return false }
    public var isSigned: Bool { if case .integer(_, let s) = self { return s }; return false }

    /// Bytes the value occupies in a map key, map value or event record.
    public var byteSize: Int {
        switch self {
        case .void: return 0
        case .boolean: return 1
        case .integer(let bits, _): return bits / 8
        case .string(let size): return size
        // The length it holds (u32), then `size` bytes, as bpftrace's buffers.
        case .buffer(let size): return Self.bufferHeader + size
        case .tuple(let elements), .namedTuple(_, let elements): return RecordLayout(elements).size
        case .pointer: return 8
        case .record(_, let size): return size
        case .array(let element, let count): return element.byteSize * count
        case .probeName, .kernelStack, .userStack, .kernelSymbol, .userSymbol: return 8
        case .formatted(let format): return format.byteSize
        case .aggregation(let aggregation): return aggregation.valueSize
        }
    }

    /// Natural alignment used when laying values out in records.
    public var alignment: Int {
        switch self {
        case .void, .boolean, .string: return 1
        case .buffer: return 4
        case .integer(let bits, _): return bits / 8
        case .tuple(let elements), .namedTuple(_, let elements): return elements.map(\.alignment).max() ?? 1
        case .array(let element, _): return element.alignment
        case .record: return 8
        default: return 8
        }
    }
}

/// Map aggregation functions and the per-CPU value each stores.
public enum Aggregation: Hashable, Sendable {
    case count
    case sum(signed: Bool)
    case min(signed: Bool)
    case max(signed: Bool)
    case avg(signed: Bool)
    case stats(signed: Bool)
    /// Power-of-two histogram; one map entry per (key, bucket).
    case hist
    /// `hist(n, k)` with k in 1...HistogramBuckets.maxBits: each power of two split into 2^k
    /// buckets (HistogramBuckets.log2Index(_:bits:)); one map entry per (key, bucket).
    case log2Hist(bits: Int)
    /// Linear histogram; one map entry per (key, bucket).
    case lhist(min: Int64, max: Int64, step: Int64)
    /// Time series (`tseries(v, interval, count[, agg])`); one map entry per (key, interval
    /// number % count). Each per-CPU slot holds value, meta (timestamp for `.last`, count for
    /// `.avg`) and the interval number (0 = never written).
    case tseries(intervalNs: UInt64, intervalCount: Int, reduction: TimeSeriesReduction, signed: Bool)

    /// Size of one per-CPU value slot.
    public var valueSize: Int {
        switch self {
        case .count, .sum, .hist, .log2Hist, .lhist: return 8
        case .min, .max: return 16  // value, "has a value" flag
        case .avg, .stats: return 16 // sum, count
        case .tseries: return 24     // value, meta, interval number
        }
    }

    /// Histograms key their map with an extra trailing u64 bucket index.
    public var hasBucketKey: Bool {
        switch self { case .hist, .log2Hist, .lhist, .tseries: return true; default: return false }
    }

    public var functionName: String {
        switch self {
        case .count: return "count"
        case .sum: return "sum"
        case .min: return "min"
        case .max: return "max"
        case .avg: return "avg"
        case .stats: return "stats"
        case .hist, .log2Hist: return "hist"
        case .lhist: return "lhist"
        case .tseries: return "tseries"
        }
    }
}

/// How `tseries()` combines several values written in the same interval (its 4th argument).
public enum TimeSeriesReduction: String, Hashable, Sendable, CaseIterable {
    /// No 4th argument: the most recently written value wins.
    case last = ""
    case avg, max, min, sum
}

/// Offsets of consecutive fields laid out with natural alignment (like a C struct).
public struct RecordLayout: Sendable, Equatable {
    public let offsets: [Int]
    public let size: Int

    public init(_ fields: [SwType], startingAt start: Int = 0) {
        var offset = start
        var maxAlign = 1
        var offsets: [Int] = []
        for field in fields {
            let align = max(1, field.alignment)
            maxAlign = max(maxAlign, align)
            offset = (offset + align - 1) / align * align
            offsets.append(offset)
            offset += field.byteSize
        }
        self.offsets = offsets
        // Round to 8 so records and keys stay 8-byte aligned for the verifier.
        let roundTo = max(maxAlign, 1)
        self.size = (offset + roundTo - 1) / roundTo * roundTo
    }
}

/// Bucket numbering shared by the kernel side (codegen) and the printers.
public enum HistogramBuckets {
    /// `hist()`: 0 = negative, 1 = [0], 2 = [1], k+2 = [2^k, 2^(k+1)) for k >= 1.
    public static func log2Index(_ value: Int64) -> Int {
        if value < 0 { return 0 }
        if value == 0 { return 1 }
        let v = UInt64(value)
        return 64 - v.leadingZeroBitCount + 1
    }

    /// The largest k of `hist(n, k)`, as in bpftrace.
    public static let maxBits = 5

    /// `hist(n, k)`: bpftrace's numbering with k bits per power of two (k = 0 is log2Index).
    /// 0 = negative; 1...2^(k+1) = the single values 0...2^(k+1)-1; above, each power of two
    /// [2^p, 2^(p+1)) splits into 2^k buckets of 2^(p-k) values:
    /// index = ((p - k + 1) << k | (v >> (p - k)) - 2^k) + 1.
    public static func log2Index(_ value: Int64, bits: Int) -> Int {
        if value < 0 { return 0 }
        let n = 1 << bits
        if value < Int64(2 * n) { return Int(value) + 1 }
        let power = 63 - UInt64(value).leadingZeroBitCount
        let shift = power - bits
        let interval = Int(value >> Int64(shift)) - n
        return ((shift + 1) << bits | interval) + 1
    }

    /// Lower bound (inclusive) of a `hist()` bucket index >= 1.
    public static func log2LowerBound(_ index: Int) -> UInt64 {
        index <= 1 ? 0 : (UInt64(1) << UInt64(index - 2))
    }

    /// `lhist()`: 0 = (..., min), 1...n = [min + (i-1)*step, min + i*step), n+1 = [min + n*step, ...)
    /// where n = (max - min) / step rounded down, as bpftrace buckets: when step does not divide
    /// max - min, the last bucket starts below max.
    public static func linearIndex(_ value: Int64, min: Int64, max: Int64, step: Int64) -> Int {
        if value < min { return 0 }
        let count = linearBucketCount(min: min, max: max, step: step)
        if value >= max { return count + 1 }
        return Swift.min(Int((value - min) / step) + 1, count + 1)
    }

    public static func linearBucketCount(min: Int64, max: Int64, step: Int64) -> Int {
        Int((max - min) / step)
    }
}
