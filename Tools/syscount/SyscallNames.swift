// System call and errno names for syscount, from the generated SyscallTables.
enum SyscallNames {
    static var table: [Int: String] {
        #if arch(x86_64)
        return SyscallTables.x86_64
        #elseif arch(arm64)
        return SyscallTables.arm64
        #else
        return [:]
        #endif
    }

    /// The name of system call `number`, or `[number]` when it has none here.
    static func name(_ number: Int64) -> String {
        table[Int(number)] ?? "[\(number)]"
    }

    /// `-l`: one `NUMBER: NAME` line per known system call, in number order.
    static var listing: String {
        table.sorted { $0.key < $1.key }.map { "\(pad($0.key)): \($0.value)\n" }.joined()
    }

    private static func pad(_ number: Int) -> String {
        let text = String(number)
        return String(repeating: " ", count: max(0, 3 - text.count)) + text
    }

    /// `ENOENT`, `enoent` or `2` -> 2. Numbers are those a system call can fail with: the kernel
    /// returns errors as -1...-4095 (MAX_ERRNO), anything else is a result.
    static func errnoValue(_ text: String) -> Int? {
        if let number = Int(text) { return (1...4095).contains(number) ? number : nil }
        return SyscallTables.errnoValues[text.uppercased()]
    }
}
