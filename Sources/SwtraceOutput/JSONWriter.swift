// JSON building blocks shared by the JSON printer: strings, numbers, values.
//
// Spacing follows bpftrace's src/output/json.cpp: objects separate entries with ", " and
// keys with ": ", arrays use a bare ",". Integers that a double cannot hold exactly are
// written as strings (bpftrace does this per RFC 8259), so big values stay exact.
import Foundation
import SwtraceCore

public enum JSONWriter {
    /// A JSON string literal, escaped as RFC 8259 requires.
    public static func string(_ text: String) -> String {
        // Most strings (names, comms, paths) need no escape: copy them whole.
        // 0xF4 may start a ByteText raw byte, escaped below.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xF4 }) {
            return "\"" + text + "\""
        }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if let byte = ByteText.rawByte(scalar) {
                    // A byte that is not UTF-8: bpftrace writes its sign-extended char value,
                    // \uffffffab for 0xab (still valid JSON: U+FFFF, then the text "ffab").
                    out += "\\uffffff" + String(byte, radix: 16)
                } else if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func number(_ value: Int64) -> String {
        Int64(exactly: Double(value)) == value ? String(value) : string(String(value))
    }

    static func number(_ value: UInt64) -> String {
        UInt64(exactly: Double(value)) == value ? String(value) : string(String(value))
    }

    static func value(_ value: Value) -> String {
        switch value {
        case .signed(let v): return number(v)
        case .unsigned(let v): return number(v)
        case .string(let s), .symbol(let s): return string(s)
        case .buffer(let bytes):
            // bpftrace emits a buffer as the array of its (signed) char values.
            return "[" + bytes.map { String(Int8(bitPattern: $0)) }.joined(separator: ",") + "]"
        case .tuple(let elements): return "[" + elements.map(Self.value).joined(separator: ",") + "]"
        case .stack, .perfStack, .rawStack: return string(ValueText.text(value))
        case .boolean(let b): return b ? "true" : "false"
        case .none: return "null"
        case .pointer(let address): return number(address)
        case .array(let elements): return "[" + elements.map(Self.value).joined(separator: ",") + "]"
        case .record(let fields): return object(fields.map { ($0.name, Self.value($0.value)) })
        }
    }

    /// `{"k": v, ...}` from already-encoded values.
    static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { string($0.0) + ": " + $0.1 }.joined(separator: ", ") + "}"
    }

    /// A map key as a JSON object key: its text form without the parentheses of a tuple key,
    /// and without any space (bpftrace's json.cpp strips them all, even inside strings).
    static func key(_ key: [Value]) -> String {
        ValueText.key(key).replacingOccurrences(of: " ", with: "")
    }
}
