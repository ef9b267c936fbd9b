// Histogram edge cases end to end, in text and JSON from one program: only negative values,
// a single bucket, zero, lhist with step 1 ([n] labels) and a step that does not divide the
// range (the open bucket starts at the last bound below max, where bpftrace puts 9 and 10).
import Foundation
import XCTest

final class HistogramEdgeTests: XCTestCase {
    static let program = """
        BEGIN {
          @neg = hist(-5); @neg = hist(-1); @one = hist(1000); @zero = hist(0);
          @s1 = lhist(2, 0, 5, 1); @s1 = lhist(2, 0, 5, 1); @s1 = lhist(7, 0, 5, 1);
          @u = lhist(9, 0, 10, 3); @u = lhist(10, 0, 10, 3); @u = lhist(4, 0, 10, 3);
          exit();
        }
        """

    func testEdgeCasesInTextAndJSON() throws {
        try Executables.requireRoot()
        let text = try Swtrace.runToEnd(["-q", "-e", Self.program], timeout: 60)
        XCTAssertEqual(text.status, 0, text.transcript)
        XCTAssertEqual(text.stdout, """


            @neg:
            (..., 0)               2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|

            @one:
            [512, 1K)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|

            @s1:
            [2]                    2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
            [3]                    0 |                                                    |
            [4]                    0 |                                                    |
            [5, ...)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |

            @u:
            [3, 6)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
            [6, 9)                 0 |                                                    |
            [9, ...)               2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|

            @zero:
            [0]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|


            """, text.transcript)

        let json = try Swtrace.runToEnd(["-q", "-f", "json", "-e", Self.program], timeout: 60)
        XCTAssertEqual(json.status, 0, json.transcript)
        for line in json.stdoutLines {
            XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], line)
        }
        XCTAssertEqual(json.stdoutLines, [
            #"{"type": "hist", "data": {"@neg": [{"max": -1, "count": 2}]}}"#,
            #"{"type": "hist", "data": {"@one": [{"min": 512, "max": 1023, "count": 1}]}}"#,
            #"{"type": "hist", "data": {"@s1": [{"min": 2, "max": 2, "count": 2},{"min": 3, "max": 3, "count": 0},{"min": 4, "max": 4, "count": 0},{"min": 5, "count": 1}]}}"#,
            #"{"type": "hist", "data": {"@u": [{"min": 3, "max": 5, "count": 1},{"min": 6, "max": 8, "count": 0},{"min": 9, "count": 2}]}}"#,
            #"{"type": "hist", "data": {"@zero": [{"min": 0, "max": 0, "count": 1}]}}"#,
        ], json.transcript)
    }
}
