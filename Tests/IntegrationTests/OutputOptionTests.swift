// The output options beyond bpftrace, parsed without running anything: -f csv and --live.
import Foundation
import SwtraceCore
import SwtraceOutput
import XCTest
@testable import SwtraceCLI

final class OutputOptionTests: XCTestCase {
    private func parse(_ arguments: [String]) throws -> RunOptions {
        try SwtraceCommandMain.runOptions(from: arguments, fileExists: { _ in true })
    }

    func testCSVFormat() throws {
        XCTAssertEqual(try parse(["-f", "csv", "-e", "BEGIN {}"]).format, .csv)
        XCTAssertEqual(try parse(["-fcsv", "x.bt"]).format, .csv)
        XCTAssertEqual(try parse(["--format=csv", "x.bt"]).format, .csv)
        XCTAssertEqual(try parse(["--format", "json", "x.bt"]).format, .json)
        XCTAssertEqual(try parse(["-e", "BEGIN {}", "--", "--format=csv"]).positionalArguments, ["--format=csv"])
    }

    func testLiveIntervals() throws {
        XCTAssertNil(try parse(["x.bt"]).liveIntervalMilliseconds)
        // A bare --live never takes the program file for its interval.
        let bare = try parse(["--live", "x.bt", "arg"])
        XCTAssertEqual(bare.liveIntervalMilliseconds, 1000)
        XCTAssertEqual(bare.program, .file(path: "x.bt"))
        XCTAssertEqual(bare.positionalArguments, ["arg"])
        XCTAssertEqual(try parse(["--live=500ms", "-e", "BEGIN {}"]).liveIntervalMilliseconds, 500)
        XCTAssertEqual(try parse(["--live=2s", "-e", "BEGIN {}"]).liveIntervalMilliseconds, 2000)
        XCTAssertEqual(try parse(["--live=3", "-e", "BEGIN {}"]).liveIntervalMilliseconds, 3000)
        for bad in ["--live=0", "--live=fast", "--live=-1s", "--live=ms"] {
            XCTAssertThrowsError(try parse([bad, "-e", "BEGIN {}"]), bad)
        }
        XCTAssertEqual(try parse(["-e", "BEGIN {}", "--", "--live"]).positionalArguments, ["--live"])
    }

    func testLiveFramesClearTheScreenOnlyOnATerminal() {
        let snapshot = [MapSnapshot(name: "@n", isKeyed: false, entries: [(key: [], value: .count(3))])]
        let plain = LiveView(intervalMilliseconds: 1000, outputIsTerminal: false)
        XCTAssertEqual(plain.frame(snapshot, formatter: TextFormatter(), screenRows: 2), "@n: 3\n\n")
        XCTAssertEqual(plain.frame(snapshot, formatter: JSONFormatter()), "{\"type\": \"map\", \"data\": {\"@n\": 3}}\n")
        XCTAssertEqual(plain.frame(snapshot, formatter: CSVFormatter()), "map,value\n@n,3\n\n")
        let terminal = LiveView(intervalMilliseconds: 250, outputIsTerminal: true)
        let frame = terminal.frame(snapshot, formatter: TextFormatter(), screenRows: 40)
        XCTAssertTrue(frame.hasPrefix("\u{1b}[HEvery 250ms: "), frame)
        XCTAssertTrue(frame.hasSuffix("  (Ctrl-C to stop)\u{1b}[K\n\u{1b}[K\n@n: 3\u{1b}[K\n\u{1b}[J"), frame)
    }

    func testFramesComeOncePerInterval() {
        let start = Date()
        let view = LiveView(intervalMilliseconds: 100, outputIsTerminal: false, start: start)
        XCTAssertFalse(view.isDue(now: start))
        XCTAssertTrue(view.isDue(now: start.addingTimeInterval(0.15)))
        XCTAssertFalse(view.isDue(now: start.addingTimeInterval(0.19)))
        // After a stall, one frame, not a burst of the missed ones.
        XCTAssertTrue(view.isDue(now: start.addingTimeInterval(1.0)))
        XCTAssertFalse(view.isDue(now: start.addingTimeInterval(1.05)))
    }

    func testTallFramesKeepTheirLastLinesOnScreen() {
        let entries = (1...30).map { (key: [Value.signed(Int64($0))], value: MapEntryValue.count(UInt64($0))) }
        let view = LiveView(intervalMilliseconds: 1000, outputIsTerminal: true)
        let frame = view.frame([MapSnapshot(name: "@c", isKeyed: true, entries: entries)], formatter: TextFormatter(),
                               screenRows: 10)
        let lines = frame.replacingOccurrences(of: "\u{1b}[K", with: "").replacingOccurrences(of: "\u{1b}[J", with: "")
            .split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 10, frame)
        XCTAssertEqual(lines[2], "(24 more lines above)")
        XCTAssertEqual(lines[3], "@c[25]: 25")
        XCTAssertEqual(lines[8], "@c[30]: 30")
        XCTAssertEqual(lines[9], "")
    }
}
