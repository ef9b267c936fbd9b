// The text of --test reports and --bench tables, in bpftrace's layout.
import XCTest
@testable import SwtraceOutput

final class TestReportTests: XCTestCase {
    func testPlainReportOfOnePassingAndOneFailingTest() {
        let report = TestReport(colour: false)
        let names = ["okay", "failure"]
        let text = report.banner(testCount: 2)
            + report.running("okay")
            + report.result("okay", passed: true, nanoseconds: 12_345, output: "I'm okay!\n")
            + report.running("failure")
            + report.result("failure", passed: false, nanoseconds: 999, output: "\nfirst line\n\nsecond line\n")
            + report.summary(names: names, passed: [true, false])
        XCTAssertEqual(text, """
            [==========] Running 2 tests.
            [ RUN      ] okay
            [       OK ] okay (12 μs)
            [ RUN      ] failure
            first line
            second line
            [  FAILED  ] failure (999 ns)
            [==========] 2 tests ran.
            [  PASSED  ] 1 test.
            [  FAILED  ] 1 test, listed below:
            [  FAILED  ] failure

            """)
    }

    func testSummaryWordsAndAllPassing() {
        let report = TestReport(colour: false)
        // bpftrace's banner says "tests" even for one test.
        XCTAssertEqual(report.banner(testCount: 1), "[==========] Running 1 tests.\n")
        XCTAssertEqual(report.summary(names: ["a"], passed: [true]), """
            [==========] 1 test ran.
            [  PASSED  ] 1 test.

            """)
        XCTAssertEqual(report.summary(names: ["a", "b", "c"], passed: [false, true, false]), """
            [==========] 3 tests ran.
            [  PASSED  ] 1 test.
            [  FAILED  ] 2 tests, listed below:
            [  FAILED  ] a
            [  FAILED  ] c

            """)
        XCTAssertEqual(report.summary(names: ["a", "b"], passed: [false, false]), """
            [==========] 2 tests ran.
            [  PASSED  ] 0 tests.
            [  FAILED  ] 2 tests, listed below:
            [  FAILED  ] a
            [  FAILED  ] b

            """)
    }

    func testColouredBrackets() {
        let report = TestReport(colour: true)
        XCTAssertEqual(report.running("x"), "\u{1b}[32m[ RUN      ]\u{1b}[0m x\n")
        XCTAssertEqual(report.result("x", passed: true, nanoseconds: 5, output: "hidden"),
                       "\u{1b}[32m[       OK ]\u{1b}[0m x (5 ns)\n")
        XCTAssertEqual(report.result("x", passed: false, nanoseconds: 5, output: "shown"),
                       "shown\n\u{1b}[31m[  FAILED  ]\u{1b}[0m x (5 ns)\n")
    }

    func testDurationUnits() {
        XCTAssertEqual(TestReport.duration(0), "(0 ns)")
        XCTAssertEqual(TestReport.duration(999), "(999 ns)")
        XCTAssertEqual(TestReport.duration(1_000), "(1 μs)")
        XCTAssertEqual(TestReport.duration(1_999_999), "(1 ms)")
        XCTAssertEqual(TestReport.duration(2_500_000_000), "(2 s)")
    }

    func testBenchmarkTable() {
        let names = ["lhist", "count", "my_loop"]
        let text = BenchmarkTable.header(names: names)
            + BenchmarkTable.row("lhist", names: names, averageNanoseconds: 88, iterations: 16_000)
            + BenchmarkTable.row("count", names: names, averageNanoseconds: 40, iterations: 20_000)
        XCTAssertEqual(text, """
            Benchmark                                Time(ns)       Iterations
            ------------------------------------------------------------------
            lhist                                    88             16000
            count                                    40             20000

            """)
    }

    func testBenchmarkNameColumnGrowsForLongNames() {
        let long = String(repeating: "n", count: 45)
        XCTAssertEqual(BenchmarkTable.header(names: ["a", long]),
                       "Benchmark" + String(repeating: " ", count: 37) + "Time(ns)       Iterations\n"
                       + String(repeating: "-", count: 46 + 15 + 10) + "\n")
        XCTAssertEqual(BenchmarkTable.row("a", names: ["a", long], averageNanoseconds: 1_234_567_890_123_456, iterations: 1),
                       "a" + String(repeating: " ", count: 45) + "12345678901234561\n")
    }
}
