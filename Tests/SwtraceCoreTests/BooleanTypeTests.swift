// bpftrace's bool type: true/false, comparisons, && || and ! are bools; (bool)x tests an
// integer, pointer, string or count/sum map for non-zero; has_key, strcontains and tuple, array
// and pointer comparisons are bools too, (bool[n]) arrays hold them; bools cast back to integers and
// pass printf's %d; they keep their type in variables, tuples, map keys and values.
import XCTest
@testable import SwtraceCore

final class BooleanTypeTests: XCTestCase {
    /// Types of print()'s argument in each statement of a BEGIN probe.
    func printedTypes(_ statements: String) throws -> [SwType] {
        let checked = try kernelFreeAnalysis("BEGIN { \(statements) }")
        return checked.probes[0].probe.body.statements.compactMap { statement in
            guard case .expression(let call) = statement.kind, case .call("print", let arguments) = call.kind else { return nil }
            return checked.type(of: arguments[0])
        }
    }

    func testLiteralsComparisonsAndLogicalOperatorsAreBools() throws {
        XCTAssertEqual(try printedTypes("print(true); print(1 < 2); print(pid == 1); print(!0); print(1 && 0); print(\"a\" == \"b\");"),
                       Array(repeating: .boolean, count: 6))
        XCTAssertEqual(try printedTypes(#"@m[1] = 1; print(has_key(@m, 1)); print(strcontains("ab", "b")); print((1, 2) == (1, 2)); print(curtask != curtask);"#),
                       Array(repeating: .boolean, count: 4))
        XCTAssertEqual(try printedTypes("print((bool[2])(uint16)1); print(*(bool *)curtask);"), [.array(.boolean, count: 2), .boolean])
    }

    func testBoolCastsAndIntegerCastsOfBools() throws {
        XCTAssertEqual(try printedTypes(#"@c = count(); print((bool)1); print((bool)"s"); print((bool)curtask); print((bool)@c); print((int64)true);"#),
                       [.boolean, .boolean, .boolean, .boolean, .int64])
    }

    func testBoolsKeepTheirTypeInVariablesTuplesAndMaps() throws {
        let checked = try kernelFreeAnalysis("BEGIN { $b = 1 > 2; @v = $b; @k[true, 1] = (false, 2); printf(\"%d\\n\", $b); }")
        XCTAssertEqual(checked.maps.map(\.value), [.boolean, .tuple([.boolean, .int64])])
        XCTAssertEqual(checked.maps[1].keyTypes, [.boolean, .int64])
    }

    func testBoolIsALanguageTypeNameButAOneByteIntegerInCDeclarations() throws {
        let checked = try kernelFreeAnalysis("""
            struct S { bool flag; }
            fn flip($x: bool): bool { return !$x; }
            BEGIN { let $b: bool = true; @f = flip($b); @s = ((struct S *)0)->flag; @a = (bool[2])(uint16)1; }
            """)
        XCTAssertEqual(checked.maps.map(\.value), [.boolean, .uint64, .array(.boolean, count: 2)])
        XCTAssertTrue(kernelFreeErrors("BEGIN { let $y: bool = 5; }").contains("ERROR: Type mismatch for $y"))
    }

    func testOnlyCastableValuesBecomeBools() {
        XCTAssertThrowsError(try kernelFreeAnalysis("BEGIN { @h = hist(1); $x = (bool)kstack; }"))
    }
}
