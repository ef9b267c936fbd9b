// tseries() maps: which intervals are shown, and their text graph and JSON array.
//
// Layout (bpftrace src/output/text.cpp, TimeSeries): a header with the minimum left-aligned
// in 21 columns and the maximum right-aligned in 32, a `hh:mm:ss[.unit]` ruler, one row per
// interval (time, a 53-column graph with `*` at the value and `.` at zero, the value or `-`
// for an interval without data), a `v___v` footer and the header again. The intervals shown
// are the map's `intervalCount` most recent ones, starting at each key's first written one.
import Glibc
import SwtraceCore

struct TimeSeriesRow: Equatable {
    /// Wall-clock start of the interval, nanoseconds since the Unix epoch.
    var startNs: Int64
    /// nil: nothing was written in this interval.
    var value: Value?
}

enum TimeSeriesPrinter {
    static let graphWidth = 53
    static let labelWidth = 21

    /// The interval numbers every key of a map is shown over: the last `intervalCount`
    /// intervals up to the most recently written one in the whole map.
    static func range(_ series: [TimeSeries]) -> ClosedRange<UInt64>? {
        guard let last = series.compactMap({ $0.values.keys.max() }).max(),
              let count = series.first?.intervalCount else { return nil }
        let span = UInt64(max(count, 1)) - 1
        return (last >= span ? last - span : 0)...last
    }

    /// Rows of one key: from its first written interval inside `range` to the end of `range`.
    static func rows(_ series: TimeSeries, in range: ClosedRange<UInt64>) -> [TimeSeriesRow] {
        guard let first = series.values.keys.filter({ range.contains($0) }).min() else { return [] }
        let offset = wholeSeconds(series.realtimeOffsetNs)
        return (first...range.upperBound).map { interval in
            let tai = Int64(truncatingIfNeeded: interval &* series.intervalNs)
            return TimeSeriesRow(startNs: tai &+ offset, value: series.values[interval])
        }
    }

    /// TAI and UTC differ by whole (leap) seconds; measuring the offset with two clock reads
    /// adds nanoseconds of noise that would show as 10:41:46.699 instead of .700.
    static func wholeSeconds(_ ns: Int64) -> Int64 {
        let second: Int64 = 1_000_000_000
        let rounded = (ns.magnitude + UInt64(second / 2)) / UInt64(second) * UInt64(second)
        return ns < 0 ? -Int64(rounded) : Int64(rounded)
    }

    // MARK: - Text

    static func text(_ rows: [TimeSeriesRow]) -> String {
        let present = rows.compactMap(\.value)
        guard let firstValue = present.first else { return "<no data>\n" }
        var low = firstValue, high = firstValue
        for value in present {
            if less(value, low) { low = value }
            if less(high, value) { high = value }
        }
        if low == high {
            // Leave room on both sides of a flat line, unless that would overflow.
            low = step(low, by: -1)
            high = step(high, by: 1)
        }

        let interval = rows.count > 1
            ? UInt64(truncatingIfNeeded: rows.last!.startNs &- rows.first!.startNs) / UInt64(rows.count - 1)
            : UInt64(truncatingIfNeeded: rows.last!.startNs &- rows.first!.startNs)
        let unit = DisplayUnit(interval: interval)
        let ruler = unit == .seconds ? "hh:mm:ss" : "hh:mm:ss." + unit.name
        let timeWidth = 8 + (unit == .seconds ? 0 : 1 + unit.digits)

        let blank = String(repeating: " ", count: timeWidth)
        let bounds = HistogramPrinter.pad(ValueText.text(low), to: labelWidth, left: true)
            + HistogramPrinter.pad(ValueText.text(high), to: graphWidth - labelWidth, left: false) + "\n"
        var out = blank + " " + bounds
        out += HistogramPrinter.pad(ruler, to: timeWidth + 1, left: true)
        out += "|" + String(repeating: "_", count: graphWidth - 2) + "|\n"

        let span = Float(distance(low, high))
        var zeroOffset = 0
        if distance(low, .signed(0)) < 0 && distance(.signed(0), high) < 0 {
            zeroOffset = Int(Float(graphWidth) * Float(distance(low, .signed(0))) / span)
        }
        for row in rows {
            var line = [Character](repeating: " ", count: graphWidth)
            line[0] = "|"
            line[graphWidth - 1] = "|"
            if zeroOffset > 0 { line[zeroOffset] = "." }
            out += clock(row.startNs, unit) + " "
            if let value = row.value {
                var offset = graphWidth / 2
                if low != high {
                    offset = Int(Float(graphWidth - 1) * Float(distance(low, value)) / span)
                }
                line[max(0, min(graphWidth - 1, offset))] = "*"
                out += String(line) + " " + ValueText.text(value)
            } else {
                out += String(line) + " -"
            }
            out += "\n"
        }
        out += blank + " v" + String(repeating: "_", count: graphWidth - 2) + "v\n"
        out += blank + " " + bounds
        return out
    }

    /// Primitive ordering of two integer values of the same signedness.
    private static func less(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.signed(let x), .signed(let y)): return x < y
        case (.unsigned(let x), .unsigned(let y)): return x < y
        default: return false
        }
    }

    private static func step(_ value: Value, by delta: Int) -> Value {
        switch value {
        case .signed(let v):
            if delta < 0 { return v > .min ? .signed(v - 1) : value }
            return v < .max ? .signed(v + 1) : value
        case .unsigned(let v):
            if delta < 0 { return v > 0 ? .unsigned(v - 1) : value }
            return v < .max ? .unsigned(v + 1) : value
        default:
            return value
        }
    }

    /// `a - b` as bpftrace computes it for graph positions (wrapping for huge unsigned values).
    static func distance(_ a: Value, _ b: Value) -> Int64 {
        let other: Int64
        switch b {
        case .signed(let v): other = v
        case .unsigned(let v): other = Int64(bitPattern: v)
        default: return 0
        }
        switch a {
        case .signed(let v):
            return v &- other
        case .unsigned(let v):
            if other < 0 { return Int64(bitPattern: UInt64(bitPattern: 0 &- other) &+ v) }
            let o = UInt64(other)
            return v > o ? Int64(bitPattern: v - o) : 0 &- Int64(bitPattern: o - v)
        default:
            return 0
        }
    }

    /// `HH:MM:SS` in local time, plus the fraction of a second at the display unit's precision.
    static func clock(_ ns: Int64, _ unit: DisplayUnit) -> String {
        var seconds = time_t(ns / 1_000_000_000)
        var fraction = ns % 1_000_000_000
        if fraction < 0 { fraction += 1_000_000_000; seconds -= 1 }
        var parts = tm()
        localtime_r(&seconds, &parts)
        let text = two(parts.tm_hour) + ":" + two(parts.tm_min) + ":" + two(parts.tm_sec)
        guard unit != .seconds else { return text }
        let scaled = String(fraction / unit.scale)
        return text + "." + String(repeating: "0", count: max(0, unit.digits - scaled.count)) + scaled
    }

    private static func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }

    // MARK: - JSON

    /// `[{"interval_start":"2024-12-23 10:41:46.700000000","value":0},...]`; times in UTC.
    static func json(_ rows: [TimeSeriesRow]) -> String {
        let points = rows.compactMap { row -> String? in
            guard let value = row.value else { return nil }
            return "{\"interval_start\":\"" + utcTimestamp(row.startNs) + "\",\"value\":" + ValueText.text(value) + "}"
        }
        return "[" + points.joined(separator: ",") + "]"
    }

    static func utcTimestamp(_ ns: Int64) -> String {
        var seconds = time_t(ns / 1_000_000_000)
        var fraction = ns % 1_000_000_000
        if fraction < 0 { fraction += 1_000_000_000; seconds -= 1 }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let date = String(parts.tm_year + 1900) + "-" + two(parts.tm_mon + 1) + "-" + two(parts.tm_mday)
        let digits = String(fraction)
        return date + " " + two(parts.tm_hour) + ":" + two(parts.tm_min) + ":" + two(parts.tm_sec) + "."
            + String(repeating: "0", count: 9 - digits.count) + digits
    }
}

/// The coarsest unit that divides an interval: bpftrace's util::DisplayUnit.
enum DisplayUnit: Equatable {
    case seconds, milliseconds, microseconds, nanoseconds

    init(interval ns: UInt64) {
        if ns >= 1_000_000_000 { self = .seconds }
        else if ns >= 1_000_000 { self = .milliseconds }
        else if ns >= 1_000 { self = .microseconds }
        else { self = .nanoseconds }
    }

    /// Digits of the fraction of a second shown at this precision.
    var digits: Int {
        switch self {
        case .seconds: return 0
        case .milliseconds: return 3
        case .microseconds: return 6
        case .nanoseconds: return 9
        }
    }

    var scale: Int64 {
        switch self {
        case .seconds: return 1_000_000_000
        case .milliseconds: return 1_000_000
        case .microseconds: return 1_000
        case .nanoseconds: return 1
        }
    }

    var name: String {
        switch self {
        case .seconds: return "s"
        case .milliseconds: return "ms"
        case .microseconds: return "μs"
        case .nanoseconds: return "ns"
        }
    }
}
