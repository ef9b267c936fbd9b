// How map keys order when values tie or the map orders by key (KeyAtom).
import SwtraceCore
@testable import SwtraceOutput
import XCTest

final class KeyOrderTests: XCTestCase {
    private func sortedKeys(_ keys: [[Value]]) -> [[Value]] {
        MapOrdering.ordered(keys.map { (key: $0, value: MapEntryValue.count(1)) }, top: 0).map(\.key)
    }

    func testIntegersOrderAsSigned64BitNumbers() {
        // bpftrace reads integer keys as int64: u64 max is -1 there.
        XCTAssertEqual(sortedKeys([[.signed(1)], [.unsigned(.max)], [.signed(-2)], [.unsigned(0)]]),
                       [[.signed(-2)], [.unsigned(.max)], [.unsigned(0)], [.signed(1)]])
    }

    func testStringsOrderByBytesWithPrefixesFirst() {
        XCTAssertEqual(sortedKeys([[.string("abd")], [.string("é")], [.string("abc")], [.string("ab")], [.string("Z")]]),
                       [[.string("Z")], [.string("ab")], [.string("abc")], [.string("abd")], [.string("é")]])
    }

    func testMultiKeysAndTuplesOrderElementByElement() {
        XCTAssertEqual(sortedKeys([[.string("b"), .signed(1)], [.string("a"), .signed(2)], [.string("a"), .signed(-1)]]),
                       [[.string("a"), .signed(-1)], [.string("a"), .signed(2)], [.string("b"), .signed(1)]])
        let tuples: [[Value]] = [[.tuple([.signed(2), .string("a")])], [.tuple([.signed(1), .string("b")])],
                                 [.tuple([.signed(1), .string("a")])]]
        XCTAssertEqual(sortedKeys(tuples), [tuples[2], tuples[1], tuples[0]])
    }

    func testValuesDecideBeforeKeys() {
        let entries: [(key: [Value], value: MapEntryValue)] = [
            (key: [.string("a")], value: .count(3)), (key: [.string("b")], value: .count(1)),
            (key: [.string("c")], value: .count(3)),
        ]
        XCTAssertEqual(MapOrdering.ordered(entries, top: 0).map(\.key), [[.string("b")], [.string("a")], [.string("c")]])
        XCTAssertEqual(MapOrdering.ordered(entries, top: 1).map(\.key), [[.string("c")]])
    }
}
