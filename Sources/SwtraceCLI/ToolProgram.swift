// A tool's program: its embedded .bt text with the tool's options prepended as #define lines,
// and probes for the interval and duration options appended (attach points take no macros).
import SwtraceCore

public struct ToolProgram: Sendable {
    /// The `.bt` file embedded in the tool.
    public var template: String
    /// `#define NAME VALUE` lines, in order (an empty value defines a flag).
    public var defines: [(name: String, value: String)] = []
    /// `-i SECONDS`: `stamp` heads every summary (the periodic ones and the last one at exit);
    /// `action` prints and clears the tool's maps.
    public var interval: (seconds: Int, stamp: String, action: String)?
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
        guard let interval else {
            if let duration { out += Self.exitProbe(after: duration) }
            return out
        }
        let summary = interval.stamp.isEmpty ? interval.action : interval.stamp + "\n  " + interval.action
        if let duration, duration % interval.seconds == 0 {
            // As BCC's tools: the tick that ends the run prints nothing itself, the exit prints
            // the last summary (a separate exit probe would print a near-empty one after it).
            out += """

                interval:s:\(interval.seconds)
                {
                  @tool_ticks = @tool_ticks + 1;
                  if (@tool_ticks < \(duration / interval.seconds)) {
                    \(summary.replacingOccurrences(of: "\n", with: "\n  "))
                  } else {
                    exit();
                  }
                }

                """
        } else {
            out += "\ninterval:s:\(interval.seconds)\n{\n  \(summary)\n}\n"
            if let duration { out += Self.exitProbe(after: duration) }
        }
        // The summary the exit prints (Ctrl-C, -p's process ending, -d) is stamped too.
        let end = [interval.stamp, duration.map { $0 % interval.seconds == 0 } == true ? "clear(@tool_ticks);" : ""]
            .filter { !$0.isEmpty }
        if !end.isEmpty { out += "\nEND\n{\n  " + end.joined(separator: "\n  ") + "\n}\n" }
        return out
    }

    private static func exitProbe(after seconds: Int) -> String {
        "\ninterval:s:\(seconds)\n{\n  exit();\n}\n"
    }

    /// `"text"` as a program string literal, for comparisons with user-given names.
    public static func stringLiteral(_ text: String) -> String {
        StringLiteralText.quoted(text)
    }
}
