// Map keys flattened into comparable atoms, computed once per entry before sorting.
//
// Keys order element by element: integers as signed 64-bit numbers (as bpftrace's key sort
// reads them), strings, symbols and buffers by their bytes, tuples, arrays, records and
// stacks by their elements in turn. Byte strings compare with memcmp, so sorting a map with
// 100k string keys does not copy or walk Swift strings in every comparison.
import Glibc
import SwtraceCore

enum KeyAtom {
    case number(Int64)
    case unsigned(UInt64)
    case bytes([UInt8])
    /// A value with nothing else to compare: orders by its kind alone.
    case marker(Int)

    static func atoms(of key: [Value]) -> [KeyAtom] {
        var atoms: [KeyAtom] = []
        for value in key { append(value, to: &atoms) }
        return atoms
    }

    private static func append(_ value: Value, to atoms: inout [KeyAtom]) {
        switch value {
        case .signed(let v): atoms.append(.number(v))
        case .unsigned(let v): atoms.append(.number(Int64(bitPattern: v)))
        case .boolean(let b): atoms.append(.number(b ? 1 : 0))
        case .pointer(let address): atoms.append(.unsigned(address))
        case .string(let s), .symbol(let s): atoms.append(.bytes(Array(s.utf8)))
        case .buffer(let bytes): atoms.append(.bytes(bytes))
        case .stack(let frames): atoms += frames.map { .bytes(Array($0.utf8)) }
        case .perfStack, .rawStack: atoms.append(.bytes(Array(ValueText.text(value).utf8)))
        case .tuple(let elements), .array(let elements): for element in elements { append(element, to: &atoms) }
        case .record(let fields): for field in fields { append(field.value, to: &atoms) }
        case .none: atoms.append(.marker(0))
        }
    }

    /// -1, 0 or 1; a key that is a prefix of the other comes first.
    static func compare(_ lhs: [KeyAtom], _ rhs: [KeyAtom]) -> Int {
        var index = 0
        while index < lhs.count && index < rhs.count {
            let order = compare(lhs[index], rhs[index])
            if order != 0 { return order }
            index += 1
        }
        return lhs.count == rhs.count ? 0 : (lhs.count < rhs.count ? -1 : 1)
    }

    private static func compare(_ lhs: KeyAtom, _ rhs: KeyAtom) -> Int {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.unsigned(let a), .unsigned(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.bytes(let a), .bytes(let b)): return compareBytes(a, b)
        case (.marker(let a), .marker(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        default: return lhs.kind < rhs.kind ? -1 : (lhs.kind == rhs.kind ? 0 : 1)
        }
    }

    private var kind: Int {
        switch self {
        case .marker: return 0
        case .number: return 1
        case .unsigned: return 2
        case .bytes: return 3
        }
    }

    private static func compareBytes(_ a: [UInt8], _ b: [UInt8]) -> Int {
        let common = Swift.min(a.count, b.count)
        let order = a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common) }
        }
        if order != 0 { return order < 0 ? -1 : 1 }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }
}
