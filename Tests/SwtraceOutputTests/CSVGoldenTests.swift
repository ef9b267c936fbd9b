// Golden tests of `-f csv`: one table per map (header, rows, blank line) for each value kind.
import Foundation
import Glibc
import SwtraceCore
@testable import SwtraceOutput
import XCTest

final class CSVGoldenTests: XCTestCase {
    private let csv = CSVFormatter()

    func testScalarsKeyedAndMultiKeyedMaps() throws {
        let multi = MapSnapshot(name: "@bytes", isKeyed: true, entries: [
            (key: [.string("sshd"), .unsigned(3)], value: .sum(100)),
            (key: [.string("bash, the shell"), .unsigned(1)], value: .sum(-5)),
        ])
        let tupleKey = MapSnapshot(name: "@t", isKeyed: true, entries: [
            (key: [.tuple([.signed(1), .string("say \"hi\"")])], value: .scalar(.tuple([.signed(2), .string("x")]))),
        ])
        let output = csv.map(scalar("@x", .count(5)), top: 0, divisor: 0)
            + csv.map(keyed("@", [("gedit", .count(4)), ("Web Content", .count(9)), ("ls", .count(1))]), top: 2, divisor: 0)
            + csv.map(multi, top: 0, divisor: 0)
            + csv.map(tupleKey, top: 0, divisor: 0)
            + csv.map(keyed("@s", [("zsh", .stats(sum: 10, count: 1)), ("neg", .stats(sum: -7, count: 2))]), top: 0, divisor: 0)
            + csv.map(scalar("@line", .scalar(.string(" padded\nline "))), top: 0, divisor: 0)
            + csv.map(MapSnapshot(name: "@empty", isKeyed: true, entries: []), top: 0, divisor: 0)
        try checkFile("csv_maps", "csv", output)
    }

    func testHistogramsAreBucketRows() throws {
        var buckets: [Int: UInt64] = [:]
        for v: Int64 in [-1, 2, 3, 20] { buckets[HistogramBuckets.log2Index(v), default: 0] += 1 }
        let hist = MapSnapshot(name: "@h", isKeyed: true, entries: [(key: [.string("curl")], value: .hist(buckets))])
        let lhist = MapEntryValue.lhist(min: 0, max: 10, step: 5, buckets: [0: 1, 1: 2, 3: 4])
        let output = csv.map(hist, top: 0, divisor: 0) + csv.map(scalar("@l", lhist), top: 0, divisor: 0)
        try checkFile("csv_hist", "csv", output)
    }

    func testTimeSeriesRowsInUTC() throws {
        setenv("TZ", "UTC", 1)
        tzset()
        let series = TimeSeries(intervalNs: 1_000_000_000, intervalCount: 3, values: [
            1_700_000_005: .signed(-20), 1_700_000_007: .signed(30),
        ])
        try checkFile("csv_tseries", "csv", csv.map(scalar("@ts", .tseries(series)), top: 0, divisor: 0))
    }

    func testMessagesAndValuesStayText() {
        XCTAssertEqual(csv.attachedProbesStream, .standardError)
        XCTAssertEqual(csv.lostEventsStream, .standardError)
        XCTAssertEqual(csv.attachedProbes(2), "Attached 2 probes\n")
        XCTAssertEqual(csv.lostEvents(3), "Lost 3 events\n")
        XCTAssertEqual(csv.printf("a,b\n"), "a,b\n")
        XCTAssertEqual(csv.value(.tuple([.signed(1), .string("x")])), "(1, x)\n")
        XCTAssertEqual(csv.mapsAtExit([scalar("@b", .count(1)), scalar("@a", .sum(2))]), "map,value\n@a,2\n\nmap,value\n@b,1\n\n")
    }
}
