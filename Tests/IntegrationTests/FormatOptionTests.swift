// -f has the long name --format in the parser itself: the command line is no longer rewritten
// for it (only a bare --live still is), and --help, the man page and completions name both.
import XCTest
@testable import SwtraceCLI

final class FormatOptionTests: XCTestCase {
    func testOnlyBareLiveIsRewritten() {
        XCTAssertEqual(OutputOptionSpellings.expand(["--format", "json", "--format=csv", "--live", "x.bt", "--", "--live"]),
                       ["--format", "json", "--format=csv", "--live=1s", "x.bt", "--", "--live"])
    }

    func testFormatLongNameParsesEverySpelling() throws {
        for arguments in [["--format", "json"], ["--format=json"], ["-f", "json"], ["-fjson"]] {
            let options = try SwtraceCommandMain.runOptions(from: arguments + ["-e", "BEGIN {}"], fileExists: { _ in true })
            XCTAssertEqual(options.format, .json, "\(arguments)")
        }
    }
}
