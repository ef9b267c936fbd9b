// Config variables end to end: the `config = { ... }` block and BPFTRACE_* environment
// variables change the limits a real run works with.
import XCTest

final class ConfigIntegrationTests: XCTestCase {
    func testMaxMapKeysLimitsTheMapAndTheEnvironmentWins() throws {
        try Executables.requireRoot()
        let program = "config = { max_map_keys = 2 } BEGIN { @[1] = 10; @[2] = 20; @[3] = 30; exit(); }"
        let limited = try Swtrace.runToEnd(["-q", "-e", program])
        XCTAssertEqual(limited.status, 0, limited.transcript)
        XCTAssertEqual(limited.report, "@[1]: 10\n@[2]: 20", limited.transcript)

        let widened = try Swtrace.runToEnd(["-q", "-e", program], environment: ["BPFTRACE_MAX_MAP_KEYS": "3"])
        XCTAssertEqual(widened.status, 0, widened.transcript)
        XCTAssertEqual(widened.report, "@[1]: 10\n@[2]: 20\n@[3]: 30", widened.transcript)
        XCTAssertEqual(widened.stderr, """
            stdin:1:12-28: WARNING: config variable max_map_keys is also set by BPFTRACE_MAX_MAP_KEYS, whose value wins
            config = { max_map_keys = 2 } BEGIN { @[1] = 10; @[2] = 20; @[3] = 30; exit(); }
                       ~~~~~~~~~~~~~~~~

            """, widened.transcript)
    }

    /// max_probes caps the attach points after wildcard expansion, before anything is loaded;
    /// the limit itself is allowed.
    func testMaxProbesRefusesProgramsWithMoreAttachPoints() throws {
        try Executables.requireRoot()
        let program = "tracepoint:syscalls:sys_enter_getppid, tracepoint:syscalls:sys_enter_getpid { } BEGIN { exit(); }"
        let refused = try Swtrace.runToEnd(["-e", program], environment: ["BPFTRACE_MAX_PROBES": "2"])
        XCTAssertEqual(refused.status, 1, refused.transcript)
        XCTAssertEqual(refused.stdout, "", refused.transcript)
        XCTAssertEqual(refused.stderr, """
            ERROR: Can't attach to 3 probes because it exceeds the current limit of 2 probes.
            HINT: raise the limit with config = { max_probes = N } or BPFTRACE_MAX_PROBES, knowing that many attached probes slow the whole system down

            """, refused.transcript)

        let allowed = try Swtrace.runToEnd(["-e", "config = { max_probes = 3 } " + program])
        XCTAssertEqual(allowed.status, 0, allowed.transcript)
        XCTAssertEqual(allowed.stderr, "Attached 3 probes\n", allowed.transcript)
    }

    func testPrintMapsOnExitOffPrintsOnlyWhatTheProgramPrints() throws {
        try Executables.requireRoot()
        let result = try Swtrace.runToEnd(["-q", "-e", """
            config = { print_maps_on_exit = false } BEGIN { @a = 1; printf("only this\\n"); exit(); }
            """])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdout, "only this\n", result.transcript)
    }

    func testBadConfigVariablesAreErrorsWithHints() throws {
        try Executables.requireBuilt()
        let result = try Swtrace.runToEnd(["-e", "config = { max_map_key = 3; stack_mode = foo } BEGIN { exit(); }"])
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertEqual(result.stdout, "", result.transcript)
        XCTAssertEqual(result.stderr, """
            stdin:1:12-23: ERROR: Unrecognized config variable: max_map_key
            config = { max_map_key = 3; stack_mode = foo } BEGIN { exit(); }
                       ~~~~~~~~~~~
            HINT: did you mean 'max_map_keys'?
            stdin:1:42-45: ERROR: Invalid value for stack_mode: valid values are bpftrace, perf, raw
            config = { max_map_key = 3; stack_mode = foo } BEGIN { exit(); }
                                                     ~~~

            """, result.transcript)
    }

    func testBadEnvironmentValueIsIgnoredWithAWarning() throws {
        try Executables.requireRoot()
        let result = try Swtrace.runToEnd(["-q", "-e", "BEGIN { @[1] = 1; @[2] = 2; exit(); }"],
                                          environment: ["BPFTRACE_MAX_MAP_KEYS": "lots"])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "@[1]: 1\n@[2]: 2", result.transcript)
        XCTAssertEqual(result.stderr, "WARNING: ignoring BPFTRACE_MAX_MAP_KEYS=lots: expected a number\n", result.transcript)
    }
}

/// `-B` buffering and `--no-warnings`: what reaches the output is the same, only when changes.
final class BufferingAndWarningTests: XCTestCase {
    func testEveryBufferModeDeliversEveryLineInOrder() throws {
        try Executables.requireRoot()
        let program = #"BEGIN { $i = 0; while ($i < 500) { printf("line %d\n", $i); $i++; } exit(); }"#
        let expected = (0..<500).map { "line \($0)" }
        for mode in ["none", "line", "full"] {
            let result = try Swtrace.runToEnd(["-q", "-B", mode, "-e", program])
            XCTAssertEqual(result.status, 0, result.transcript)
            XCTAssertEqual(result.stdoutLines, expected, "-B \(mode)")
        }
    }

    func testUnknownBufferModeIsAUsageError() throws {
        try Executables.requireBuilt()
        let result = try Swtrace.runToEnd(["-B", "sometimes", "-e", "BEGIN { exit(); }"])
        XCTAssertEqual(result.status, 64, result.transcript)
        XCTAssertTrue(result.stderr.contains("The value 'sometimes' is invalid for '-B <mode>'"), result.transcript)
    }

    func testNoWarningsSilencesWarningsButNotErrors() throws {
        try Executables.requireRoot()
        let program = "config = { max_map_keys = 2 } BEGIN { @[1] = 1; exit(); }"
        let quiet = try Swtrace.runToEnd(["-q", "--no-warnings", "-e", program], environment: ["BPFTRACE_MAX_MAP_KEYS": "3"])
        XCTAssertEqual(quiet.status, 0, quiet.transcript)
        XCTAssertEqual(quiet.stderr, "", quiet.transcript)
        XCTAssertEqual(quiet.report, "@[1]: 1", quiet.transcript)

        let failing = try Swtrace.runToEnd(["--no-warnings", "-e", "config = { nope = 1 } BEGIN { exit(); }"])
        XCTAssertEqual(failing.status, 1, failing.transcript)
        XCTAssertTrue(failing.stderr.contains("ERROR: Unrecognized config variable: nope"), failing.transcript)
    }
}
