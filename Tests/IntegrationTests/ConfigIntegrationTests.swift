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
            stdin:1:12-27: ERROR: Unrecognized config variable: max_map_key
            config = { max_map_key = 3; stack_mode = foo } BEGIN { exit(); }
                       ~~~~~~~~~~~~~~~
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
