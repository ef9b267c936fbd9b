// Kernel addresses to function names, from /proc/kallsyms (read once, on first use, then
// looked up by binary search so that symbolising thousands of stacks stays fast).

import Foundation

public final class KernelSymbols: @unchecked Sendable {
    public static let shared = KernelSymbols()

    private let lock = NSLock()
    private var table: [(address: UInt64, name: String)]?
    private let path: String

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
        var symbols: [(address: UInt64, name: String)] = []
        if let text = try? readTextFile(path) {
            for line in text.split(separator: "\n") {
                // "ffffffff81000000 T _stext [module]"
                let parts = line.split(separator: " ", maxSplits: 3)
                guard parts.count >= 3, let address = UInt64(parts[0], radix: 16), address != 0 else { continue }
                let kind = parts[1].lowercased()
                guard kind == "t" || kind == "w" else { continue }
                symbols.append((address, String(parts[2])))
            }
        }
        symbols.sort { $0.address < $1.address }
        table = symbols
        return symbols
    }
}
