// bpftrace's default text output (src/output/text.cpp).
//
// Maps: `@x: 5`, `@x[k1, k2]: 5`, one line per entry; histograms print `@h:` or `@h[k]:` on
// their own line, then the rows, then a blank line; tseries graphs likewise. stats: `count N, average A, total T`.
// "Attached N probe(s)" and "Lost N events" go to stderr; the run ends with two newlines.
import SwtraceCore

public struct TextFormatter: OutputFormatter {
    public init() {}

    public var attachedProbesStream: OutputStream { .standardError }
    public var lostEventsStream: OutputStream { .standardError }

    public func attachedProbes(_ count: Int) -> String {
        count == 1 ? "Attached 1 probe\n" : "Attached \(count) probes\n"
    }

    public func printf(_ text: String) -> String { text }

    public func map(_ snapshot: MapSnapshot, top: Int, divisor: Int) -> String {
        let div = MapOrdering.divisor(divisor)
        if snapshot.isKeyed, var rows = NumericMapRows(snapshot.entries) {
            rows.keepTop(top)
            return rows.text(name: snapshot.name, divisor: div)
        }
        return generalText(snapshot, top: top, divisor: div)
    }

    /// `map` for any map.
    func generalText(_ snapshot: MapSnapshot, top: Int, divisor div: UInt64) -> String {
        let order = MapOrdering.orderedIndices(snapshot.entries, top: top)
        let range = MapOrdering.timeSeriesRange(snapshot)
        var out = ""
        // One growing buffer instead of a few temporary strings per entry.
        out.reserveCapacity(order.count * (snapshot.name.utf8.count + 24))
        for index in order {
            let entry = snapshot.entries[index]
            out += snapshot.name
            if snapshot.isKeyed {
                out += "["
                out += ValueText.key(entry.key)
                out += "]"
            }
            if let rows = Self.histogramRows(entry.value, divisor: div) {
                out += ":\n"
                out += HistogramPrinter.text(rows)
                out += "\n"
            } else if case .tseries(let series) = entry.value, let range {
                out += ":\n"
                out += TimeSeriesPrinter.text(TimeSeriesPrinter.rows(series, in: range))
                out += "\n"
            } else {
                out += ": "
                out += Self.text(entry.value, divisor: div)
                out += "\n"
            }
            if !snapshot.isKeyed { break }
        }
        return out
    }

    public var endOfRun: String { "\n\n" }

    public func lostEvents(_ count: UInt64) -> String { "Lost \(count) events\n" }

    public func value(_ value: Value) -> String { ValueText.text(value) + "\n" }

    static func histogramRows(_ value: MapEntryValue, divisor: UInt64) -> [HistogramRow]? {
        switch value {
        case .hist(let buckets):
            return HistogramPrinter.log2Rows(buckets, divisor: divisor)
        case .log2Hist(let bits, let buckets):
            return HistogramPrinter.log2Rows(buckets, divisor: divisor, bits: bits)
        case .lhist(let min, let max, let step, let buckets):
            return HistogramPrinter.linearRows(min: min, max: max, step: step, buckets: buckets)
        default:
            return nil
        }
    }

    /// One non-histogram map value, scaled by `div` where bpftrace scales it.
    static func text(_ value: MapEntryValue, divisor div: UInt64) -> String {
        let signedDiv = Int64(truncatingIfNeeded: div)
        switch value {
        case .scalar(.signed(let v)): return String(v / signedDiv)
        case .scalar(.unsigned(let v)): return String(v / div)
        case .scalar(let v): return ValueText.text(v)
        case .count(let n): return String(n / div)
        case .sum(let n), .min(let n), .max(let n): return String(n / signedDiv)
        case .avg(let sum, let count):
            return String(MapOrdering.average(sum: sum, count: count) / signedDiv)
        case .stats(let sum, let count):
            let average = MapOrdering.average(sum: sum, count: count) / signedDiv
            return "count \(count), average \(average), total \(sum)"
        case .hist, .log2Hist, .lhist, .tseries:
            return ""
        }
    }
}
