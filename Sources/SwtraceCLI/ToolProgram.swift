// A tool's program: its embedded .bt text with the tool's options prepended as #define lines,
// and probes for the interval and duration options appended (attach points take no macros).
public struct ToolProgram: Sendable {
    /// The `.bt` file embedded in the tool.
    public var template: String
    /// `#define NAME VALUE` lines, in order (an empty value defines a flag).
    public var defines: [(name: String, value: String)] = []
    /// `-i SECONDS` and the statements to run then (print and clear the tool's maps).
    public var interval: (seconds: Int, action: String)?
    /// `-d SECONDS`: the run exits after it.
    public var duration: Int?

    public init(template: String) {
        self.template = template
    }

    public init(embedded bytes: [UInt8]) {
        self.init(template: String(decoding: bytes, as: UTF8.self))
    }

    public mutating func define(_ name: String, _ value: String = "") {
        defines.append((name, value))
    }

    /// The complete program, as `--emit` prints it and the tool runs it.
    public var text: String {
        var out = ""
        for (name, value) in defines {
            out += value.isEmpty ? "#define \(name)\n" : "#define \(name) \(value)\n"
        }
        out += template
        if !out.hasSuffix("\n") { out += "\n" }
        if let interval {
            out += "\ninterval:s:\(interval.seconds)\n{\n  \(interval.action)\n}\n"
        }
        if let duration {
            out += "\ninterval:s:\(duration)\n{\n  exit();\n}\n"
        }
        return out
    }

    /// `"text"` as a program string literal, for comparisons with user-given names.
    public static func stringLiteral(_ text: String) -> String {
        var out = "\""
        for character in text.unicodeScalars {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(character)
            }
        }
        return out + "\""
    }
}
