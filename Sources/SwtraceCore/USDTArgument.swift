// One USDT argument specification from a `.note.stapsdt` note (x86-64 AT&T syntax):
// `-4@%edi` (register), `8@-16(%rbp)` (memory at register + offset), `4@$5` (constant).

public struct USDTArgument: Sendable, Equatable {
    public enum Location: Sendable, Equatable {
        /// Byte offset of the 64-bit register in `struct pt_regs`.
        case register(ptRegsOffset: Int)
        case memory(ptRegsOffset: Int, displacement: Int64)
        case constant(Int64)
    }
    public var size: Int
    public var isSigned: Bool
    public var location: Location

    public init?(_ spec: String) {
        let text = spec.trimmingCharacters(in: " ")
        guard let at = text.firstIndex(of: "@"), let sizeValue = Int(text[..<at]) else { return nil }
        size = abs(sizeValue)
        isSigned = sizeValue < 0
        guard [1, 2, 4, 8].contains(size) else { return nil }
        let operand = text[text.index(after: at)...]
        if operand.hasPrefix("$") {
            guard let value = Int64(operand.dropFirst()) else { return nil }
            location = .constant(value)
        } else if operand.hasPrefix("%") {
            guard let offset = Self.ptRegsOffset(String(operand.dropFirst())) else { return nil }
            location = .register(ptRegsOffset: offset)
        } else if let open = operand.firstIndex(of: "("), operand.hasSuffix(")") {
            let displacementText = operand[..<open]
            let inside = operand[operand.index(after: open)..<operand.index(before: operand.endIndex)]
            guard inside.hasPrefix("%"), !inside.contains(","),
                  let offset = Self.ptRegsOffset(String(inside.dropFirst())) else { return nil }
            let displacement = displacementText.isEmpty ? 0 : Int64(displacementText)
            guard let displacement else { return nil }
            location = .memory(ptRegsOffset: offset, displacement: displacement)
        } else {
            return nil
        }
    }

    /// x86-64 `struct pt_regs` offsets, by every name of the register or of its low parts.
    static func ptRegsOffset(_ name: String) -> Int? {
        let legacy: [(offset: Int, names: [String])] = [
            (80, ["rax", "eax", "ax", "al"]), (40, ["rbx", "ebx", "bx", "bl"]), (88, ["rcx", "ecx", "cx", "cl"]),
            (96, ["rdx", "edx", "dx", "dl"]), (104, ["rsi", "esi", "si", "sil"]), (112, ["rdi", "edi", "di", "dil"]),
            (32, ["rbp", "ebp", "bp", "bpl"]), (152, ["rsp", "esp", "sp", "spl"]), (128, ["rip"]),
        ]
        if let entry = legacy.first(where: { $0.names.contains(name) }) { return entry.offset }
        // r8..r15 with optional d/w/b suffix.
        guard name.hasPrefix("r") else { return nil }
        let digits = name.dropFirst().prefix { $0.isNumber }
        let suffix = name.dropFirst(1 + digits.count)
        guard let number = Int(digits), (8...15).contains(number), ["", "d", "w", "b"].contains(String(suffix)) else { return nil }
        let offsets = [8: 72, 9: 64, 10: 56, 11: 48, 12: 24, 13: 16, 14: 8, 15: 0]
        return offsets[number]
    }
}

private extension String {
    func trimmingCharacters(in set: Character) -> String {
        String(drop(while: { $0 == set }).reversed().drop(while: { $0 == set }).reversed())
    }
}
