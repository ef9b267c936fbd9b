// A program's text with its name, and the mapping from byte offsets to line and column.

public struct SourceFile: Sendable {
    public let name: String
    public let text: String
    private let bytes: [UInt8]
    /// Headers named on the command line (`--include errno.h`): read as if the program began
    /// with `#include` lines for them, without shifting any offset.
    public var includes: [String] = []
    private let lineStarts: [Int]

    public init(name: String, text: String) {
        self.init(name: name, text: text, bytes: Array(text.utf8))
    }

    /// A program file as read: its string literals keep bytes that are not UTF-8 exactly (as
    /// bpftrace, which reads bytes); only the text shown in diagnostics is decoded.
    public init(name: String, bytes: [UInt8]) {
        self.init(name: name, text: String(decoding: bytes, as: UTF8.self), bytes: bytes)
    }

    private init(name: String, text: String, bytes: [UInt8]) {
        self.name = name
        self.text = text
        self.bytes = bytes
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    public var utf8: [UInt8] { bytes }

    /// 1-based line and column of a byte offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return (low + 1, offset - lineStarts[low] + 1)
    }

    /// The text of a 1-based line, without its newline.
    public func line(_ number: Int) -> String {
        guard number >= 1, number <= lineStarts.count else { return "" }
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        // ByteText: a byte that is not UTF-8 keeps its one column (and is shown as it is).
        return ByteText.string(bytes[start..<max(start, end)])
    }

    public func text(of range: SourceRange) -> String {
        let lo = max(0, min(range.start, bytes.count)), hi = max(lo, min(range.end, bytes.count))
        return ByteText.string(bytes[lo..<hi])
    }
}

/// Half-open byte range [start, end) into a SourceFile.
public struct SourceRange: Hashable, Sendable {
    public var start: Int
    public var end: Int
    public init(_ start: Int, _ end: Int) { self.start = start; self.end = end }
    public static let none = SourceRange(0, 0)
    /// For diagnostics about the whole script, rendered without a location or source line.
    public static let unlocated = SourceRange(Int.max, Int.max)
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(min(start, other.start), max(end, other.end))
    }
}
