// Order of maps and of entries inside a map, as bpftrace prints them.
//
// bpftrace (src/types_format.cpp, format() of a map) sorts count/sum/integer maps by value,
// min/max by value read as an unsigned 64-bit number, avg/stats by average, histograms by the
// total of their buckets, and any other map by key. Its sort is not stable; ties here fall
// back to the key so the output is deterministic. `top` keeps the last (largest) entries.
// Maps printed at exit come out of a std::map keyed by name, i.e. ordered by name.
import SwtraceCore

enum MapOrdering {
    typealias Entry = (key: [Value], value: MapEntryValue)

    /// Maps to print at exit, by name (byte order), empty maps dropped.
    static func exitOrder(_ snapshots: [MapSnapshot]) -> [MapSnapshot] {
        snapshots.filter { !$0.entries.isEmpty }
            .sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
    }

    /// Entries in print order, cut to the `top` largest when `top` > 0 (tseries maps: never).
    static func ordered(_ entries: [Entry], top: Int) -> [Entry] {
        let sorted = entries.sorted { lhs, rhs in
            switch compareValues(lhs.value, rhs.value) {
            case .some(let order) where order != 0: return order < 0
            default: return compareKeys(lhs.key, rhs.key) < 0
            }
        }
        // bpftrace shows every key of a tseries map whatever `top` says.
        if case .tseries = sorted.first?.value { return sorted }
        if top > 0 && sorted.count > top {
            return Array(sorted.suffix(top))
        }
        return sorted
    }

    /// The intervals a tseries map shows (shared by all its keys); nil for other maps.
    static func timeSeriesRange(_ snapshot: MapSnapshot) -> ClosedRange<UInt64>? {
        TimeSeriesPrinter.range(snapshot.entries.compactMap { entry -> TimeSeries? in
            if case .tseries(let series) = entry.value { return series }
            return nil
        })
    }

    /// Integer division as bpftrace applies `div`: 0 or less means no scaling.
    static func divisor(_ div: Int) -> UInt64 { div > 0 ? UInt64(div) : 1 }

    static func average(sum: Int64, count: UInt64) -> Int64 {
        count == 0 ? 0 : sum / Int64(truncatingIfNeeded: count)
    }

    /// -1, 0, 1 when the value kind orders by value; nil when the map orders by key.
    private static func compareValues(_ lhs: MapEntryValue, _ rhs: MapEntryValue) -> Int? {
        switch (lhs, rhs) {
        case (.count(let a), .count(let b)): return compare(a, b)
        case (.sum(let a), .sum(let b)): return compare(a, b)
        case (.min(let a), .min(let b)), (.max(let a), .max(let b)):
            return compare(UInt64(bitPattern: a), UInt64(bitPattern: b))
        case (.avg(let s1, let c1), .avg(let s2, let c2)), (.stats(let s1, let c1), .stats(let s2, let c2)):
            return compare(average(sum: s1, count: c1), average(sum: s2, count: c2))
        case (.hist(let a), .hist(let b)):
            return compare(total(a), total(b))
        case (.lhist(_, _, _, let a), .lhist(_, _, _, let b)):
            return compare(total(a), total(b))
        case (.scalar(.signed(let a)), .scalar(.signed(let b))): return compare(a, b)
        case (.scalar(.unsigned(let a)), .scalar(.unsigned(let b))): return compare(a, b)
        default: return nil
        }
    }

    private static func total(_ buckets: [Int: UInt64]) -> UInt64 {
        buckets.values.reduce(0, &+)
    }

    private static func compare<T: Comparable>(_ a: T, _ b: T) -> Int {
        a < b ? -1 : (a == b ? 0 : 1)
    }

    /// Keys compare element by element; integers as signed 64-bit (as bpftrace's key sort
    /// reads them), strings by bytes.
    static func compareKeys(_ lhs: [Value], _ rhs: [Value]) -> Int {
        for (a, b) in zip(lhs, rhs) {
            let order = compareKey(a, b)
            if order != 0 { return order }
        }
        return compare(lhs.count, rhs.count)
    }

    private static func compareKey(_ lhs: Value, _ rhs: Value) -> Int {
        switch (lhs, rhs) {
        case (.signed(let a), .signed(let b)): return compare(a, b)
        case (.unsigned(let a), .unsigned(let b)):
            return compare(Int64(bitPattern: a), Int64(bitPattern: b))
        case (.signed(let a), .unsigned(let b)): return compare(a, Int64(bitPattern: b))
        case (.unsigned(let a), .signed(let b)): return compare(Int64(bitPattern: a), b)
        case (.string(let a), .string(let b)), (.symbol(let a), .symbol(let b)):
            return compareBytes(Array(a.utf8), Array(b.utf8))
        case (.buffer(let a), .buffer(let b)): return compareBytes(a, b)
        case (.tuple(let a), .tuple(let b)): return compareKeys(a, b)
        case (.stack(let a), .stack(let b)):
            return compareKeys(a.map(Value.string), b.map(Value.string))
        case (.perfStack, .perfStack), (.rawStack, .rawStack):
            return compareBytes(Array(ValueText.text(lhs).utf8), Array(ValueText.text(rhs).utf8))
        case (.boolean(let a), .boolean(let b)): return compare(a ? 1 : 0, b ? 1 : 0)
        case (.pointer(let a), .pointer(let b)): return compare(a, b)
        case (.array(let a), .array(let b)): return compareKeys(a, b)
        case (.record(let a), .record(let b)): return compareKeys(a.map(\.value), b.map(\.value))
        default: return compare(rank(lhs), rank(rhs))
        }
    }

    private static func compareBytes(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a == b { return 0 }
        return a.lexicographicallyPrecedes(b) ? -1 : 1
    }

    private static func rank(_ value: Value) -> Int {
        switch value {
        case .none: return 0
        case .boolean: return 1
        case .signed, .unsigned: return 2
        case .string: return 3
        case .symbol: return 4
        case .buffer: return 5
        case .stack, .perfStack, .rawStack: return 6
        case .tuple: return 7
        case .pointer: return 8
        case .array: return 9
        case .record: return 10
        }
    }
}
