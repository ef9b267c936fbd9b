// printf rendering: every conversion, flag, width and precision against literal expectations
// (C printf semantics on values narrowed to the length modifier's width, as bpftrace does).
import SwtraceCore
import SwtraceOutput
import XCTest

final class PrintfRendererTests: XCTestCase {
    /// The String and the byte-appending renderers, which must agree on every case below.
    private func render(_ format: String, _ arguments: Value...) throws -> String {
        let parsed = try PrintfFormat.parse(format)
        let text = PrintfRenderer.render(parsed, arguments)
        var bytes: [UInt8] = Array("before|".utf8)
        PrintfRenderer.render(parsed, arguments, into: &bytes)
        XCTAssertEqual(bytes, ByteText.bytes(of: "before|" + text), "printf(\"\(format)\") into bytes")
        return text
    }

    private func expect(_ format: String, _ argument: Value, _ expected: String,
                        file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try render(format, argument), expected, "printf(\"\(format)\")", file: file, line: line)
    }

    func testSignedDecimal() throws {
        try expect("%d", .signed(42), "42")
        try expect("%i", .signed(-42), "-42")
        try expect("%d", .unsigned(0xFFFF_FFFF), "-1")            // int: low 32 bits, signed
        try expect("%d", .signed(0x1_0000_0005), "5")
        try expect("%ld", .unsigned(.max), "-1")
        try expect("%lld", .signed(.min), "-9223372036854775808")
        try expect("%jd", .signed(.max), "9223372036854775807")
        try expect("%zd", .signed(-3), "-3")
        try expect("%td", .signed(-3), "-3")
        try expect("%hd", .signed(70000), "4464")
        try expect("%hd", .signed(40000), "-25536")
        try expect("%hhd", .signed(200), "-56")
        try expect("%d", .boolean(true), "1")
    }

    func testUnsignedDecimal() throws {
        try expect("%u", .signed(-1), "4294967295")
        try expect("%lu", .signed(-1), "18446744073709551615")
        try expect("%llu", .unsigned(.max), "18446744073709551615")
        try expect("%hu", .signed(-1), "65535")
        try expect("%hhu", .signed(300), "44")
    }

    func testHexAndOctal() throws {
        try expect("%x", .signed(255), "ff")
        try expect("%X", .signed(255), "FF")
        try expect("%x", .signed(-1), "ffffffff")
        try expect("%lx", .signed(-1), "ffffffffffffffff")
        try expect("%llX", .unsigned(0xDEAD_BEEF_CAFE), "DEADBEEFCAFE")
        try expect("%o", .signed(8), "10")
        try expect("%lo", .signed(-1), "1777777777777777777777")
        // bpftrace runtime test printf_length_modifiers
        XCTAssertEqual(try render("%hhx %hx %x %jx", .signed(0x12345678abcdef), .signed(0x12345678abcdef),
                                  .signed(0x12345678abcdef), .signed(0x12345678abcdef)),
                       "ef cdef 78abcdef 12345678abcdef")
    }

    func testAlternateForm() throws {
        try expect("%#x", .signed(255), "0xff")
        try expect("%#X", .signed(255), "0XFF")
        try expect("%#x", .signed(0), "0")
        try expect("%#o", .signed(8), "010")
        try expect("%#o", .signed(0), "0")
        try expect("%#010x", .signed(255), "0x000000ff")
        try expect("%#8x|", .signed(255), "    0xff|")
    }

    func testSignFlags() throws {
        try expect("%+d", .signed(5), "+5")
        try expect("%+d", .signed(-5), "-5")
        try expect("% d", .signed(5), " 5")
        try expect("% d", .signed(-5), "-5")
        try expect("%+ d", .signed(5), "+5")
        try expect("%+u", .signed(5), "5")
        try expect("%+05d", .signed(5), "+0005")
    }

    func testWidthAndZeroPadding() throws {
        try expect("%5d|", .signed(42), "   42|")
        try expect("%-5d|", .signed(42), "42   |")
        try expect("%05d", .signed(42), "00042")
        try expect("%05d", .signed(-42), "-0042")
        try expect("%08x", .signed(0xBEEF), "0000beef")
        try expect("%-08x|", .signed(255), "ff      |")
        try expect("%2d", .signed(12345), "12345")
    }

    func testPrecisionOnIntegers() throws {
        try expect("%5.2d|", .signed(7), "   07|")
        try expect("%.3d", .signed(-7), "-007")
        try expect("%.0d|", .signed(0), "|")
        try expect("%08.3x|", .signed(255), "     0ff|")
        try expect("%-6.4x|", .signed(255), "00ff  |")
    }

    func testCharacter() throws {
        try expect("%c", .signed(65), "A")
        try expect("%3c|", .signed(66), "  B|")
        try expect("%-3c|", .signed(67), "C  |")
        try expect("%c", .signed(0x141), "A")
        // bpftrace runtime test printf_char
        XCTAssertEqual(try render("%c%c%c%c\n", .signed(0x41), .signed(0x42), .signed(0x43), .signed(0x44)), "ABCD\n")
    }

    func testPointer() throws {
        try expect("%p", .unsigned(0xffff_8880_0000_1000), "0xffff888000001000")
        try expect("%p", .unsigned(0), "(nil)")
        try expect("%20p|", .unsigned(0x1234), "              0x1234|")
        try expect("%-10p|", .unsigned(0x1234), "0x1234    |")
    }

    func testStrings() throws {
        try expect("%s", .string("abc"), "abc")
        try expect("%-10s|", .string("abc"), "abc       |")
        try expect("%10s|", .string("abc"), "       abc|")
        try expect("%.3s", .string("abcdef"), "abc")
        try expect("%5.2s|", .string("abcdef"), "   ab|")
        try expect("%.2s|", .string("ñño"), "ñ|")
        // Precision counts bytes, as C's printf: the cut may fall inside a UTF-8 sequence.
        try expect("%.3s|", .string("ñño"), "ñ" + ByteText.string([0xC3]) + "|")
        try expect("%4s|", .string(ByteText.string([0xFF, 0x41])), "  " + ByteText.string([0xFF, 0x41]) + "|")
        try expect("%c|", .unsigned(0xAB), ByteText.string([0xAB]) + "|")
        try expect("%s", .signed(-5), "-5")
        try expect("%s", .unsigned(.max), "18446744073709551615")
        try expect("%s", .tuple([.signed(1), .string("abc")]), "(1, abc)")
        try expect("%s", .boolean(false), "false")
        try expect("%s", .symbol("do_nanosleep"), "do_nanosleep")
        try expect("%s", .stack(["f+1", "g+2"]), "\n        f+1\n        g+2\n")
    }

    func testBuffers() throws {
        try expect("%r", .buffer([0x48, 0x69, 0x00, 0x5c]), "Hi\\x00\\")
        try expect("%s", .buffer([0x48, 0x69, 0xff]), "Hi\\xff")
        // bpftrace runtime tests buf_no_ascii and buf_no_ascii_no_escaping
        try expect("%rx", .buffer(Array("Hello\0".utf8)), "\\x48\\x65\\x6c\\x6c\\x6f\\x00")
        try expect("%rh", .buffer(Array("Hello\0".utf8)), "48 65 6c 6c 6f 00")
    }

    func testLiteralsAndPercent() throws {
        XCTAssertEqual(try render("100%%\n"), "100%\n")
        XCTAssertEqual(try render("50%q done"), "50%q done")
        XCTAssertEqual(try render("trailing %"), "trailing %")
        XCTAssertEqual(try render("%s %s\n", .string("bash"), .string("/etc/passwd")), "bash /etc/passwd\n")
        // bpftrace runtime test printf_more_arguments
        XCTAssertEqual(try render("%dst: %sa; %dnd: %sb;; %drd: %sc;;; %dth: %sd;;;;", .signed(1), .string("a"),
                                  .signed(2), .string("ab"), .signed(3), .string("abc"), .signed(4), .string("abcd")),
                       "1st: aa; 2nd: abb;; 3rd: abcc;;; 4th: abcdd;;;;")
    }

    func testMissingArgumentsLeaveTheConversionText() throws {
        XCTAssertEqual(try render("a=%d b=%-5s"), "a=%d b=%-5s")
    }
}
