// opensnoop's line splitting, on lines the kernel rarely gives a test: 7-digit PIDs (pid_max is
// 4194304 on most 64-bit systems), names and paths with spaces, every optional column.
@testable import opensnoop
import XCTest

final class OpenSnoopLineTests: XCTestCase {
    func testSplitsLongPIDsNamesAndPathsWithSpaces() throws {
        let plain = try XCTUnwrap(OpenSnoopLine("4194301 my proc  x        -1   2 /tmp/a b\n", uid: false, flags: false))
        XCTAssertEqual(plain, OpenSnoopLine(uid: nil, pid: 4194301, comm: "my proc  x", fd: -1, err: 2, flags: nil,
                                            path: "/tmp/a b"))
        let full = try XCTUnwrap(OpenSnoopLine("1000    12     bash               3   0 02100000  leading space",
                                                uid: true, flags: true))
        XCTAssertEqual(full, OpenSnoopLine(uid: 1000, pid: 12, comm: "bash", fd: 3, err: 0, flags: "02100000",
                                           path: " leading space"))
        XCTAssertNil(OpenSnoopLine("not a line", uid: false, flags: false))
        XCTAssertNil(OpenSnoopLine("12     short", uid: false, flags: false))
    }
}
