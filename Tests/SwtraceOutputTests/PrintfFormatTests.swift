// Parsing of printf format strings: segments, conversion details, byte ranges and errors.
import SwtraceCore
import XCTest

final class PrintfFormatTests: XCTestCase {
    func testSegmentsAndConversions() throws {
        let format = try PrintfFormat.parse("pid %d comm %-16s ret %lld%%\n")
        XCTAssertEqual(format.conversions.map(\.kind), [.signedDecimal, .string, .signedDecimal])
        XCTAssertEqual(format.segments.count, 7)
        XCTAssertEqual(format.segments.first, .literal("pid "))
        XCTAssertEqual(format.segments.last, .literal("%\n"))
        XCTAssertEqual(format.conversions[1].flags, [.leftAlign])
        XCTAssertEqual(format.conversions[1].width, 16)
        XCTAssertEqual(format.conversions[2].length, .ll)
        XCTAssertEqual(format.conversions[2].text, "%lld")
    }

    func testRangesAreByteOffsets() throws {
        let format = try PrintfFormat.parse("é %5.2x")
        XCTAssertEqual(format.conversions[0].range, 3..<8)
        XCTAssertEqual(format.conversions[0].precision, 2)
        XCTAssertEqual(format.conversions[0].width, 5)
    }

    func testFlagsInAnyOrder() throws {
        let conversion = try XCTUnwrap(PrintfFormat.parse("%0#- +12.4hhX").conversions.first)
        XCTAssertEqual(conversion.flags, [.zeroPad, .alternateForm, .leftAlign, .spaceSign, .plusSign])
        XCTAssertEqual(conversion.width, 12)
        XCTAssertEqual(conversion.precision, 4)
        XCTAssertEqual(conversion.length, .hh)
        XCTAssertEqual(conversion.kind, .hexUpper)
    }

    func testArgumentKinds() throws {
        let format = try PrintfFormat.parse("%d %i %u %o %x %X %c %p %s %r %rx %rh %lu %hhd %zx %jd %td")
        XCTAssertEqual(format.conversions.map(\.argument), [
            .integer, .integer, .integer, .integer, .integer, .integer, .integer, .integer, .string,
            .buffer, .buffer, .buffer, .integer, .integer, .integer, .integer, .integer,
        ])
        XCTAssertEqual(format.conversions[10].kind, .bufferEscapedHex)
        XCTAssertEqual(format.conversions[11].kind, .bufferSpacedHex)
    }

    func testPercentAndUnknownTextStayLiteral() throws {
        XCTAssertEqual(try PrintfFormat.parse("100%% 50%q %").segments, [.literal("100% 50%q %")])
        XCTAssertEqual(try PrintfFormat.parse("").segments, [])
    }

    func testUnsupportedConversionsThrowWithOffset() {
        XCTAssertThrowsError(try PrintfFormat.parse("x=%f")) { error in
            XCTAssertEqual(error as? PrintfFormatError, PrintfFormatError("unsupported format specifier: f", offset: 2))
        }
        XCTAssertThrowsError(try PrintfFormat.parse("%5.1e"))
        XCTAssertThrowsError(try PrintfFormat.parse("%n"))
        XCTAssertThrowsError(try PrintfFormat.parse("ab %Lf")) { error in
            XCTAssertEqual((error as? PrintfFormatError)?.offset, 3)
        }
        XCTAssertThrowsError(try PrintfFormat.parse("%ls"))
        XCTAssertThrowsError(try PrintfFormat.parse("%*d"))
        XCTAssertThrowsError(try PrintfFormat.parse("%.*d"))
    }
}
