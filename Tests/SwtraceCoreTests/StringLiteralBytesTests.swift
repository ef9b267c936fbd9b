// String literals are byte-exact: escapes that spell bytes which are not UTF-8 reach the AST,
// the types and the tree dump as exactly those bytes (ByteText), and bad escapes are refused
// with the exact rendered diagnostics.

import XCTest
@testable import SwtraceCore

final class StringLiteralBytesTests: XCTestCase {
    private func literalBytes(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [[UInt8]] {
        var lexer = Lexer(source: SourceFile(name: "t", text: text))
        var out: [[UInt8]] = []
        while true {
            let token = lexer.next()
            if token.kind == .endOfFile { break }
            guard case .string(let value) = token.kind else {
                XCTFail("not a string: \(token.kind)", file: file, line: line)
                continue
            }
            out.append(ByteText.bytes(of: value))
        }
        return out
    }

    func testHexAndOctalEscapesGiveTheirBytes() {
        XCTAssertEqual(literalBytes(#""\xab" "\xff\xfe" "\251" "\0" "a\x80b" "\xc3\xa9" "é\xe9""#), [
            [0xAB], [0xFF, 0xFE], [0xA9], [0x00], [0x61, 0x80, 0x62], [0xC3, 0xA9], [0xC3, 0xA9, 0xE9],
        ])
    }

    func testValidUTF8EscapesAreOrdinaryText() {
        var lexer = Lexer(source: SourceFile(name: "t", text: #""\xc3\xa9t\xc3\xa9""#))
        XCTAssertEqual(lexer.next().kind, .string("été"))
    }

    func testByteTextRoundTripsEveryByte() {
        for byte in UInt8.min...UInt8.max {
            let text = ByteText.string([byte, 0x41, byte])
            XCTAssertEqual(ByteText.bytes(of: text), [byte, 0x41, byte], "byte \(byte)")
            XCTAssertEqual(ByteText.count(text), 3, "byte \(byte)")
        }
    }

    func testByteTextKeepsTruncatedAndReservedSequences() {
        // A cut UTF-8 sequence, an overlong form, a surrogate, and the UTF-8 of U+10FFAB
        // (a scalar ByteText itself uses) all come back unchanged.
        let samples: [[UInt8]] = [[0xE2, 0x82], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x8F, 0xBE, 0xAB], [0xF4, 0x8F]]
        for bytes in samples {
            let text = ByteText.string(bytes)
            XCTAssertEqual(ByteText.bytes(of: text), bytes)
            XCTAssertEqual(ByteText.count(text), bytes.count)
        }
        XCTAssertEqual(ByteText.string(Array("plain é".utf8)), "plain é")
        XCTAssertEqual(ByteText.string([0xF4, 0x8F, 0xBE, 0xAB]).unicodeScalars.count, 4)
        XCTAssertNil(ByteText.rawByte("é"))
        XCTAssertEqual(ByteText.string([0xAB]).unicodeScalars.map { ByteText.rawByte($0) }, [0xAB])
    }

    func testLiteralTypesCountBytes() throws {
        let checked = try kernelFreeAnalysis(#"BEGIN { @a = "\xff\251"; @b = "é\xe9"; @c = "\xc3\xa9"; }"#)
        XCTAssertEqual(checked.maps.map(\.value), [.string(size: 3), .string(size: 4), .string(size: 3)])
    }

    func testTreeDumpWritesRawBytesAsHexEscapes() {
        let text = SyntaxTreePrinter.describe(parseOK(#"BEGIN { printf("%s\xab\n", "\377é"); }"#)!)
        XCTAssertTrue(text.contains(#"string: %s\xab\n"#), text)
        XCTAssertTrue(text.contains(#"string: \xffé"#), text)
    }

    func testQuotedLiteralReadsBackToTheSameBytes() {
        let original = ByteText.string([0x22, 0xFF, 0x0A, 0x5C, 0xC3, 0xA9, 0x80])
        let quoted = StringLiteralText.quoted(original)
        XCTAssertEqual(quoted, #""\"\xff\n\\é\x80""#)
        var lexer = Lexer(source: SourceFile(name: "t", text: quoted))
        XCTAssertEqual(lexer.next().kind, .string(original))
    }

    func testHexEscapeWithoutDigits() {
        XCTAssertEqual(errors(#"BEGIN { printf("\x"); }"#), #"""
            stdin:1:17-19: ERROR: invalid escape character '\x'
            BEGIN { printf("\x"); }
                            ~~
            HINT: valid escapes are \n \t \r \\ \" \' \xNN and \0NN (octal)

            """#)
    }

    func testOctalEscapeAboveOneByte() {
        XCTAssertEqual(errors(#"BEGIN { $s = "a\777b"; }"#), #"""
            stdin:1:16-20: ERROR: octal escape sequence out of range '\777'
            BEGIN { $s = "a\777b"; }
                           ~~~~
            HINT: an octal escape spells one byte: \0 to \377

            """#)
    }

    func testOctalEscapesTakeAtMostThreeDigits() {
        XCTAssertEqual(literalBytes(#""\3770" "\18""#), [[0xFF, 0x30], [0x01, 0x38]])
    }

    /// A program read as bytes: the raw 0xe9 in a literal is one byte and one column, so the
    /// underline of a later error sits under its token (and the line shows the byte as it is).
    func testSourceBytesThatAreNotUTF8() throws {
        let text = #"BEGIN { $x = "caf~"; $y = nope; }"#
        let source = SourceFile(name: "t.bt", bytes: text.utf8.map { $0 == UInt8(ascii: "~") ? 0xE9 : $0 })
        var lexer = Lexer(source: source)
        var strings: [[UInt8]] = []
        while true {
            let token = lexer.next()
            if token.kind == .endOfFile { break }
            if case .string(let value) = token.kind { strings.append(ByteText.bytes(of: value)) }
        }
        XCTAssertEqual(strings, [[0x63, 0x61, 0x66, 0xE9]])
        let diagnostic = Diagnostic(id: "test", message: "here", range: SourceRange(26, 30))
        XCTAssertEqual(DiagnosticRenderer.render([diagnostic], in: source), """
            t.bt:1:27-31: ERROR: here
            BEGIN { $x = "caf\(ByteText.string([0xE9]))"; $y = nope; }
                                      ~~~~

            """)
    }
}
