// Program text for a string: the escapes the lexer reads back to the same bytes. Used where
// swtrace writes programs (the tools' embedded scripts) or shows them (the parser tree dump).

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
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// `"text"`: a string literal that the lexer reads as `text`.
    public static func quoted(_ text: String) -> String {
        "\"" + escaped(text) + "\""
    }
}
