// Behaviours found by running bpftrace's own runtime test programs (tests/runtime/*) through
// swtrace, each checked here with programs of our own against bpftrace's exact output.
import XCTest

final class RuntimeConformanceTests: XCTestCase {
    private func run(_ program: String, _ arguments: [String] = []) throws -> TraceResult {
        try Executables.requireRoot()
        let result = try Swtrace.runToEnd(["-e", program] + arguments, timeout: 60)
        XCTAssertFalse(result.crashed, result.transcript)
        return result
    }

    // bpftrace reads `$N` as strtoll/strtoull with base 0 do: hex, octal, signs, and values
    // past INT64_MAX keep their 64 bits; such a parameter also counts an unroll.
    func testPositionalParametersInEveryBase() throws {
        let result = try run("""
            BEGIN { printf("%lu %d %o %x %d\\n", $1, $2, $3, $4, $5); $n = 0; unroll($6) { $n += 10; } printf("%d\\n", $n); exit(); }
            """, ["--", "0xfffffffffffffffe", "-0x20", "0644", "0X1f", "010", "3"])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "18446744073709551614 -32 644 1f 8\n30")
    }

    // `kaddr(str($1))` names the symbol given on the command line, as a literal would.
    func testKaddrOfAPositionalParameter() throws {
        let result = try run("""
            BEGIN { printf("%d\\n", kaddr(str($1)) == kaddr("vfs_read")); exit(); }
            """, ["vfs_read"])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "1")
    }

    // A macro whose body ends in `;` has no value: calling it as a statement is not a
    // discarded value (bpftrace prints no warning).
    func testStatementMacroRunsWithoutWarning() throws {
        let result = try run("""
            macro add($x, $y) { $x += $y; } BEGIN { $v = 5; add($v, 4); add($v, 1); printf("%d\\n", $v); exit(); }
            """)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "10")
        XCTAssertEqual(result.stderr, "Attached 1 probe\n")
    }
}

extension RuntimeConformanceTests {
    // A program of only BEGIN and END probes ends once BEGIN has run (bpftrace >= 0.24): END
    // runs, the maps print, the status is 0, without exit() or a signal.
    func testBeginAndEndOnlyProgramEndsByItself() throws {
        let result = try run("""
            BEGIN { @n["x"] = 3; printf("begin\\n"); } END { printf("end %d\\n", (int64)@n["x"]); }
            """)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "begin\nend 3\n\n\n@n[x]: 3")
        let endOnly = try run(#"END { printf("only end\n"); }"#)
        XCTAssertEqual(endOnly.status, 0, endOnly.transcript)
        XCTAssertEqual(endOnly.report, "only end")
    }
}
