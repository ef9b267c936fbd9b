// Golden tests of tseries() maps: the graphs of bpftrace's docs/stdlib.md examples and its
// print_tseries_map unit test, in text and JSON. Times print in local time: tests run in UTC.
import Foundation
import Glibc
import SwtraceCore
@testable import SwtraceOutput
import XCTest

final class TimeSeriesGoldenTests: XCTestCase {
    override func setUp() {
        setenv("TZ", "UTC", 1)
        tzset()
    }

    /// Interval number of 10:39:49.300 UTC on day 20000 of the Unix epoch, in 100 ms intervals.
    private let zigzagStart: UInt64 = (20000 * 86400 + 10 * 3600 + 39 * 60 + 49) * 10 + 3

    func testZigzagFromStdlibDocs() throws {
        let pattern: [Int64] = [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 4, 3, 2, 1, 0, -1, -2, -3, -4]
        let series = TimeSeries(intervalNs: 100_000_000, intervalCount: 20, values: Dictionary(
            uniqueKeysWithValues: pattern.enumerated().map { (zigzagStart + UInt64($0.offset), Value.signed($0.element)) }))
        try check("tseries_zigzag") { $0.map(scalar("@", .tseries(series)), top: 0, divisor: 0) }
    }

    func testMinimumPerIntervalFromStdlibDocs() throws {
        let mins: [Int64] = [0, 0, 1, 2, 1, 0, 1, 0, 1, 0, 2, 0, 0, 1, 1, 1, 0, 2, 1, 1]
        let start = zigzagStart + 1174 // 10:41:46.700
        let series = TimeSeries(intervalNs: 100_000_000, intervalCount: 20, values: Dictionary(
            uniqueKeysWithValues: mins.enumerated().map { (start + UInt64($0.offset), Value.signed($0.element)) }))
        try check("tseries_min") { $0.map(scalar("@", .tseries(series)), top: 0, divisor: 0) }
    }

    /// bpftrace's tests/bpftrace.cpp print_tseries_map: keys share the map's last 5 intervals;
    /// key 0 wrote nothing in the last one.
    func testKeyedSeriesShareTheMapsIntervals() throws {
        let first: UInt64 = 173_482_610_888_837 / 1_000_000
        func series(_ from: UInt64) -> MapEntryValue {
            .tseries(TimeSeries(intervalNs: 1_000_000, intervalCount: 5, values: Dictionary(
                uniqueKeysWithValues: (0..<5).map { (first + from + UInt64($0), Value.signed(Int64($0) + 1)) })))
        }
        let map = MapSnapshot(name: "tseries_map_1", isKeyed: true, entries: [
            (key: [.signed(1)], value: series(2)), (key: [.signed(0)], value: series(1)),
        ])
        try check("tseries_keyed") { $0.map(map, top: 0, divisor: 0) }
        // top and div do not apply to tseries maps (bpftrace's format() ignores them there).
        XCTAssertEqual(TextFormatter().map(map, top: 1, divisor: 2), TextFormatter().map(map, top: 0, divisor: 0))
    }

    /// The TAI offset measured with some nanoseconds of noise still prints round interval starts.
    func testFlatLineUnsignedMicrosecondsAndGaps() throws {
        let series = TimeSeries(intervalNs: 250_000, intervalCount: 4, values: [
            4_000_000_000: .unsigned(7), 4_000_000_001: .unsigned(7), 4_000_000_003: .unsigned(7),
        ], realtimeOffsetNs: -37_000_000_000 + 1_234)
        try check("tseries_flat") { $0.map(scalar("@flat", .tseries(series)), top: 0, divisor: 0) }
    }

    func testSecondsIntervalsAndOldIntervalsDropped() throws {
        // Intervals older than the last 3 of the map are not shown.
        let series = TimeSeries(intervalNs: 1_000_000_000, intervalCount: 3, values: [
            1_700_000_000: .signed(100), 1_700_000_005: .signed(-20), 1_700_000_007: .signed(30),
        ])
        try check("tseries_seconds") { $0.map(scalar("@s", .tseries(series)), top: 0, divisor: 0) }
    }


    func testOffsetRoundsToWholeSeconds() {
        XCTAssertEqual(TimeSeriesPrinter.wholeSeconds(-36_999_999_990), -37_000_000_000)
        XCTAssertEqual(TimeSeriesPrinter.wholeSeconds(-12), 0)
        XCTAssertEqual(TimeSeriesPrinter.wholeSeconds(1_499_999_999), 1_000_000_000)
    }
}
