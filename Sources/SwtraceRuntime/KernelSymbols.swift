// Kernel addresses to function names, from /proc/kallsyms (read once, on first use).

import Foundation

public final class KernelSymbols: @unchecked Sendable {
    public static let shared = KernelSymbols()

    private let lock = NSLock()
    private var table: [(address: UInt64, name: String)]?

    /// The function containing `address`, or nil when unknown.
    public func name(for address: UInt64) -> String? {
        let symbols = loaded()
        var low = 0, high = symbols.count - 1, found = -1
        while low <= high {
            let middle = (low + high) / 2
            if symbols[middle].address <= address { found = middle; low = middle + 1 } else { high = middle - 1 }
        }
        return found >= 0 ? symbols[found].name : nil
    }

    private func loaded() -> [(address: UInt64, name: String)] {
        lock.lock(); defer { lock.unlock() }
        if let table { return table }
        var symbols: [(address: UInt64, name: String)] = []
        if let text = try? readTextFile("/proc/kallsyms") {
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
