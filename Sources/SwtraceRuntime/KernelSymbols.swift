// Kernel addresses to function names, from /proc/kallsyms (read once, on first use, then
// looked up by binary search so that symbolising thousands of stacks stays fast).

import Foundation

public final class KernelSymbols: @unchecked Sendable {
    public static let shared = KernelSymbols()

    private let lock = NSLock()
    private var table: [(address: UInt64, name: String)]?
    private let path: String
    /// Reads of kallsyms so far (one per process is the point), for tests.
    private(set) var loads = 0

    init(path: String = "/proc/kallsyms") { self.path = path }

    /// The function containing `address`, or nil when unknown.
    public func name(for address: UInt64) -> String? {
        resolve(address)?.name
    }

    /// The function containing `address` and the distance from its start.
    public func resolve(_ address: UInt64) -> (name: String, offset: UInt64)? {
        let symbols = loaded()
        var low = 0, high = symbols.count - 1, found = -1
        while low <= high {
            let middle = (low + high) / 2
            if symbols[middle].address <= address { found = middle; low = middle + 1 } else { high = middle - 1 }
        }
        guard found >= 0 else { return nil }
        return (symbols[found].name, address - symbols[found].address)
    }

    /// How bpftrace prints a kernel address: `name+offset` (or `name` without offsets), and
    /// `0x...` when no symbol covers it.
    public func text(for address: UInt64, showOffset: Bool) -> String {
        guard let symbol = resolve(address) else { return "0x" + String(address, radix: 16) }
        return showOffset ? "\(symbol.name)+\(symbol.offset)" : symbol.name
    }

    /// True once the table holds real addresses (kallsyms shows zeros without privileges).
    public var isAvailable: Bool { !loaded().isEmpty }

    private func loaded() -> [(address: UInt64, name: String)] {
        lock.lock(); defer { lock.unlock() }
        if let table { return table }
        loads += 1
        // /proc files report size 0: read to the end rather than by size.
        let data = FileHandle(forReadingAtPath: path).map { $0.readDataToEndOfFile() }
        var symbols = data.map(Self.functions(inKallsyms:)) ?? []
        symbols.sort { $0.address < $1.address }
        table = symbols
        return symbols
    }

    /// The function symbols (types t/T/w/W) of kallsyms text: "ffffffff81000000 T _stext [module]".
    /// Scanned as bytes: kallsyms has over 100k lines, and splitting them into Strings first
    /// took a second of every run that printed a kernel symbol.
    static func functions(inKallsyms data: Data) -> [(address: UInt64, name: String)] {
        var symbols: [(address: UInt64, name: String)] = []
        symbols.reserveCapacity(data.count / 48)
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            let end = bytes.count
            var index = 0
            while index < end {
                var address: UInt64 = 0
                var valid = true
                while index < end, bytes[index] != 0x20, bytes[index] != 0x0a {
                    switch bytes[index] {
                    case 0x30...0x39: address = address << 4 | UInt64(bytes[index] - 0x30)
                    case 0x61...0x66: address = address << 4 | UInt64(bytes[index] - 0x61 + 10)
                    case 0x41...0x46: address = address << 4 | UInt64(bytes[index] - 0x41 + 10)
                    default: valid = false
                    }
                    index += 1
                }
                let kind: UInt8 = index + 1 < end ? bytes[index + 1] : 0
                index += 3
                let nameStart = min(index, end)
                while index < end, bytes[index] != 0x0a, bytes[index] != 0x09, bytes[index] != 0x20 { index += 1 }
                let nameEnd = min(index, end)
                while index < end, bytes[index] != 0x0a { index += 1 }
                index += 1
                let isFunction = kind == 0x74 || kind == 0x54 || kind == 0x77 || kind == 0x57 // t T w W
                guard valid, isFunction, address != 0, nameEnd > nameStart else { continue }
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<nameEnd]), as: UTF8.self)
                symbols.append((address, name))
            }
        }
        return symbols
    }
}
