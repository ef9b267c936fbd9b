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
        orderedIndices(entries, top: top).map { entries[$0] }
    }

    /// The indices of `ordered(entries, top:)`: printers walk the entries in place.
    static func orderedIndices(_ entries: [Entry], top: Int) -> [Int] {
        let order = sortedIndices(entries)
        // bpftrace shows every key of a tseries map whatever `top` says.
        if let first = order.first, case .tseries = entries[first].value { return order }
        if top > 0 && order.count > top {
            return Array(order.suffix(top))
        }
        return order
    }

    /// Entry indices in print order: by sort value, ties (or maps without one) by key.
    /// Both paths hand the same comparisons to the same sort, so they give the same order.
    static func sortedIndices(_ entries: [Entry]) -> [Int] {
        if let rows = NumericMapRows(entries) { return rows.rows.map(\.index) }
        return generalSortedIndices(entries)
    }

    /// `sortedIndices` for any map.
    static func generalSortedIndices(_ entries: [Entry]) -> [Int] {
        // Sort values and key atoms are worked out once per entry, not in every comparison:
        // maps with 100k keys print at exit and in every --live frame.
        let values = entries.map { sortValue($0.value) }
        let keys = entries.map { KeyAtom.atoms(of: $0.key) }
        return values.withUnsafeBufferPointer { values in
            keys.withUnsafeBufferPointer { keys in
                entries.indices.sorted { i, j in
                    if let a = values[i], let b = values[j], a != b { return a < b }
                    return KeyAtom.compare(keys[i], keys[j]) < 0
                }
            }
        }
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

    /// What a value sorts by, when its kind orders by value (nil: the map orders by key).
    enum SortValue: Comparable {
        case signed(Int64)
        case unsigned(UInt64)
    }

    static func sortValue(_ value: MapEntryValue) -> SortValue? {
        switch value {
        case .count(let n): return .unsigned(n)
        case .sum(let n): return .signed(n)
        case .min(let n), .max(let n): return .unsigned(UInt64(bitPattern: n))
        case .avg(let sum, let count), .stats(let sum, let count): return .signed(average(sum: sum, count: count))
        case .hist(let buckets), .log2Hist(_, let buckets), .lhist(_, _, _, let buckets):
            return .unsigned(total(buckets))
        case .scalar(.signed(let v)): return .signed(v)
        case .scalar(.unsigned(let v)): return .unsigned(v)
        default: return nil
        }
    }

    private static func total(_ buckets: [Int: UInt64]) -> UInt64 {
        buckets.values.reduce(0, &+)
    }

    private static func compare<T: Comparable>(_ a: T, _ b: T) -> Int {
        a < b ? -1 : (a == b ? 0 : 1)
    }
}
