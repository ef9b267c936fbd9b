// Front-end behaviours found by running bpftrace's runtime test programs through swtrace:
// command-line arguments read as numbers the way bpftrace reads them, and macros that have no
// value used as statements.
import XCTest
@testable import SwtraceCore

final class RuntimeConformanceAnalysisTests: XCTestCase {
    func testPositionalNumbersFollowCBaseRules() {
        XCTAssertEqual(PositionalNumber.value("42"), 42)
        XCTAssertEqual(PositionalNumber.value("-42"), -42)
        XCTAssertEqual(PositionalNumber.value("+7"), 7)
        XCTAssertEqual(PositionalNumber.value("0x1F"), 31)
        XCTAssertEqual(PositionalNumber.value("0X10"), 16)
        XCTAssertEqual(PositionalNumber.value("-0x10"), -16)
        XCTAssertEqual(PositionalNumber.value("0644"), 420)
        XCTAssertEqual(PositionalNumber.value("0"), 0)
        XCTAssertEqual(PositionalNumber.value("0xffffffffffffffff"), -1)   // all 64 bits kept
        XCTAssertEqual(PositionalNumber.value("18446744073709551615"), -1)
        XCTAssertNil(PositionalNumber.value("18446744073709551616"))
        XCTAssertNil(PositionalNumber.value("09"))      // not octal: text
        XCTAssertNil(PositionalNumber.value("0x"))
        XCTAssertNil(PositionalNumber.value("12ab"))
        XCTAssertNil(PositionalNumber.value("hello"))
        XCTAssertNil(PositionalNumber.value(""))
        XCTAssertNil(PositionalNumber.value("-"))
    }

    func testHexadecimalPositionalIsAnInteger() throws {
        let checked = try kernelFreeAnalysis("BEGIN { printf(\"%x\\n\", $1 + 1); }", arguments: ["0x20"])
        XCTAssertTrue(checked.warnings.isEmpty)
        XCTAssertEqual(kernelFreeErrors("BEGIN { $n = 0; unroll($1) { $n++; } }", arguments: ["0x3"]), "no error")
        XCTAssertEqual(kernelFreeErrors("BEGIN { $n = 0; unroll($1) { $n++; } }", arguments: ["0200"]), """
            stdin:1:24-26: ERROR: unroll maximum value is 100
            BEGIN { $n = 0; unroll($1) { $n++; } }
                                   ~~

            """)
    }

    func testMacroWithoutValueUsedAsStatementDoesNotWarn() throws {
        let checked = try kernelFreeAnalysis("""
            macro bump($x) { $x += 2; }
            macro twice($x) { $x * 2 }
            BEGIN { $a = 1; bump($a); twice($a); $b = twice($a); }
            """)
        XCTAssertEqual(checked.warnings.map { "\($0.id) \($0.range.start)" }, ["discarded-value 81"])
    }
}
