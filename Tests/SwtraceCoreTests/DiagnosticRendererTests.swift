// The bpftrace text layout of diagnostics, independent of where they come from.

import XCTest
@testable import SwtraceCore

final class DiagnosticRendererTests: XCTestCase {
    let source = SourceFile(name: "stdin", text: "BEGIN { foo bar }\nkprobe:f {\n\t@x = 1;\n}\n")

    func testSingleLineRangeWithHints() {
        let d = Diagnostic(id: "x", message: "syntax error, unexpected identifier", range: SourceRange(8, 11),
                           hints: ["first hint", "second hint"])
        XCTAssertEqual(DiagnosticRenderer.render(d, in: source), """
            stdin:1:9-12: ERROR: syntax error, unexpected identifier
            BEGIN { foo bar }
                    ~~~
            HINT: first hint
            HINT: second hint

            """)
    }

    func testWarning() {
        let d = Diagnostic(id: "x", severity: .warning, message: "unused", range: SourceRange(12, 15))
        XCTAssertEqual(DiagnosticRenderer.render(d, in: source), """
            stdin:1:13-16: WARNING: unused
            BEGIN { foo bar }
                        ~~~

            """)
    }

    func testTabsWidenTheLineAndTheUnderline() {
        // "\t@x" starts at offset 29 on line 3.
        let d = Diagnostic(id: "x", message: "m", range: SourceRange(30, 32))
        XCTAssertEqual(DiagnosticRenderer.render(d, in: source), """
            stdin:3:2-4: ERROR: m
                @x = 1;
                ~~

            """)
        let whole = Diagnostic(id: "x", message: "m", range: SourceRange(29, 32))
        XCTAssertEqual(DiagnosticRenderer.render(whole, in: source), """
            stdin:3:1-4: ERROR: m
                @x = 1;
            ~~~~~~

            """)
    }

    func testMultiLineRangeShowsLineSpanAndAllLines() {
        let d = Diagnostic(id: "x", message: "probe problem", range: SourceRange(18, 39))
        XCTAssertEqual(DiagnosticRenderer.render(d, in: source), """
            stdin:2-4: ERROR: probe problem
            kprobe:f {
                @x = 1;
            }

            """)
    }

    func testRangeEndingAtANewlineStaysOnOneLine() {
        let d = Diagnostic(id: "x", message: "m", range: SourceRange(0, 18))
        XCTAssertEqual(DiagnosticRenderer.render(d, in: source).split(separator: "\n").first, "stdin:1:1-19: ERROR: m")
    }

    func testEmptyRangeGetsOneMark() {
        let d = Diagnostic(id: "x", message: "m", range: SourceRange(6, 6))
        XCTAssertEqual(DiagnosticRenderer.render(d, in: source), """
            stdin:1:7-8: ERROR: m
            BEGIN { foo bar }
                  ~

            """)
    }

    func testRangePastEndOfLine() {
        let s = SourceFile(name: "f.bt", text: "BEGIN {")
        let d = Diagnostic(id: "x", message: "m", range: SourceRange(7, 8))
        XCTAssertEqual(DiagnosticRenderer.render(d, in: s), """
            f.bt:1:8-9: ERROR: m
            BEGIN {
                   ~

            """)
    }

    func testNamelessSource() {
        let s = SourceFile(name: "", text: "x")
        let d = Diagnostic(id: "x", message: "m", range: SourceRange(0, 1))
        XCTAssertEqual(DiagnosticRenderer.render(d, in: s), "1:1-2: ERROR: m\nx\n~\n")
    }

    func testErrorsComeBeforeWarnings() {
        let w = Diagnostic(id: "w", severity: .warning, message: "w", range: SourceRange(0, 1))
        let e = Diagnostic(id: "e", message: "e", range: SourceRange(8, 9))
        let text = DiagnosticRenderer.render([w, e], in: source)
        XCTAssertTrue(text.hasPrefix("stdin:1:9-10: ERROR: e\n"))
        XCTAssertTrue(text.contains("stdin:1:1-2: WARNING: w\n"))
    }

    func testMultiByteCharactersUnderlineOnce() {
        let s = SourceFile(name: "stdin", text: "BEGIN { \"é\" ` }")
        let d = Diagnostic(id: "x", message: "m", range: SourceRange(13, 14))
        XCTAssertEqual(DiagnosticRenderer.render(d, in: s), """
            stdin:1:14-15: ERROR: m
            BEGIN { "é" ` }
                        ~

            """)
    }
}
