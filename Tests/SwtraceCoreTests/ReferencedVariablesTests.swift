// The variables a loop body mentions, which are all a loop callback is handed.
import XCTest
@testable import SwtraceCore

final class ReferencedVariablesTests: XCTestCase {
    private func names(_ body: String) throws -> [String] {
        let program = try Parser.parse(SourceFile(name: "test.bt", text: "BEGIN { \(body) }"))
        return ReferencedVariables.names(in: program.probes[0].body.statements).sorted()
    }

    func testReadsWritesDeclarationsAndLoopVariablesAtAnyDepth() throws {
        XCTAssertEqual(try names("""
            $a = $b + 1; let $c: int64 = 2; $d++;
            if ($e) { while ($f < 3) { @m[$g] = ($h, str($i)); } } else { unroll(2) { printf("%d\\n", $j); } }
            for ($k : @m) { for ($l : 0..$n) { $o += $k.1 * $l; } }
            { return; }
            """), ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "n", "o"])
    }

    func testMapsAndBuiltinsAreNotVariables() throws {
        XCTAssertEqual(try names("@x = pid; @y[comm] = count(); print(@x);"), [])
    }
}
