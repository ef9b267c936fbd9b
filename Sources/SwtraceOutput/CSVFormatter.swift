// `-f csv` (beyond bpftrace): maps as comma-separated tables that spreadsheets and scripts read.
//
// Each printed map is one table: a header line, one row per key (keys in the order the text
// output shows them), then a blank line. Columns: `map`, then `key` (or `key1`, `key2`, ... for
// multi-keys and tuple keys, one column per element), then the value: `value`; `count`,
// `average`, `total` for stats(); `min`, `max`, `count` per bucket row for hist()/lhist() (closed
// bounds as in JSON, empty for the open ends); `interval_start`, `value` per interval for
// tseries(). Fields holding a comma, quote, line break or outer space are quoted (RFC 4180).
// printf() and print() of values write their text as in text mode; messages go to stderr.
import SwtraceCore

public struct CSVFormatter: OutputFormatter {
    public init() {}

    public var attachedProbesStream: OutputStream { .standardError }
    public var lostEventsStream: OutputStream { .standardError }

    public func attachedProbes(_ count: Int) -> String { TextFormatter().attachedProbes(count) }
    public func printf(_ text: String) -> String { text }
    public var endOfRun: String { "" }
    public func lostEvents(_ count: UInt64) -> String { TextFormatter().lostEvents(count) }
    public func value(_ value: Value) -> String { TextFormatter().value(value) }

    public func map(_ snapshot: MapSnapshot, top: Int, divisor: Int) -> String {
        let div = MapOrdering.divisor(divisor)
        let entries = MapOrdering.ordered(snapshot.entries, top: top)
        guard let first = entries.first else { return "" }
        let range = MapOrdering.timeSeriesRange(snapshot)
        let keyColumns = snapshot.isKeyed ? Self.keyColumns(first.key) : []

        var lines = [Self.row(["map"] + keyColumns + Self.valueColumns(first.value))]
        for entry in entries {
            let lead = [snapshot.name] + (snapshot.isKeyed ? Self.keyFields(entry.key) : [])
            for fields in Self.valueRows(entry.value, divisor: div, range: range) {
                lines.append(Self.row(lead + fields))
            }
            if !snapshot.isKeyed { break }
        }
        return lines.joined(separator: "\n") + "\n\n"
    }

    private static func keyColumns(_ key: [Value]) -> [String] {
        let count = keyFields(key).count
        return count == 1 ? ["key"] : (1...count).map { "key\($0)" }
    }

    /// A multi-key or a tuple key spreads over one column per element.
    private static func keyFields(_ key: [Value]) -> [String] {
        if key.count == 1, case .tuple(let elements) = key[0] { return elements.map(ValueText.text) }
        return key.map(ValueText.text)
    }

    private static func valueColumns(_ value: MapEntryValue) -> [String] {
        switch value {
        case .stats: return ["count", "average", "total"]
        case .hist, .log2Hist, .lhist: return ["min", "max", "count"]
        case .tseries: return ["interval_start", "value"]
        default: return ["value"]
        }
    }

    /// The value fields of one entry: one row, or one per bucket/interval.
    private static func valueRows(_ value: MapEntryValue, divisor: UInt64,
                                  range: ClosedRange<UInt64>?) -> [[String]] {
        switch value {
        case .stats(let sum, let count):
            let average = MapOrdering.average(sum: sum, count: count) / Int64(truncatingIfNeeded: divisor)
            return [[String(count), String(average), String(sum)]]
        case .hist, .log2Hist, .lhist:
            return (TextFormatter.histogramRows(value, divisor: divisor) ?? []).map { row in
                [row.min.map(ValueText.text) ?? "", row.max.map(ValueText.text) ?? "", String(row.count)]
            }
        case .tseries(let series):
            guard let range else { return [] }
            return TimeSeriesPrinter.rows(series, in: range).compactMap { row in
                row.value.map { [TimeSeriesPrinter.utcTimestamp(row.startNs), ValueText.text($0)] }
            }
        default:
            return [[TextFormatter.text(value, divisor: divisor)]]
        }
    }

    static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",")
    }

    static func field(_ text: String) -> String {
        let scalars = text.unicodeScalars
        let needsQuotes = scalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || scalars.first == " " || scalars.last == " "
        guard needsQuotes else { return text }
        var quoted = "\""
        for scalar in scalars {
            if scalar == "\"" { quoted += "\"" }
            quoted.unicodeScalars.append(scalar)
        }
        return quoted + "\""
    }
}
