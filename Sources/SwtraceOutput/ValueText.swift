// Text form of single values, as bpftrace's text output and printf's %s show them.
import SwtraceCore

public enum ValueText {
    /// Kernel and user stacks: a newline, then one frame per line indented by 8 spaces
    /// (bpftrace's get_stack with indent 8 in the default `bpftrace` stack mode); in `perf`
    /// mode a tab, the hex address, a space and the symbol; in `raw` mode the hex address.
    static let stackIndent = String(repeating: " ", count: 8)

    public static func text(_ value: Value) -> String {
        switch value {
        case .signed(let v): return String(v)
        case .unsigned(let v): return String(v)
        case .string(let s), .symbol(let s): return s
        case .buffer(let bytes): return hexFormat(bytes, keepASCII: true, escapeHex: true)
        case .tuple(let elements): return "(" + elements.map(text).joined(separator: ", ") + ")"
        case .stack(let frames): return "\n" + frames.map { stackIndent + $0 + "\n" }.joined()
        case .perfStack(let frames):
            return "\n" + frames.map { "\t" + String($0.address, radix: 16) + " " + $0.symbol + "\n" }.joined()
        case .rawStack(let addresses): return "\n" + addresses.map { String($0, radix: 16) + "\n" }.joined()
        case .boolean(let b): return b ? "true" : "false"
        case .none: return "null"
        case .pointer(let address): return "0x" + String(address, radix: 16)
        // Arrays join without spaces, tuples and records with (bpftrace's text.cpp).
        case .array(let elements): return "[" + elements.map(text).joined(separator: ",") + "]"
        case .record(let fields):
            if fields.isEmpty { return "{}" }
            return "{ " + fields.map { "." + $0.name + " = " + text($0.value) }.joined(separator: ", ") + " }"
        }
    }

    /// A map key inside `@m[...]`: the elements of a multi-key (or tuple key) joined by ", ".
    public static func key(_ key: [Value]) -> String {
        if key.count == 1, case .tuple(let elements) = key[0] {
            return elements.map(text).joined(separator: ", ")
        }
        if key.count == 1 { return text(key[0]) }
        return key.map(text).joined(separator: ", ")
    }

    /// bpftrace's hex_format_buffer: printable ASCII kept (when asked), other bytes as \xNN;
    /// without escaping, bytes are NN separated by spaces.
    public static func hexFormat(_ bytes: [UInt8], keepASCII: Bool, escapeHex: Bool) -> String {
        var out = ""
        for (index, byte) in bytes.enumerated() {
            if keepASCII && byte >= 32 && byte <= 126 {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else if escapeHex {
                out += "\\x" + hex2(byte)
            } else {
                if index > 0 { out += " " }
                out += hex2(byte)
            }
        }
        return out
    }

    private static func hex2(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }
}
