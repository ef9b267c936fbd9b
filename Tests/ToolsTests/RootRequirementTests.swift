// Every tool refuses to trace without root in one line (instead of one diagnostic per probe);
// --emit needs no privileges.
import Foundation
import XCTest

final class RootRequirementTests: XCTestCase {
    func testToolsSayOnceThatTheyNeedRoot() throws {
        try Built.requireRoot("opensnoop", "syscount", "readhist", "vfsreadlat")
        let setpriv = "/usr/bin/setpriv"
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: setpriv), "setpriv (util-linux) is not installed")
        let nobody = ["--reuid=65534", "--regid=65534", "--clear-groups"]
        for tool in ["opensnoop", "syscount", "readhist", "vfsreadlat"] {
            let refused = try runTool(setpriv, nobody + [Built.path(tool), "-d", "1"])
            try XCTSkipIf(refused.stderr.contains("Permission denied"), "nobody cannot run \(Built.path(tool))")
            XCTAssertEqual(refused.status, 1, refused.transcript)
            XCTAssertEqual(refused.stdout, "", refused.transcript)
            XCTAssertEqual(refused.stderr, "ERROR: \(tool) needs root to trace (CAP_BPF and CAP_PERFMON).\n",
                           refused.transcript)
        }
        let emitted = try runTool(setpriv, nobody + [Built.path("readhist"), "--emit"])
        XCTAssertEqual(emitted.status, 0, emitted.transcript)
        XCTAssertTrue(emitted.stdout.contains("@bytes = hist(args.ret);"), emitted.transcript)
    }
}
