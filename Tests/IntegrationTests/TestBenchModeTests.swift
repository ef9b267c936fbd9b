// --test and --bench end to end: the real swtrace runs test:/bench: probes in the kernel
// (BPF_PROG_TEST_RUN) and reports as bpftrace does. Times vary: they are matched by pattern,
// everything else exactly.
import Foundation
import XCTest

final class TestBenchModeTests: XCTestCase {
    /// docs/language.md's test example.
    static let languageTests = """
        test:okay {
          print("I'm okay! This output will be suppressed.");
        }

        test:failure {
          print("This is a failure! This output will be shown");
          return 1;
        }
        """

    /// docs/language.md's bench example.
    static let languageBenches = """
        bench:lhist {
            @a = lhist(rand % 10, 1, 10, 1);
        }

        bench:count {
            @b = count();
        }

        bench:my_loop {
            $a = 0;
            for ($i : 0..10) {
                $a++;
            }
        }
        """

    static let plain = ["BPFTRACE_COLOR": "never"]

    /// stdout with each test's "(N unit)" time replaced by "(T)".
    func withoutTimes(_ text: String) -> String {
        text.replacingOccurrences(of: #" \([0-9]+ (ns|μs|ms|s)\)\n"#, with: " (T)\n", options: .regularExpression)
    }

    func testLanguageDocumentationTestsPassAndFailAsInBpftrace() throws {
        try Executables.requireRoot()
        let result = try Swtrace.runToEnd(["--test", "-e", Self.languageTests], environment: Self.plain, timeout: 60)
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertEqual(withoutTimes(result.stdout), """
            [==========] Running 2 tests.
            [ RUN      ] okay
            [       OK ] okay (T)
            [ RUN      ] failure
            This is a failure! This output will be shown
            [  FAILED  ] failure (T)
            [==========] 2 tests ran.
            [  PASSED  ] 1 test.
            [  FAILED  ] 1 test, listed below:
            [  FAILED  ] failure

            """, result.transcript)
        XCTAssertEqual(result.stderr, "", result.transcript)
    }

    func testPassingTestsExitZeroAndMapsPersistBetweenTestsBeginAndEnd() throws {
        try Executables.requireRoot()
        let result = try Swtrace.runToEnd(["--test", "-e", """
            begin { @x = 2; printf("begin\\n"); }
            test:set { @x = @x * 5; printf("not shown\\n"); }
            test:check { if (@x != 10) { return 1; } }
            tracepoint:syscalls:sys_enter_getppid { @x = 99; }
            end { printf("end %d\\n", @x); }
            """], environment: Self.plain, timeout: 60)
        XCTAssertEqual(result.status, 0, result.transcript)
        // No "Attached N probes", no tracing probe, no maps printed at exit.
        XCTAssertEqual(withoutTimes(result.stdout), """
            begin
            [==========] Running 2 tests.
            [ RUN      ] set
            [       OK ] set (T)
            [ RUN      ] check
            [       OK ] check (T)
            [==========] 2 tests ran.
            [  PASSED  ] 2 tests.
            end 10

            """, result.transcript)
        XCTAssertEqual(result.stderr, "", result.transcript)
    }

    func testErrorfAndNonZeroExitFailATestButExitZeroDoesNot() throws {
        try Executables.requireRoot()
        let program = """
            test:error { errorf("bad value %d", 7); }
            test:exit_one { printf("leaving\\n"); exit(1); }
            test:exit_zero { exit(); }
            """
        let result = try Swtrace.runToEnd(["--test", "-e", program], environment: Self.plain, timeout: 60)
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertEqual(withoutTimes(result.stdout), """
            [==========] Running 3 tests.
            [ RUN      ] error
            stdin:1:14-39: ERROR: bad value 7
            [  FAILED  ] error (T)
            [ RUN      ] exit_one
            leaving
            [  FAILED  ] exit_one (T)
            [ RUN      ] exit_zero
            [       OK ] exit_zero (T)
            [==========] 3 tests ran.
            [  PASSED  ] 1 test.
            [  FAILED  ] 2 tests, listed below:
            [  FAILED  ] error
            [  FAILED  ] exit_one

            """, result.transcript)
    }

    func testColourAndJSONReports() throws {
        try Executables.requireRoot()
        let coloured = try Swtrace.runToEnd(["--test", "-e", "test:a { }"], environment: ["BPFTRACE_COLOR": "always"],
                                            timeout: 60)
        XCTAssertEqual(coloured.status, 0, coloured.transcript)
        let green = "\u{1b}[32m", reset = "\u{1b}[0m"
        XCTAssertEqual(withoutTimes(coloured.stdout), """
            \(green)[==========]\(reset) Running 1 tests.
            \(green)[ RUN      ]\(reset) a
            \(green)[       OK ]\(reset) a (T)
            \(green)[==========]\(reset) 1 test ran.
            \(green)[  PASSED  ]\(reset) 1 test.

            """, coloured.transcript)

        let json = try Swtrace.runToEnd(["-f", "json", "--test", "-e", Self.languageTests], timeout: 60)
        XCTAssertEqual(json.status, 1, json.transcript)
        let records = json.stdout.replacingOccurrences(of: #""duration": [0-9]+"#, with: #""duration": T"#,
                                                       options: .regularExpression)
        XCTAssertEqual(records, """
            {"type": "test_result", "data": {"okay": {"duration": T, "passed": true, "output": "I'm okay! This output will be suppressed.\\n"}}}
            {"type": "test_result", "data": {"failure": {"duration": T, "passed": false, "output": "This is a failure! This output will be shown\\n"}}}

            """, json.transcript)
    }

    func testLanguageDocumentationBenchmarksPrintATable() throws {
        try Executables.requireRoot()
        let result = try Swtrace.runToEnd(["--bench", "-e", Self.languageBenches + """

            begin { printf("begin\\n"); }
            end { printf("end\\n"); }
            """], timeout: 120)
        XCTAssertEqual(result.status, 0, result.transcript)
        let lines = result.stdoutLines
        XCTAssertEqual(lines.count, 7, result.transcript)
        guard lines.count == 7 else { return }
        XCTAssertEqual(lines[0], "begin")
        XCTAssertEqual(lines[1], "Benchmark                                Time(ns)       Iterations")
        XCTAssertEqual(lines[2], String(repeating: "-", count: 66))
        for (line, name) in zip(lines[3...5], ["lhist", "count", "my_loop"]) {
            // Name padded to 41, time to 15, then the iterations: a count the schedule reaches
            // (1, then times 1000, 100, 10 or 2).
            XCTAssertNotNil(line.range(of: "^\(name) {\(41 - name.count)}[0-9]+ +[0-9]+$", options: .regularExpression), line)
            XCTAssertEqual(line.count >= 41 + 15 + 1, true, line)
            let time = line.dropFirst(41).prefix(15)
            XCTAssertNotNil(time.range(of: "^[0-9]+ *$", options: .regularExpression), line)
            XCTAssertGreaterThan(Int(time.trimmingCharacters(in: .whitespaces)) ?? 0, 0, line)
        }
        XCTAssertEqual(lines[6], "end")
        XCTAssertEqual(result.stderr, "", result.transcript)
    }

    /// Each attempt runs the probe `iterations` times; the map sees every run of every attempt.
    func testBenchmarkRunCountMatchesTheReportedIterations() throws {
        try Executables.requireRoot()
        let result = try Swtrace.runToEnd(["--bench", "-e", "bench:c { @runs = count(); } end { printf(\"%d\\n\", (uint64)@runs); }"],
                                          timeout: 60)
        XCTAssertEqual(result.status, 0, result.transcript)
        let lines = result.stdoutLines
        XCTAssertEqual(lines.count, 4, result.transcript)
        guard lines.count == 4, lines[2].range(of: "^c {40}[0-9]+ +[0-9]+$", options: .regularExpression) != nil,
              let iterations = lines[2].split(separator: " ").last.flatMap({ Int($0) }),
              let runs = Int(lines[3]) else { return XCTFail(result.transcript) }
        // runs = the sum of the attempts' counts, the last of which is the reported one.
        XCTAssertGreaterThanOrEqual(runs, iterations + 1, result.transcript)
        XCTAssertLessThan(runs, iterations * 2, result.transcript)
    }

    func testSkippedAndFailedBenchmarks() throws {
        try Executables.requireRoot()
        let result = try Swtrace.runToEnd(["--bench", "-e", """
            bench:skipped { return 1; }
            bench:broken { errorf("broken"); }
            bench:fine { @ = count(); }
            """], timeout: 60)
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertEqual(result.stderr, "ERROR: Benchmark 'broken' failed.\n", result.transcript)
        let lines = result.stdoutLines
        XCTAssertEqual(lines.count, 3, result.transcript)
        XCTAssertEqual(lines.first, "Benchmark                                Time(ns)       Iterations")
        XCTAssertNotNil(lines.last?.range(of: "^fine {37}[0-9]+ +[0-9]+$", options: .regularExpression), result.transcript)
    }

    func testTestAndBenchProbesWithoutTheirModeAreAnError() throws {
        try Executables.requireRoot()
        let tests = try Swtrace.runToEnd(["-e", Self.languageTests], timeout: 60)
        XCTAssertEqual(tests.status, 1, tests.transcript)
        XCTAssertEqual(tests.stdout, "", tests.transcript)
        XCTAssertEqual(tests.stderr, "ERROR: No probes attached; use --test to run test probes.\n", tests.transcript)

        let benches = try Swtrace.runToEnd(["-e", Self.languageBenches], timeout: 60)
        XCTAssertEqual(benches.status, 1, benches.transcript)
        XCTAssertEqual(benches.stderr, "ERROR: No probes attached; use --bench to run benchmark probes.\n", benches.transcript)

        // Only tracing probes: nothing runs in test mode.
        let nothing = try Swtrace.runToEnd(["--test", "-e", "tracepoint:syscalls:sys_enter_getppid { }"], timeout: 60)
        XCTAssertEqual(nothing.status, 1, nothing.transcript)
        XCTAssertEqual(nothing.stderr, "ERROR: Attachment failed for all probes.\n", nothing.transcript)
    }

    func testModeFlagsConflict() throws {
        try Executables.requireBuilt()
        for (arguments, second) in [(["--test", "--bench"], "bench"), (["--bench", "--test"], "test"), (["--test", "--test"], "test")] {
            let result = try Swtrace.runToEnd(arguments + ["-e", "test:a { }"], timeout: 30)
            XCTAssertNotEqual(result.status, 0, result.transcript)
            XCTAssertEqual(result.stderrLines.first, "Error: USAGE: --\(second) conflicts with existing --mode", result.transcript)
        }
    }
}
