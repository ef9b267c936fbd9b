// Maps keyed by one integer whose values are plain numbers (`@[pid] = count()`, `@[fd] = sum(x)`),
// the shape of most maps that grow to 100k keys: sorted and printed from compact rows.
//
// The general path keeps a `[Value]` key and a `MapEntryValue` per entry and reaches them in
// print order, i.e. at random places in memory: with 100k entries that is two cache misses and
// a few reference-count updates per line. Rows hold everything a line needs, so sorting and
// printing walk contiguous plain data. Order and text are exactly the general path's: rows
// compare as MapOrdering.sortedIndices compares entries and go through the same stable sort.
import SwtraceCore

struct NumericMapRows {
    enum KeyKind: UInt8 { case signed, unsigned, boolean }
    enum ValueKind: UInt8 { case unsigned, signed, average, stats }

    struct Row {
        /// The sort value as an unsigned number that orders as `MapOrdering.SortValue` does
        /// within its kind; `sortKind` is 0 for signed, 1 for unsigned (its case order).
        var sortBits: UInt64
        var sortKind: UInt8
        var keyKind: KeyKind
        var valueKind: ValueKind
        /// The key as KeyAtom orders it (a signed 64-bit number).
        var key: Int64
        /// The number (unsigned/signed), or the sum (average/stats).
        var first: UInt64
        /// The count (average/stats).
        var second: UInt64
        /// Position in the snapshot's entries.
        var index: Int
    }

    /// The rows in print order.
    private(set) var rows: [Row]

    /// Sorted rows; nil unless every key is one integer and every value a plain number.
    init?(_ entries: [(key: [Value], value: MapEntryValue)]) {
        var rows: [Row] = []
        rows.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() {
            guard entry.key.count == 1 else { return nil }
            var row = Row(sortBits: 0, sortKind: 0, keyKind: .signed, valueKind: .unsigned, key: 0,
                          first: 0, second: 0, index: index)
            switch entry.key[0] {
            case .signed(let v): row.key = v
            case .unsigned(let v): row.key = Int64(bitPattern: v); row.keyKind = .unsigned
            case .boolean(let b): row.key = b ? 1 : 0; row.keyKind = .boolean
            default: return nil
            }
            switch entry.value {
            case .count(let n), .scalar(.unsigned(let n)): row.first = n
            case .sum(let n), .min(let n), .max(let n), .scalar(.signed(let n)):
                row.first = UInt64(bitPattern: n); row.valueKind = .signed
            case .avg(let sum, let count):
                row.first = UInt64(bitPattern: sum); row.second = count; row.valueKind = .average
            case .stats(let sum, let count):
                row.first = UInt64(bitPattern: sum); row.second = count; row.valueKind = .stats
            default:
                return nil
            }
            switch MapOrdering.sortValue(entry.value) {
            case .signed(let v)?: row.sortBits = UInt64(bitPattern: v) ^ (1 << 63)
            case .unsigned(let v)?: row.sortBits = v; row.sortKind = 1
            case nil: return nil
            }
            rows.append(row)
        }
        rows.sort { a, b in
            if a.sortKind != b.sortKind || a.sortBits != b.sortBits {
                return a.sortKind != b.sortKind ? a.sortKind < b.sortKind : a.sortBits < b.sortBits
            }
            return a.key < b.key
        }
        self.rows = rows
    }

    /// Keeps the `top` largest (the last rows) when `top` > 0.
    mutating func keepTop(_ top: Int) {
        if top > 0 && rows.count > top { rows.removeFirst(rows.count - top) }
    }

    /// `NAME[KEY]: VALUE` lines as TextFormatter prints them, written straight into bytes.
    func text(name: String, divisor: UInt64) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(rows.count * (name.utf8.count + 28))
        let nameBytes = Array(name.utf8)
        let signedDivisor = Int64(truncatingIfNeeded: divisor)
        for row in rows {
            out.append(contentsOf: nameBytes)
            out.append(UInt8(ascii: "["))
            switch row.keyKind {
            case .signed: DecimalText.append(signed: row.key, to: &out)
            case .unsigned: DecimalText.append(unsigned: UInt64(bitPattern: row.key), to: &out)
            case .boolean: out.append(contentsOf: row.key != 0 ? Array("true".utf8) : Array("false".utf8))
            }
            out.append(contentsOf: [UInt8(ascii: "]"), UInt8(ascii: ":"), UInt8(ascii: " ")])
            switch row.valueKind {
            case .unsigned:
                DecimalText.append(unsigned: row.first / divisor, to: &out)
            case .signed:
                DecimalText.append(signed: Int64(bitPattern: row.first) / signedDivisor, to: &out)
            case .average:
                let average = MapOrdering.average(sum: Int64(bitPattern: row.first), count: row.second)
                DecimalText.append(signed: average / signedDivisor, to: &out)
            case .stats:
                let sum = Int64(bitPattern: row.first)
                out.append(contentsOf: Array("count ".utf8))
                DecimalText.append(unsigned: row.second, to: &out)
                out.append(contentsOf: Array(", average ".utf8))
                DecimalText.append(signed: MapOrdering.average(sum: sum, count: row.second) / signedDivisor, to: &out)
                out.append(contentsOf: Array(", total ".utf8))
                DecimalText.append(signed: sum, to: &out)
            }
            out.append(UInt8(ascii: "\n"))
        }
        return String(decoding: out, as: UTF8.self)
    }
}
