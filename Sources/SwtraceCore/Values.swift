// Values read back from the kernel (map keys/values, event arguments), decoded and ready to print.

// Not `indirect`: every nested value already sits in an array, and boxing each scalar cost a
// heap object per decoded integer (100k-key maps, printf arguments at high event rates).
public enum Value: Hashable, Sendable {
    case signed(Int64)
    case unsigned(UInt64)
    case string(String)
    case buffer([UInt8])
    case tuple([Value])
    /// A name already resolved from an id: probe names, symbols.
    case symbol(String)
    /// A symbolised stack, innermost frame first (stack_mode `bpftrace`).
    case stack([String])
    /// A stack in stack_mode `perf`: each frame's address and symbol, innermost first.
    case perfStack([StackFrame])
    /// A stack in stack_mode `raw`: frame addresses only, innermost first.
    case rawStack([UInt64])
    case boolean(Bool)
    case none
    /// A pointer: hex (`0xffff8881...`) in text, a plain number in JSON.
    case pointer(UInt64)
    /// A C array value: `[1,2,3]` in text and JSON.
    case array([Value])
    /// A C struct or union value: `{ .pid = 1, .comm = init }` in text, an object in JSON.
    case record([FieldValue])
}

/// One named field of a `Value.record`, in declaration order.
public struct FieldValue: Hashable, Sendable {
    public var name: String
    public var value: Value

    public init(name: String, value: Value) {
        self.name = name; self.value = value
    }
}

/// One frame of a `perf`-mode stack: `symbol` as the symboliser writes it (e.g. "do_sys_openat2+5").
public struct StackFrame: Hashable, Sendable {
    public var address: UInt64
    public var symbol: String

    public init(address: UInt64, symbol: String) {
        self.address = address; self.symbol = symbol
    }
}

/// The value of one map entry, by what the map holds.
public enum MapEntryValue: Hashable, Sendable {
    case scalar(Value)
    case count(UInt64)
    case sum(Int64)
    case min(Int64)
    case max(Int64)
    case avg(sum: Int64, count: UInt64)
    case stats(sum: Int64, count: UInt64)
    /// Bucket index (HistogramBuckets numbering) -> count; only non-zero buckets present.
    case hist([Int: UInt64])
    case lhist(min: Int64, max: Int64, step: Int64, buckets: [Int: UInt64])
    /// `hist(n, k)` with k > 0 bits per power of two: bucket index
    /// (HistogramBuckets.log2Index(_:bits:)) -> count; k = 0 arrives as `.hist`.
    case log2Hist(bits: Int, buckets: [Int: UInt64])
    /// `tseries()`: one value per recorded interval.
    case tseries(TimeSeries)
}

/// The intervals of one `tseries()` map entry, already reduced across CPUs.
///
/// Intervals are numbered like bpftrace numbers them: CLOCK_TAI nanoseconds divided by
/// `intervalNs`. Printing turns an interval number back into a wall-clock time with
/// `realtimeOffsetNs`, and shows the `intervalCount` most recent intervals of the whole map.
public struct TimeSeries: Hashable, Sendable {
    /// Length of one interval (`tseries(v, 100ms, 20)`: 100_000_000).
    public var intervalNs: UInt64
    /// How many intervals are kept and printed (`tseries(v, 100ms, 20)`: 20).
    public var intervalCount: Int
    /// Interval number -> the interval's value (`.signed` or `.unsigned`).
    public var values: [UInt64: Value]
    /// CLOCK_REALTIME minus CLOCK_TAI in nanoseconds (usually 0 or -37 s), read with the map.
    public var realtimeOffsetNs: Int64

    public init(intervalNs: UInt64, intervalCount: Int, values: [UInt64: Value], realtimeOffsetNs: Int64 = 0) {
        self.intervalNs = intervalNs; self.intervalCount = intervalCount
        self.values = values; self.realtimeOffsetNs = realtimeOffsetNs
    }
}

/// A whole map read at one instant: what `print(@m)` and exit printing show.
public struct MapSnapshot: Sendable, Equatable {
    /// Name as the user wrote it, with '@': "@", "@bytes".
    public var name: String
    /// True if the map is indexed (`@m[k]`), even by a single key.
    public var isKeyed: Bool
    public var entries: [(key: [Value], value: MapEntryValue)]

    public init(name: String, isKeyed: Bool, entries: [(key: [Value], value: MapEntryValue)]) {
        self.name = name; self.isKeyed = isKeyed; self.entries = entries
    }

    public static func == (lhs: MapSnapshot, rhs: MapSnapshot) -> Bool {
        lhs.name == rhs.name && lhs.isKeyed == rhs.isKeyed && lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}
