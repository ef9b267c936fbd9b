// --test/--bench in the front end: which attach points each run mode keeps, and how many times
// a benchmark runs.
import XCTest
@testable import SwtraceCore

final class ProbeRunModeTests: XCTestCase {
    static let program = """
        test:okay { print("ok"); }
        bench:count { @b = count(); }
        tracepoint:syscalls:sys_enter_openat { @c = count(); }
        begin { @d = 1; }
        """

    func targets(_ mode: ProbeRunMode) throws -> [[AttachTarget]] {
        let source = SourceFile(name: "stdin", text: Self.program)
        var options = SemanticOptions(catalogue: FixedCatalogue(), requireKernelFeatures: false)
        options.runMode = mode
        return try SemanticAnalyzer.analyze(try Parser.parse(source), source: source, options: options)
            .probes.map { $0.attachPoints.map(\.target) }
    }

    func testTraceModeDropsTestAndBenchProbes() throws {
        XCTAssertEqual(try targets(.trace), [[], [], [.tracepoint(category: "syscalls", name: "sys_enter_openat")], [.begin]])
    }

    func testTestModeKeepsTestProbesOnly() throws {
        XCTAssertEqual(try targets(.test), [[.test(name: "okay")], [], [.tracepoint(category: "syscalls", name: "sys_enter_openat")], [.begin]])
    }

    func testBenchModeKeepsBenchProbesOnly() throws {
        XCTAssertEqual(try targets(.bench), [[], [.bench(name: "count")], [.tracepoint(category: "syscalls", name: "sys_enter_openat")], [.begin]])
    }

    func testBenchmarkRunsGrowUntilAMillisecond() {
        XCTAssertEqual(BenchmarkSchedule.next(after: 1, totalNanoseconds: 0), 1_000)
        XCTAssertEqual(BenchmarkSchedule.next(after: 1, totalNanoseconds: 999), 1_000)
        XCTAssertEqual(BenchmarkSchedule.next(after: 1_000, totalNanoseconds: 1_000), 100_000)
        XCTAssertEqual(BenchmarkSchedule.next(after: 1_000, totalNanoseconds: 9_999), 100_000)
        XCTAssertEqual(BenchmarkSchedule.next(after: 3, totalNanoseconds: 10_000), 30)
        XCTAssertEqual(BenchmarkSchedule.next(after: 3, totalNanoseconds: 99_999), 30)
        XCTAssertEqual(BenchmarkSchedule.next(after: 7, totalNanoseconds: 100_000), 14)
        XCTAssertEqual(BenchmarkSchedule.next(after: 7, totalNanoseconds: 999_999), 14)
        XCTAssertNil(BenchmarkSchedule.next(after: 7, totalNanoseconds: 1_000_000))
        XCTAssertNil(BenchmarkSchedule.next(after: 1, totalNanoseconds: 5_000_000_000))
    }

    func testEachTestAndBenchNameNamesOneProbe() {
        XCTAssertEqual(renderedAnalysis("test:a { }\ntest:b { }\nbench:a { }\ntest:a { }\nbench:a { }"), """
            stdin:4:1-7: ERROR: "a" was used as the name for more than one TEST probe
            test:a { }
            ~~~~~~
            stdin:1:1-7: ERROR: this is the other instance
            test:a { }
            ~~~~~~
            stdin:5:1-8: ERROR: "a" was used as the name for more than one BENCH probe
            bench:a { }
            ~~~~~~~
            stdin:3:1-8: ERROR: this is the other instance
            bench:a { }
            ~~~~~~~

            """)
    }
}
