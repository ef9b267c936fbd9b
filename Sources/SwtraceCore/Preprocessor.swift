// The small C-preprocessor pass bpftrace scripts rely on: `#include` brings only the constants
// HeaderConstants lists (kernel types come from BTF), object-like `#define`s are recorded for the lexer to expand, and `#ifdef`-style
// conditionals blank out inactive lines. Directive and inactive text is replaced by spaces so every
// byte offset still points at the same place in the original source.

struct PreprocessedSource {
    /// The source bytes with directives and inactive regions blanked (same length as the input).
    var bytes: [UInt8]
    /// Object-like macros: name -> replacement text.
    var defines: [String: [UInt8]]
}

enum Preprocessor {
    /// Macros every script sees, as bpftrace defines them.
    static let predefined: [String: [UInt8]] = ["BPFTRACE_HAVE_BTF": Array("1".utf8)]

    static func run(_ input: [UInt8], includes: [String] = [], sink: inout DiagnosticSink) -> PreprocessedSource {
        var bytes = input
        var defines = predefined
        for header in includes { HeaderConstants.include(header, into: &defines) }
        // Each open conditional: whether its current branch is active, whether any branch was taken,
        // whether the enclosing region is active, and where it started.
        var conditionals: [(active: Bool, taken: Bool, parentActive: Bool, start: SourceRange)] = []
        var active: Bool { conditionals.last.map { $0.active } ?? true }

        var lineStart = 0
        var inBlockComment = false
        while lineStart < input.count {
            var lineEnd = lineStart
            while lineEnd < input.count, input[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }

            var first = lineStart
            while first < lineEnd, input[first] == UInt8(ascii: " ") || input[first] == UInt8(ascii: "\t") { first += 1 }
            let isDirective = !inBlockComment && first < lineEnd && input[first] == UInt8(ascii: "#")

            if !isDirective {
                if active {
                    inBlockComment = scanBlockCommentState(input, lineStart, lineEnd, startingIn: inBlockComment)
                } else {
                    blank(&bytes, lineStart, lineEnd)
                }
                lineStart = lineEnd + 1
                continue
            }

            // A directive continues onto the next line while the line ends in a backslash.
            var directiveEnd = lineEnd
            while directiveEnd < input.count, endsWithBackslash(input, lineStart, directiveEnd) {
                var next = directiveEnd + 1
                while next < input.count, input[next] != UInt8(ascii: "\n") { next += 1 }
                directiveEnd = next
            }
            var text: [UInt8] = []
            var i = first + 1
            while i < directiveEnd {
                if input[i] == UInt8(ascii: "\\"), i + 1 < directiveEnd, input[i + 1] == UInt8(ascii: "\n") {
                    text.append(UInt8(ascii: " ")); i += 2; continue
                }
                if input[i] == UInt8(ascii: "\\"), i + 2 < directiveEnd, input[i + 1] == UInt8(ascii: "\r"),
                   input[i + 2] == UInt8(ascii: "\n") {
                    text.append(UInt8(ascii: " ")); i += 3; continue
                }
                text.append(input[i]); i += 1
            }
            let range = SourceRange(first, trimmedEnd(input, first, directiveEnd))
            blank(&bytes, lineStart, directiveEnd)
            lineStart = directiveEnd + 1

            // `#!/usr/bin/env bpftrace` on the first line is for the shell, not for us.
            if range.start == first, first == 0 || input[0..<first].allSatisfy(isSpace), text.first == UInt8(ascii: "!") {
                continue
            }
            let words = splitDirective(stripComments(text))
            let name = words.first ?? ""
            let argument = words.count > 1 ? words[1] : ""
            switch name {
            case "ifdef", "ifndef":
                let defined = defines[argument] != nil
                let cond = name == "ifdef" ? defined : !defined
                conditionals.append((active && cond, cond, active, range))
            case "if":
                let cond = evaluateCondition(words.dropFirst().joined(separator: " "), defines: defines)
                conditionals.append((active && cond, cond, active, range))
            case "elif":
                guard var top = conditionals.popLast() else {
                    sink.report(ParserDiagnostics.unbalancedConditional(name, at: range)); continue
                }
                let cond = !top.taken && evaluateCondition(words.dropFirst().joined(separator: " "), defines: defines)
                top.active = top.parentActive && cond
                top.taken = top.taken || cond
                conditionals.append(top)
            case "else":
                guard var top = conditionals.popLast() else {
                    sink.report(ParserDiagnostics.unbalancedConditional(name, at: range)); continue
                }
                top.active = top.parentActive && !top.taken
                top.taken = true
                conditionals.append(top)
            case "endif":
                if conditionals.popLast() == nil {
                    sink.report(ParserDiagnostics.unbalancedConditional(name, at: range))
                }
            default:
                guard active else { continue }
                switch name {
                case "include":
                    HeaderConstants.include(argument, into: &defines)
                case "pragma", "":
                    break
                case "define":
                    defineMacro(text, range: range, into: &defines, sink: &sink)
                case "undef":
                    defines[argument] = nil
                default:
                    sink.report(ParserDiagnostics.unsupportedDirective(name, at: range))
                }
            }
        }
        for open in conditionals {
            sink.report(ParserDiagnostics.unterminatedConditional(at: open.start))
        }
        return PreprocessedSource(bytes: bytes, defines: defines)
    }

    private static func defineMacro(_ text: [UInt8], range: SourceRange, into defines: inout [String: [UInt8]],
                                    sink: inout DiagnosticSink) {
        // text is "define NAME value..." without the '#'.
        var i = 0
        while i < text.count, isSpace(text[i]) { i += 1 }
        i += "define".utf8.count
        while i < text.count, isSpace(text[i]) { i += 1 }
        let nameStart = i
        while i < text.count, isIdentifierByte(text[i]) { i += 1 }
        let name = String(decoding: text[nameStart..<i], as: UTF8.self)
        guard !name.isEmpty else {
            sink.report(ParserDiagnostics.unsupportedDirective("define", at: range)); return
        }
        if i < text.count, text[i] == UInt8(ascii: "(") {
            sink.report(ParserDiagnostics.functionLikeMacro(name, at: range)); return
        }
        var body = Array(stripComments(Array(text[i...])))
        while let last = body.last, isSpace(last) { body.removeLast() }
        while let first = body.first, isSpace(first) { body.removeFirst() }
        defines[name] = body
    }

    /// `#if` conditions: integers, `defined(NAME)`, `defined NAME`, `!`, and macro names (true when
    /// they expand to a non-zero integer).
    private static func evaluateCondition(_ text: String, defines: [String: [UInt8]]) -> Bool {
        var expr = text.trimmingSpaces()
        var negate = false
        while expr.hasPrefix("!") { negate.toggle(); expr = String(expr.dropFirst()).trimmingSpaces() }
        var value: Bool
        if expr.hasPrefix("defined") {
            let name = expr.dropFirst("defined".count).filter { $0 != "(" && $0 != ")" && $0 != " " }
            value = defines[String(name)] != nil
        } else if let number = Int(expr) {
            value = number != 0
        } else if let body = defines[expr], let number = Int(String(decoding: body, as: UTF8.self)) {
            value = number != 0
        } else {
            value = false
        }
        if negate { value.toggle() }
        return value
    }

    /// Whether a block comment is still open at the end of the line (so a `#` on the next line is not a
    /// directive). Strings are skipped so `"/*"` does not open a comment.
    private static func scanBlockCommentState(_ b: [UInt8], _ start: Int, _ end: Int, startingIn: Bool) -> Bool {
        var inComment = startingIn
        var i = start
        while i < end {
            if inComment {
                if b[i] == UInt8(ascii: "*"), i + 1 < end, b[i + 1] == UInt8(ascii: "/") { inComment = false; i += 2; continue }
                i += 1
                continue
            }
            switch b[i] {
            case UInt8(ascii: "\""):
                i += 1
                while i < end, b[i] != UInt8(ascii: "\"") { i += b[i] == UInt8(ascii: "\\") ? 2 : 1 }
                i += 1
            case UInt8(ascii: "/") where i + 1 < end && b[i + 1] == UInt8(ascii: "/"):
                return false
            case UInt8(ascii: "/") where i + 1 < end && b[i + 1] == UInt8(ascii: "*"):
                inComment = true; i += 2
            default:
                i += 1
            }
        }
        return inComment
    }

    private static func stripComments(_ text: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        var inString = false
        while i < text.count {
            let c = text[i]
            if inString {
                out.append(c)
                if c == UInt8(ascii: "\\"), i + 1 < text.count { out.append(text[i + 1]); i += 2; continue }
                if c == UInt8(ascii: "\"") { inString = false }
                i += 1
                continue
            }
            if c == UInt8(ascii: "\"") { inString = true; out.append(c); i += 1; continue }
            if c == UInt8(ascii: "/"), i + 1 < text.count, text[i + 1] == UInt8(ascii: "/") { break }
            if c == UInt8(ascii: "/"), i + 1 < text.count, text[i + 1] == UInt8(ascii: "*") {
                i += 2
                while i + 1 < text.count, !(text[i] == UInt8(ascii: "*") && text[i + 1] == UInt8(ascii: "/")) { i += 1 }
                i += 2
                out.append(UInt8(ascii: " "))
                continue
            }
            out.append(c); i += 1
        }
        return out
    }

    private static func splitDirective(_ text: [UInt8]) -> [String] {
        String(decoding: text, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" })
            .map(String.init)
    }

    private static func blank(_ bytes: inout [UInt8], _ start: Int, _ end: Int) {
        var i = start
        while i < min(end, bytes.count) {
            if bytes[i] != UInt8(ascii: "\n") { bytes[i] = UInt8(ascii: " ") }
            i += 1
        }
    }

    private static func endsWithBackslash(_ b: [UInt8], _ start: Int, _ end: Int) -> Bool {
        var e = end
        if e > start, b[e - 1] == UInt8(ascii: "\r") { e -= 1 }
        return e > start && b[e - 1] == UInt8(ascii: "\\")
    }

    private static func trimmedEnd(_ b: [UInt8], _ start: Int, _ end: Int) -> Int {
        var e = min(end, b.count)
        while e > start, isSpace(b[e - 1]) || b[e - 1] == UInt8(ascii: "\n") { e -= 1 }
        return e
    }

    static func isSpace(_ c: UInt8) -> Bool {
        c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r")
    }

    static func isIdentifierByte(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "_")
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
