// Recovery never loops or crashes: token soup and truncated programs always end in a result or
// in diagnostics with ranges inside the source.

import XCTest
@testable import SwtraceCore

final class ParserRobustnessTests: XCTestCase {
    private let pieces = [
        "BEGIN", "kprobe:f", "uprobe:/bin/sh:main", "{", "}", "(", ")", "[", "]", ";", ",", "/", "=", "+=", "==",
        "?", ":", "..", ".", "->", "++", "--", "@x", "@", "$y", "$1", "$#", "42", "0x1f", "5s", "\"str\"", "'c'",
        "if", "else", "while", "for", "unroll", "let", "return", "break", "config", "fn", "macro", "struct",
        "sizeof", "offsetof", "(uint8)", "printf", "count()", "*", "&", "-", "!", "\n", " ", "//c\n", "/*c*/",
        "\"unterminated\n", "#define X 1\n", "`", "\t",
    ]

    func testTokenSoupAlwaysTerminates() {
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        for _ in 0..<3000 {
            let count = next() % 24
            let text = (0..<count).map { _ in pieces[next() % pieces.count] }.joined(separator: next() % 2 == 0 ? " " : "")
            let source = SourceFile(name: "fuzz", text: text)
            do {
                _ = try Parser.parse(source)
            } catch let error as DiagnosticError {
                XCTAssertFalse(error.diagnostics.isEmpty)
                for d in error.diagnostics {
                    XCTAssertLessThanOrEqual(d.range.start, d.range.end, text)
                    XCTAssertLessThanOrEqual(d.range.start, source.utf8.count + 1, text)
                    _ = DiagnosticRenderer.render(d, in: source)
                }
            } catch {
                XCTFail("unexpected error \(error) for \(text)")
            }
        }
    }

    func testEveryPrefixOfAProgramTerminates() {
        let text = """
            #define LIMIT 10
            config = { max_map_keys = 100 }
            fn f($a: int64): int64 { return $a * 2 }
            kprobe:vfs_read, kprobe:vfs_write /pid != 0 && comm == "x"/ {
              let $i: uint32 = 0;
              while ($i < LIMIT) { $i++; if ($i > 5) { break } else { continue } }
              for ($kv : @m) { print($kv.0) }
              @m[tid, comm] = hist((int64)arg2 + sizeof(struct file) * f(1) ? 1 : 2);
            }
            """
        let bytes = Array(text.utf8)
        for end in 0...bytes.count {
            let source = SourceFile(name: "p", text: String(decoding: bytes[0..<end], as: UTF8.self))
            _ = try? Parser.parse(source)
        }
        XCTAssertNotNil(parseOK(text))
    }

    /// Thousands of nested parentheses, prefix operators, blocks or chained operators would
    /// overflow the stack of a recursive stage; each is one diagnostic instead. The analysis of
    /// a program right under the limits still works.
    func testPathologicalNestingIsReportedNotCrashed() {
        let programs = [
            "BEGIN { $x = " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000) + "; }",
            "BEGIN { $x = " + String(repeating: "-", count: 5000) + "1; }",
            "BEGIN { " + String(repeating: "if (1) { ", count: 3000) + String(repeating: "}", count: 3000) + " }",
            "BEGIN { $x = " + Array(repeating: "1", count: 20000).joined(separator: " + ") + "; }",
            "BEGIN { $x = " + Array(repeating: "1 ?", count: 3000).joined(separator: " ") + " 2" + String(repeating: " : 3", count: 3000) + "; }",
        ]
        for text in programs {
            XCTAssertEqual(errorIds(text), ["nested-too-deeply"], String(text.prefix(40)))
        }
        let deepButFine = "BEGIN { $x = " + String(repeating: "(", count: 100) + "1" + String(repeating: ")", count: 100)
            + " + " + Array(repeating: "1", count: 400).joined(separator: " + ") + "; }"
        let source = SourceFile(name: "stdin", text: deepButFine)
        XCTAssertNoThrow(try SemanticAnalyzer.analyze(try Parser.parse(source), source: source,
                                                      options: SemanticOptions(catalogue: FixedCatalogue())))
    }
}
