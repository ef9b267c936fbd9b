// Small text helpers for the tools' own layouts: C-printf-like padding, the wall clock, JSON.
import Foundation
import SwtraceOutput

public enum ToolText {
    /// `%-Ns` (left) or `%Ns` (right): pads, never truncates.
    public static func pad(_ text: String, _ width: Int, left: Bool = true) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return left ? text + fill : fill + text
    }

    /// `%.3f`
    public static func fixed3(_ value: Double) -> String {
        String(format: "%.3f", value)
    }

    /// The local time as HH:MM:SS, as BCC tools stamp their intervals.
    public static func clock() -> String {
        LocalTime.format("%H:%M:%S")
    }

    /// A JSON string literal, escaped as the JSON printer escapes.
    public static func json(_ text: String) -> String {
        JSONWriter.string(text)
    }

    /// `{"k": v, ...}` from already-encoded values, in order.
    public static func jsonObject(_ fields: [(String, String)]) -> String {
        "{" + fields.map { json($0.0) + ": " + $0.1 }.joined(separator: ", ") + "}"
    }
}
