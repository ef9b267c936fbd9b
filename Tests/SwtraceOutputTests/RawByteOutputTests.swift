// Strings holding bytes that are not UTF-8 (ByteText) print as bpftrace prints them: the raw
// bytes in text output, `\uffffffNN` (bpftrace's sign-extended char escape) in JSON.
import SwtraceCore
@testable import SwtraceOutput
import XCTest

final class RawByteOutputTests: XCTestCase {
    private let key = Value.string(ByteText.string([0x6B, 0xCD]))

    func testTextMapPrintsTheRawBytes() {
        let map = MapSnapshot(name: "@", isKeyed: true, entries: [(key: [key], value: .count(1))])
        XCTAssertEqual(ByteText.bytes(of: TextFormatter().map(map, top: 0, divisor: 0)),
                       Array("@[k".utf8) + [0xCD] + Array("]: 1\n".utf8))
        let value = MapSnapshot(name: "@v", isKeyed: false, entries: [(key: [], value: .scalar(key))])
        XCTAssertEqual(ByteText.bytes(of: TextFormatter().map(value, top: 0, divisor: 0)),
                       Array("@v: k".utf8) + [0xCD] + Array("\n".utf8))
    }

    func testJSONEscapesRawBytesAsBpftraceDoes() {
        let map = MapSnapshot(name: "@", isKeyed: true, entries: [(key: [key], value: .count(1))])
        XCTAssertEqual(JSONFormatter().map(map, top: 0, divisor: 0),
                       #"{"type": "map", "data": {"@": {"k\uffffffcd": 1}}}"# + "\n")
        XCTAssertEqual(JSONFormatter().printf(ByteText.string([0x61, 0xFF, 0x01, 0xC3, 0xA9])),
                       #"{"type": "printf", "data": "a\uffffffff\u0001é"}"# + "\n")
    }

    func testPrintfOfRawBytesAppendsThemUnchanged() throws {
        let format = try PrintfFormat.parse("%s|" + ByteText.string([0xFE]) + "|%c\n")
        var out: [UInt8] = []
        PrintfRenderer.render(format, [key, .unsigned(0xAB)], into: &out)
        XCTAssertEqual(out, [0x6B, 0xCD, 0x7C, 0xFE, 0x7C, 0xAB, 0x0A])
    }
}
