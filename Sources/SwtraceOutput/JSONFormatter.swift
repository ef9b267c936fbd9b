// bpftrace's `-f json` output (src/output/json.cpp): one JSON object per line.
//
// Maps are `{"type": "map"|"hist"|"stats"|"tseries", "data": {"@name": ...}}`: a scalar map's value,
// or an object keyed by the key text for keyed maps; empty maps print nothing. Histograms are
// arrays of {"min", "max", "count"} with closed bounds. attached_probes and lost_events carry
// both a `count` and a `data` field, as bpftrace 0.24 writes them.
import SwtraceCore

public struct JSONFormatter: OutputFormatter {
    public init() {}

    public var attachedProbesStream: OutputStream { .standardOutput }
    public var lostEventsStream: OutputStream { .standardOutput }

    public func attachedProbes(_ count: Int) -> String {
        "{\"type\": \"attached_probes\", \"count\": \(count), \"data\": {\"probes\": \(count)}}\n"
    }

    public func printf(_ text: String) -> String { record("printf", text) }

    public func map(_ snapshot: MapSnapshot, top: Int, divisor: Int) -> String {
        let div = MapOrdering.divisor(divisor)
        let entries = MapOrdering.ordered(snapshot.entries, top: top)
        let range = MapOrdering.timeSeriesRange(snapshot)
        guard let first = entries.first else { return "" }
        let body: String
        if snapshot.isKeyed {
            body = "{" + entries.map { entry in
                JSONWriter.string(JSONWriter.key(entry.key)) + ": " + Self.encode(entry.value, divisor: div, range: range)
            }.joined(separator: ", ") + "}"
        } else {
            body = Self.encode(first.value, divisor: div, range: range)
        }
        return "{\"type\": \"" + Self.messageType(first.value) + "\", \"data\": {"
            + JSONWriter.string(snapshot.name) + ": " + body + "}}\n"
    }

    public var endOfRun: String { "" }

    public func lostEvents(_ count: UInt64) -> String {
        "{\"type\": \"lost_events\", \"count\": \(count), \"data\": {\"events\": \(count)}}\n"
    }

    public func time(_ text: String) -> String { record("time", text) }
    public func cat(_ text: String) -> String { record("cat", text) }
    public func join(_ text: String) -> String { record("join", text) }
    public func syscall(_ text: String) -> String { record("syscall", text) }

    /// bpftrace's json.cpp: `{"type": "errorf", "msg": ..., "filename": ..., "line": N, "col": N}`.
    /// -k's helper warnings: `{"type": "helper_error", "msg": ..., "helper": ..., "retcode": N, ...}`.
    public func runtimeMessage(_ message: RuntimeMessage) -> String? {
        if let failure = message.helperFailure {
            return "{\"type\": \"helper_error\", \"msg\": " + JSONWriter.string(failure.reason)
                + ", \"helper\": " + JSONWriter.string(failure.helper) + ", \"retcode\": \(failure.returnCode)"
                + ", \"filename\": " + JSONWriter.string(message.file) + ", \"line\": \(message.line), \"col\": \(message.column)}\n"
        }
        return "{\"type\": \"" + message.severity.rawValue + "\", \"msg\": " + JSONWriter.string(message.text)
            + ", \"filename\": " + JSONWriter.string(message.file) + ", \"line\": \(message.line), \"col\": \(message.column)}\n"
    }

    private func record(_ type: String, _ text: String) -> String {
        "{\"type\": \"" + type + "\", \"data\": " + JSONWriter.string(text) + "}\n"
    }

    public func value(_ value: Value) -> String {
        "{\"type\": \"value\", \"data\": " + JSONWriter.value(value) + "}\n"
    }

    static func messageType(_ value: MapEntryValue) -> String {
        switch value {
        case .avg, .stats: return "stats"
        case .hist, .log2Hist, .lhist: return "hist"
        case .tseries: return "tseries"
        default: return "map"
        }
    }

    static func encode(_ value: MapEntryValue, divisor div: UInt64, range: ClosedRange<UInt64>? = nil) -> String {
        let signedDiv = Int64(truncatingIfNeeded: div)
        switch value {
        case .scalar(.signed(let v)): return JSONWriter.number(v / signedDiv)
        case .scalar(.unsigned(let v)): return JSONWriter.number(v / div)
        case .scalar(let v): return JSONWriter.value(v)
        case .count(let n): return JSONWriter.number(n / div)
        case .sum(let n), .min(let n), .max(let n): return JSONWriter.number(n / signedDiv)
        case .avg(let sum, let count):
            return JSONWriter.number(MapOrdering.average(sum: sum, count: count) / signedDiv)
        case .stats(let sum, let count):
            return JSONWriter.object([
                ("count", JSONWriter.number(count)),
                ("average", JSONWriter.number(MapOrdering.average(sum: sum, count: count) / signedDiv)),
                ("total", JSONWriter.number(sum)),
            ])
        case .hist, .log2Hist, .lhist:
            let rows = TextFormatter.histogramRows(value, divisor: div) ?? []
            return "[" + rows.map(row).joined(separator: ",") + "]"
        case .tseries(let series):
            return TimeSeriesPrinter.json(range.map { TimeSeriesPrinter.rows(series, in: $0) } ?? [])
        }
    }

    private static func row(_ row: HistogramRow) -> String {
        var fields: [(String, String)] = []
        if let min = row.min { fields.append(("min", JSONWriter.value(min))) }
        if let max = row.max { fields.append(("max", JSONWriter.value(max))) }
        fields.append(("count", JSONWriter.number(row.count)))
        return JSONWriter.object(fields)
    }
}
