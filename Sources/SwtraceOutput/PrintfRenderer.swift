// Formats printf() arguments like C printf, as bpftrace does on the values it receives.
//
// Integers arrive as 64-bit values and are first narrowed to the width the length modifier
// names (none: int/unsigned int, 32 bits; hh: 8; h: 16; l, ll, j, z, t: 64), exactly as
// bpftrace casts before formatting, so `%x` of -1 prints ffffffff and `%lx` 16 f's.
// %s prints the value's text form; %r/%rx/%rh print buffers as hex.
import SwtraceCore

public enum PrintfRenderer {
    public static func render(_ format: PrintfFormat, _ arguments: [Value]) -> String {
        var out = ""
        var next = 0
        for segment in format.segments {
            switch segment {
            case .literal(let text):
                out += text
            case .conversion(let conversion):
                if next < arguments.count {
                    out += render(conversion, arguments[next])
                } else {
                    out += conversion.text
                }
                next += 1
            }
        }
        return out
    }

    /// Appends the bytes `render(format, arguments)` returns (ByteText: raw bytes of strings
    /// that are not UTF-8 come out as they were). Plain `%d`/`%u` and
    /// literal text go straight into the bytes: at a million events a second the String built
    /// for each line costs more than the rest of the event's handling.
    public static func render(_ format: PrintfFormat, _ arguments: [Value], into out: inout [UInt8]) {
        var next = 0
        for segment in format.segments {
            switch segment {
            case .literal(let text):
                ByteText.append(text, to: &out)
            case .conversion(let conversion):
                if next < arguments.count {
                    if !appendPlainDecimal(conversion, arguments[next], to: &out) {
                        ByteText.append(render(conversion, arguments[next]), to: &out)
                    }
                } else {
                    ByteText.append(conversion.text, to: &out)
                }
                next += 1
            }
        }
    }

    /// `%d`/`%u` of an integer with no flags, width or precision; false for anything else.
    private static func appendPlainDecimal(_ conversion: PrintfFormat.Conversion, _ value: Value,
                                           to out: inout [UInt8]) -> Bool {
        guard conversion.flags.isEmpty, conversion.width == nil, conversion.precision == nil,
              let bits = integerBits(value) else { return false }
        switch conversion.kind {
        case .signedDecimal: DecimalText.append(signed: narrowSigned(bits, conversion.length.bits), to: &out)
        case .unsignedDecimal: DecimalText.append(unsigned: narrowUnsigned(bits, conversion.length.bits), to: &out)
        default: return false
        }
        return true
    }

    static func render(_ conversion: PrintfFormat.Conversion, _ value: Value) -> String {
        switch conversion.kind {
        case .string:
            return string(ValueText.text(value), conversion)
        case .buffer, .bufferEscapedHex, .bufferSpacedHex:
            guard case .buffer(let bytes) = value else { return string(ValueText.text(value), conversion) }
            let text = ValueText.hexFormat(bytes, keepASCII: conversion.kind == .buffer,
                                           escapeHex: conversion.kind != .bufferSpacedHex)
            return string(text, conversion)
        default:
            guard let bits = integerBits(value) else { return string(ValueText.text(value), conversion) }
            return integer(bits, conversion)
        }
    }

    private static func integerBits(_ value: Value) -> UInt64? {
        switch value {
        case .signed(let v): return UInt64(bitPattern: v)
        case .unsigned(let v): return v
        case .boolean(let b): return b ? 1 : 0
        case .pointer(let address): return address
        default: return nil
        }
    }

    /// %s-style output: precision cuts the text to that many bytes (as C's printf, even inside
    /// a UTF-8 sequence), width pads with spaces.
    private static func string(_ text: String, _ conversion: PrintfFormat.Conversion) -> String {
        var text = text
        if let precision = conversion.precision, ByteText.count(text) > precision {
            text = ByteText.string(ByteText.bytes(of: text).prefix(precision))
        }
        return padded(text, conversion, zeroPadAfter: nil)
    }

    private static func integer(_ bits: UInt64, _ conversion: PrintfFormat.Conversion) -> String {
        let flags = conversion.flags
        let width = conversion.length.bits
        var prefix = ""
        var digits: String
        var isZero: Bool

        switch conversion.kind {
        case .character:
            let byte = UInt8(truncatingIfNeeded: bits)
            let text = ByteText.string([byte])
            return padded(text, conversion, zeroPadAfter: nil)
        case .pointer:
            let text = bits == 0 ? "(nil)" : "0x" + String(bits, radix: 16)
            return padded(text, conversion, zeroPadAfter: nil)
        case .signedDecimal:
            let value = narrowSigned(bits, width)
            isZero = value == 0
            digits = String(value.magnitude)
            if value < 0 {
                prefix = "-"
            } else if flags.contains(.plusSign) {
                prefix = "+"
            } else if flags.contains(.spaceSign) {
                prefix = " "
            }
        default:
            let value = narrowUnsigned(bits, width)
            isZero = value == 0
            switch conversion.kind {
            case .octal: digits = String(value, radix: 8)
            case .hexLower: digits = String(value, radix: 16)
            case .hexUpper: digits = String(value, radix: 16, uppercase: true)
            default: digits = String(value)
            }
            if flags.contains(.alternateForm) && !isZero {
                if conversion.kind == .hexLower { prefix = "0x" }
                if conversion.kind == .hexUpper { prefix = "0X" }
            }
        }

        if let precision = conversion.precision {
            if precision == 0 && isZero {
                digits = ""
            } else if digits.count < precision {
                digits = String(repeating: "0", count: precision - digits.count) + digits
            }
        }
        if conversion.kind == .octal && flags.contains(.alternateForm) && !digits.hasPrefix("0") {
            digits = "0" + digits
        }
        let zeroPad = flags.contains(.zeroPad) && !flags.contains(.leftAlign) && conversion.precision == nil
        return padded(prefix + digits, conversion, zeroPadAfter: zeroPad ? prefix.utf8.count : nil)
    }

    /// Pads to the conversion's width: spaces on the left (right with `-`), or zeros inserted
    /// after the first `zeroPadAfter` bytes (sign or 0x prefix).
    private static func padded(_ text: String, _ conversion: PrintfFormat.Conversion,
                               zeroPadAfter: Int?) -> String {
        let length = ByteText.count(text)
        guard let width = conversion.width, length < width else { return text }
        let missing = width - length
        if let split = zeroPadAfter {
            let bytes = Array(text.utf8)
            return String(decoding: bytes[..<split], as: UTF8.self) + String(repeating: "0", count: missing)
                + String(decoding: bytes[split...], as: UTF8.self)
        }
        let fill = String(repeating: " ", count: missing)
        return conversion.flags.contains(.leftAlign) ? text + fill : fill + text
    }

    private static func narrowSigned(_ bits: UInt64, _ width: Int) -> Int64 {
        switch width {
        case 8: return Int64(Int8(truncatingIfNeeded: bits))
        case 16: return Int64(Int16(truncatingIfNeeded: bits))
        case 32: return Int64(Int32(truncatingIfNeeded: bits))
        default: return Int64(bitPattern: bits)
        }
    }

    private static func narrowUnsigned(_ bits: UInt64, _ width: Int) -> UInt64 {
        switch width {
        case 8: return UInt64(UInt8(truncatingIfNeeded: bits))
        case 16: return UInt64(UInt16(truncatingIfNeeded: bits))
        case 32: return UInt64(UInt32(truncatingIfNeeded: bits))
        default: return bits
        }
    }
}
