// The compact path for integer-keyed numeric maps must print byte for byte what the general
// path prints, in the same order, for every value kind, divisor and top.
import SwtraceCore
@testable import SwtraceOutput
import XCTest

final class NumericMapRowsTests: XCTestCase {
    typealias Entry = (key: [Value], value: MapEntryValue)

    /// SplitMix64: the same pseudo-random maps on every run.
    private struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        /// Small numbers (many ties), extremes and anything in between.
        mutating func number() -> UInt64 {
            switch below(4) {
            case 0: return UInt64(below(4))
            case 1: return [0, 1, UInt64.max, UInt64(Int64.max), UInt64(bitPattern: Int64.min)][below(5)]
            case 2: return UInt64(bitPattern: Int64(below(2001)) - 1000)
            default: return next()
            }
        }
    }

    /// What TextFormatter printed for every map before the compact path existed.
    private func generalText(_ snapshot: MapSnapshot, top: Int, divisor: Int) -> String {
        var order = MapOrdering.generalSortedIndices(snapshot.entries)
        if top > 0 && order.count > top { order = Array(order.suffix(top)) }
        let div = MapOrdering.divisor(divisor)
        return order.map { index -> String in
            let entry = snapshot.entries[index]
            return snapshot.name + "[" + ValueText.key(entry.key) + "]: " + TextFormatter.text(entry.value, divisor: div) + "\n"
        }.joined()
    }

    private func randomMap(_ random: inout Generator, valueKind: Int, keyKind: Int, count: Int) -> MapSnapshot {
        var entries: [Entry] = []
        for _ in 0..<count {
            let raw = random.number()
            let key: Value
            switch keyKind {
            case 0: key = .signed(Int64(bitPattern: raw))
            case 1: key = .unsigned(raw)
            default: key = .boolean(raw & 1 == 1)
            }
            let a = random.number(), b = random.number()
            let value: MapEntryValue
            switch valueKind {
            case 0: value = .count(a)
            case 1: value = .sum(Int64(bitPattern: a))
            case 2: value = .min(Int64(bitPattern: a))
            case 3: value = .max(Int64(bitPattern: a))
            case 4: value = .avg(sum: Int64(bitPattern: a), count: b % 7)
            case 5: value = .stats(sum: Int64(bitPattern: a), count: b % 1_000_003)
            case 6: value = .scalar(.signed(Int64(bitPattern: a)))
            default: value = .scalar(.unsigned(a))
            }
            entries.append((key: [key], value: value))
        }
        return MapSnapshot(name: "@m", isKeyed: true, entries: entries)
    }

    func testPrintsWhatTheGeneralPathPrints() {
        var random = Generator(state: 42)
        for round in 0..<400 {
            let snapshot = randomMap(&random, valueKind: round % 8, keyKind: (round / 8) % 3, count: 1 + random.below(60))
            XCTAssertNotNil(NumericMapRows(snapshot.entries))
            let top = [0, 0, 1, 3, 100][random.below(5)]
            let divisor = [0, 1, 3, -5, 1000][random.below(5)]
            XCTAssertEqual(TextFormatter().map(snapshot, top: top, divisor: divisor),
                           generalText(snapshot, top: top, divisor: divisor), "round \(round)")
            XCTAssertEqual(MapOrdering.sortedIndices(snapshot.entries), MapOrdering.generalSortedIndices(snapshot.entries),
                           "round \(round)")
        }
    }

    func testExactLinesForEachValueKind() {
        let entries: [Entry] = [
            (key: [.signed(-3)], value: .stats(sum: -10, count: 4)),
            (key: [.unsigned(.max)], value: .stats(sum: 7, count: 2)),
            (key: [.signed(5)], value: .stats(sum: 0, count: 0)),
        ]
        XCTAssertEqual(TextFormatter().map(MapSnapshot(name: "@s", isKeyed: true, entries: entries), top: 0, divisor: 0),
                       "@s[-3]: count 4, average -2, total -10\n@s[5]: count 0, average 0, total 0\n"
                           + "@s[18446744073709551615]: count 2, average 3, total 7\n")
        let counts: [Entry] = [(key: [.boolean(true)], value: .count(9)), (key: [.boolean(false)], value: .count(9)),
                               (key: [.signed(Int64.min)], value: .count(10))]
        XCTAssertEqual(TextFormatter().map(MapSnapshot(name: "@", isKeyed: true, entries: counts), top: 0, divisor: 2),
                       "@[false]: 4\n@[true]: 4\n@[-9223372036854775808]: 5\n")
    }

    func testOtherShapesTakeTheGeneralPath() {
        XCTAssertNil(NumericMapRows([(key: [.string("a")], value: .count(1))]))
        XCTAssertNil(NumericMapRows([(key: [.signed(1), .signed(2)], value: .count(1))]))
        XCTAssertNil(NumericMapRows([(key: [.signed(1)], value: .hist([1: 2]))]))
        XCTAssertNil(NumericMapRows([(key: [.signed(1)], value: .scalar(.string("x")))]))
        XCTAssertNil(NumericMapRows([(key: [.tuple([.signed(1)])], value: .count(1))]))
    }
}
