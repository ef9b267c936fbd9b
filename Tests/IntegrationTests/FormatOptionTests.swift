// -f has the long name --format and --live an optional value in the parser itself: the command
// line is not rewritten for either, and --help, the man page and completions name them.
import XCTest
@testable import SwtraceCLI

final class FormatOptionTests: XCTestCase {
    // The command line reaches the parser as written (after getopt-style splitting of short
    // options): --live is the parser's own default-as-flag option, no rewrite is left.
    func testLiveSpellingsParseWithoutRewriting() throws {
        let cases: [([String], Int, String?, [String])] = [
            (["--live", "x.bt", "arg"], 1000, "x.bt", ["arg"]),
            (["--live", "500ms", "x.bt"], 500, "x.bt", []),
            (["x.bt", "--live", "a1"], 1000, "x.bt", ["a1"]),
            (["x.bt", "a1", "--live"], 1000, "x.bt", ["a1"]),
            (["--live", "-q", "x.bt"], 1000, "x.bt", []),
            (["--live=250ms", "x.bt", "3"], 250, "x.bt", ["3"]),
            (["-qe", "BEGIN {}", "--live", "2"], 2000, nil, []),
        ]
        for (arguments, interval, file, positionals) in cases {
            let options = try SwtraceCommandMain.runOptions(from: arguments, fileExists: { _ in true })
            XCTAssertEqual(options.liveIntervalMilliseconds, interval, "\(arguments)")
            XCTAssertEqual(options.program, file.map { .file(path: $0) } ?? .inline("BEGIN {}"), "\(arguments)")
            XCTAssertEqual(options.positionalArguments, positionals, "\(arguments)")
        }
    }

    func testLiveIntervalsThatAreNoneAreRefusedWithTheirText() {
        for (arguments, word) in [(["--live=fast", "x.bt"], "fast"), (["--live", "0", "x.bt"], "0"),
                                  (["--live", "5x", "x.bt"], "5x"), (["-q", "--live=", "x.bt"], "")] {
            XCTAssertThrowsError(try SwtraceCommandMain.runOptions(from: arguments, fileExists: { _ in true }), "\(arguments)") {
                XCTAssertEqual(SwtraceCommandMain.message(for: $0), "--live needs a positive interval such as 1s or 500ms, not '\(word)'.", "\(arguments)")
            }
        }
        // Option values and arguments after -- are not --live options.
        XCTAssertNil(LiveView.attachedIntervalProblem(["-e", "--live=x", "--", "--live=y"]))
        XCTAssertNil(LiveView.attachedIntervalProblem(["-c", "--live=x", "x.bt"]))
    }

    func testFormatLongNameParsesEverySpelling() throws {
        for arguments in [["--format", "json"], ["--format=json"], ["-f", "json"], ["-fjson"]] {
            let options = try SwtraceCommandMain.runOptions(from: arguments + ["-e", "BEGIN {}"], fileExists: { _ in true })
            XCTAssertEqual(options.format, .json, "\(arguments)")
        }
    }
}
