// Renders a diagnostic as bpftrace prints it: `file:line:col-col: ERROR: message`, the source line
// (tabs shown as four spaces), a `~` underline under the range, then `HINT: ...` lines. A range
// spanning lines is located as `file:first-last` and followed by all of those lines.

public enum DiagnosticRenderer {
    /// bpftrace-style text, e.g.
    /// stdin:1:9-12: ERROR: syntax error, unexpected identifier
    /// BEGIN { foo bar }
    ///         ~~~
    /// HINT: ...
    public static func render(_ diagnostic: Diagnostic, in source: SourceFile) -> String {
        var lines: [String] = []
        let prefix = source.name.isEmpty ? "" : source.name + ":"
        let header = "\(diagnostic.severity.rawValue): \(diagnostic.message)"

        if diagnostic.range == .none && source.utf8.isEmpty || diagnostic.range.start > source.utf8.count {
            lines.append(header)
        } else {
            let start = source.location(of: diagnostic.range.start)
            // The last byte inside the range decides the last line (an end offset just past a newline
            // still belongs to the line before).
            let lastByte = max(diagnostic.range.start, diagnostic.range.end - 1)
            let end = diagnostic.range.end > diagnostic.range.start
                ? source.location(of: lastByte) : start
            if end.line > start.line {
                lines.append("\(prefix)\(start.line)-\(end.line): \(header)")
                for number in start.line...end.line { lines.append(expandTabs(source.line(number))) }
            } else {
                let endColumn = diagnostic.range.end > diagnostic.range.start ? end.column + 1 : start.column + 1
                lines.append("\(prefix)\(start.line):\(start.column)-\(endColumn): \(header)")
                let text = source.line(start.line)
                lines.append(expandTabs(text))
                lines.append(underline(text, from: start.column, to: endColumn))
            }
        }
        for hint in diagnostic.hints { lines.append("HINT: \(hint)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Renders several diagnostics, errors first then warnings, as bpftrace does.
    public static func render(_ diagnostics: [Diagnostic], in source: SourceFile) -> String {
        let ordered = diagnostics.filter { $0.severity == .error } + diagnostics.filter { $0.severity == .warning }
        return ordered.map { render($0, in: source) }.joined()
    }

    private static func expandTabs(_ line: String) -> String {
        line.replacingTabs()
    }

    /// Spaces up to the start column, `~` from there to the end column (exclusive), keeping tabs four wide.
    /// Columns count bytes, as the source locations do; each character (or byte that is not
    /// UTF-8, a ByteText raw byte) takes one column on screen.
    private static func underline(_ line: String, from startColumn: Int, to endColumn: Int) -> String {
        var marker = ""
        var x = 0
        for scalar in line.unicodeScalars {
            guard x < endColumn - 1 else { break }
            let mark: Character = x < startColumn - 1 ? " " : "~"
            marker.append(contentsOf: String(repeating: mark, count: scalar == "\t" ? 4 : 1))
            x += ByteText.rawByte(scalar) != nil ? 1 : String(scalar).utf8.count
        }
        let length = ByteText.count(line)
        // A range just past the end of the line (e.g. end of file) still gets one mark.
        if endColumn - 1 > length && startColumn - 1 >= length {
            marker.append(String(repeating: " ", count: max(0, startColumn - 1 - length)))
            marker.append("~")
        }
        return marker
    }
}

extension String {
    fileprivate func replacingTabs() -> String {
        var out = ""
        for ch in self { if ch == "\t" { out += "    " } else { out.append(ch) } }
        return out
    }
}
