// Named tuples (bpftrace's records): `(a=1, b="x")` parses to named fields, types to a named
// tuple whose fields are read by name; names must be distinct and exist.
import XCTest
@testable import SwtraceCore

final class NamedTupleTests: XCTestCase {
    func testParsesNamedFieldsInOrder() throws {
        XCTAssertEqual(Dump.expr(try Parser.parseExpression(SourceFile(name: "stdin", text: #"(a=1, b="x", c=(d=2),)"#))),
                       #"(record a=1 b="x" c=(record d=2))"#)
        XCTAssertEqual(Dump.expr(try Parser.parseExpression(SourceFile(name: "stdin", text: "(a == 1, 2)"))), "(tuple (== a 1) 2)")
    }

    func testFieldsAreTypedAndReadByName() throws {
        let checked = try kernelFreeAnalysis(#"BEGIN { $t = (a=(int8)1, b="xy", c=(d=(uint8 *)0)); @m[$t.b] = $t.c; @n = $t; }"#)
        XCTAssertEqual(checked.maps.map(\.keyTypes), [[.string(size: 3)], []])
        XCTAssertEqual(checked.maps.map(\.value), [
            .namedTuple(["d"], [.pointer(.uint8)]),
            .namedTuple(["a", "b", "c"], [.int64, .string(size: 3), .namedTuple(["d"], [.pointer(.uint8)])]),
        ])
    }

    func testDuplicateAndUnknownFieldsAreReported() {
        XCTAssertEqual(kernelFreeErrors("BEGIN { $t = (a=1, a=2); $u = (ab=1); print($u.b); }"), """
            stdin:1:14-24: ERROR: Named tuple has more than one field named 'a'
            BEGIN { $t = (a=1, a=2); $u = (ab=1); print($u.b); }
                         ~~~~~~~~~~
            stdin:1:45-49: ERROR: Record '(ab=int64)' has no field named 'b'
            BEGIN { $t = (a=1, a=2); $u = (ab=1); print($u.b); }
                                                        ~~~~
            HINT: did you mean 'ab'?

            """)
    }

    func testOneMapHoldsOneSetOfNames() {
        XCTAssertEqual(kernelFreeErrors("BEGIN { @r = (a=1, b=2); @r = (a=3, b=4); }"), "no error")
        XCTAssertTrue(kernelFreeErrors("BEGIN { @r = (a=1, b=2); @r = (a=3, c=4); }").contains("ERROR: Type mismatch for @r"))
    }
}
