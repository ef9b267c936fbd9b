// Values whose shape decides how they print: pointers (hex), C arrays ([1,2,3]) and booleans
// (true/false), decoded from bytes laid out by hand.

import SwtraceCore
@testable import SwtraceRuntime
import XCTest

final class ValueShapeDecodingTests: XCTestCase {
    let decoder = ValueDecoder(probeNames: [])

    func decode(_ type: SwType, _ bytes: [UInt8]) throws -> Value {
        try bytes.withUnsafeBytes { try decoder.decode(type, from: $0, at: 0) }
    }

    func testPointersKeepTheirAddress() throws {
        XCTAssertEqual(try decode(.pointer(.uint8), [0x10, 0, 0, 0, 0, 0, 0, 0]), .pointer(0x10))
        XCTAssertEqual(try decode(.pointer(.void), [0, 0xdc, 0xa5, 0x02, 0x81, 0x88, 0xff, 0xff]), .pointer(0xffff_8881_02a5_dc00))
    }

    func testArraysAreArraysEvenNestedOrInsideTuples() throws {
        XCTAssertEqual(try decode(.array(.integer(bits: 8, signed: true), count: 4), [4, 3, 0xfe, 1]),
                       .array([.signed(4), .signed(3), .signed(-2), .signed(1)]))
        XCTAssertEqual(try decode(.array(.array(.uint32, count: 2), count: 2), [5, 0, 0, 0, 6, 0, 0, 0, 7, 0, 0, 0, 8, 0, 0, 0]),
                       .array([.array([.unsigned(5), .unsigned(6)]), .array([.unsigned(7), .unsigned(8)])]))
        XCTAssertEqual(try decode(.tuple([.int64, .array(.uint8, count: 2)]), [1, 0, 0, 0, 0, 0, 0, 0, 2, 1, 0, 0, 0, 0, 0, 0]),
                       .tuple([.signed(1), .array([.unsigned(2), .unsigned(1)])]))
    }

    func testBooleansAreOneByte() throws {
        XCTAssertEqual(try decode(.tuple([.boolean, .boolean]), [1, 0, 0, 0, 0, 0, 0, 0]), .tuple([.boolean(true), .boolean(false)]))
    }
}
