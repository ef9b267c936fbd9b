// Ring-buffer records and map values decoded from bytes laid out by hand.

import SwtraceCore
@testable import SwtraceRuntime
import XCTest

final class DecoderTests: XCTestCase {
    func bytes(_ words: [UInt64]) -> [UInt8] {
        words.flatMap { word in (0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }
    }

    func testDecodesPrintfRecords() throws {
        let events = [EventDescriptor(.printf(format: "%d %u %s %s\n",
                                              argumentTypes: [.int32, .uint8, .string(size: 8), .probeName]))]
        // id | i32 -5 | u8 200 | "hi\0A\0\0\0\0" (text ends at the first NUL) | pad | probe 1
        var record = bytes([0])
        record += [0xfb, 0xff, 0xff, 0xff, 200]
        record += Array("hi".utf8) + [0, 0x41, 0, 0, 0, 0]
        record += [0, 0, 0]
        record += bytes([1])
        XCTAssertEqual(events[0].layout.offsets, [8, 12, 13, 24])
        let decoder = EventDecoder(events: events, values: ValueDecoder(probeNames: ["BEGIN", "tracepoint:a:b"]))
        let event = try record.withUnsafeBytes { try decoder.decode($0) }
        XCTAssertEqual(event, .printf(format: "%d %u %s %s\n",
                                      arguments: [.signed(-5), .unsigned(200), .string("hi"), .symbol("tracepoint:a:b")]))
    }

    func testDecodesControlEvents() throws {
        let events: [EventDescriptor] = [
            EventDescriptor(.exit), EventDescriptor(.printMap(mapIndex: 2, top: 5, divisor: 1)),
            EventDescriptor(.clearMap(mapIndex: 1)), EventDescriptor(.zeroMap(mapIndex: 0)),
            EventDescriptor(.time(format: "%H:%M:%S\n")),
            EventDescriptor(.printValue(type: .tuple([.int64, .string(size: 4)]))),
        ]
        let decoder = EventDecoder(events: events, values: ValueDecoder(probeNames: []))
        func decode(_ record: [UInt8]) throws -> RuntimeEvent { try record.withUnsafeBytes { try decoder.decode($0) } }
        XCTAssertEqual(try decode(bytes([0, 3])), .exit(code: 3))
        XCTAssertEqual(try decode(bytes([0])), .exit(code: 0), "a record without the code field")
        XCTAssertEqual(try decode(bytes([1])), .printMap(mapIndex: 2, top: 5, divisor: 1))
        XCTAssertEqual(try decode(bytes([2])), .clearMap(1))
        XCTAssertEqual(try decode(bytes([3])), .zeroMap(0))
        XCTAssertEqual(try decode(bytes([4])), .time(format: "%H:%M:%S\n"))
        XCTAssertEqual(try decode(bytes([5, UInt64(bitPattern: -3)]) + Array("abcd".utf8) + [0, 0, 0, 0]),
                       .printValue(.tuple([.signed(-3), .string("abcd")])))
        XCTAssertThrowsError(try decode(bytes([6])))
        XCTAssertThrowsError(try decode([1, 2, 3]))
        XCTAssertThrowsError(try decode(bytes([5])), "truncated record")
    }

    func testTruncatedPrintfRecordsAreRefused() throws {
        let events = [EventDescriptor(.printf(format: "%d %s\n", argumentTypes: [.int64, .string(size: 4)]))]
        let decoder = EventDecoder(events: events, values: ValueDecoder(probeNames: []))
        func decode(_ record: [UInt8]) throws -> RuntimeEvent { try record.withUnsafeBytes { try decoder.decode($0) } }
        XCTAssertEqual(try decode(bytes([0, 7]) + Array("ab".utf8) + [0, 0]), .printf(format: "%d %s\n", arguments: [.signed(7), .string("ab")]))
        XCTAssertThrowsError(try decode(bytes([0]) + [7, 0, 0, 0])) { error in
            XCTAssertEqual(error as? RuntimeError,
                           .malformedEvent(reason: "a 8-byte value at offset 8 overruns 12 bytes"), "the integer field")
        }
        XCTAssertThrowsError(try decode(bytes([0, 7]) + [0x61])) { error in
            XCTAssertEqual(error as? RuntimeError,
                           .malformedEvent(reason: "a 4-byte value at offset 16 overruns 17 bytes"), "the string field")
        }
    }
}
