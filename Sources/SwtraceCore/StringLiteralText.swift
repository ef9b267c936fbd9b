// Program text for a string: the escapes the lexer reads back to the same bytes. Used where
// swtrace writes programs (the tools' embedded scripts) or shows them (the parser tree dump).
// Bytes that are not UTF-8 (ByteText's raw-byte scalars) are written back as `\xNN`.

public enum StringLiteralText {
    /// The escaped contents of a string literal, without the quotes.
    public static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            default:
                if let byte = ByteText.rawByte(scalar) {
                    out += hexEscape(UInt32(byte))
                } else if scalar.value < 0x20 || scalar.value == 0x7f {
                    out += hexEscape(scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    private static func hexEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return "\\x" + (hex.count < 2 ? "0" + hex : hex)
    }

    /// `"text"`: a string literal that the lexer reads as `text`.
    public static func quoted(_ text: String) -> String {
        "\"" + escaped(text) + "\""
    }
}
