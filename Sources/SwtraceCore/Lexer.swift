// Turns preprocessed source bytes into tokens, on demand. Two modes, chosen by the parser: normal
// tokens, and attach points (`uprobe:/bin/bash:readline`), which are runs of text with their own
// rules. Object-like `#define`s are expanded here, each expanded token carrying the range of the
// macro name it came from, so diagnostics still point into the user's source.

struct Lexer {
    private let bytes: [UInt8]
    private var defines: [String: [UInt8]]
    /// When set (inside a macro expansion), every token and diagnostic gets this range.
    private let rangeOverride: SourceRange?
    private(set) var position = 0
    /// Tokens of a macro expansion waiting to be handed out.
    private var pending: [SyntaxToken] = []
    private(set) var diagnostics: [Diagnostic] = []
    private var reportedKeys: Set<String> = []

    init(source: SourceFile) {
        var sink = DiagnosticSink()
        let pre = Preprocessor.run(source.utf8, includes: source.includes, sink: &sink)
        self.init(bytes: pre.bytes, defines: pre.defines, rangeOverride: nil)
        for d in sink.diagnostics { report(d) }
    }

    init(bytes: [UInt8], defines: [String: [UInt8]] = [:], rangeOverride: SourceRange?) {
        self.bytes = bytes
        self.defines = defines
        self.rangeOverride = rangeOverride
    }

    /// Restarts lexing at a byte offset (used by the parser to re-read text in attach-point mode).
    mutating func reset(to offset: Int) {
        position = offset
        pending.removeAll()
    }

    /// Reports once per (id, range): re-lexing after `reset` must not duplicate diagnostics.
    private mutating func report(_ diagnostic: Diagnostic) {
        let d = rangeOverride.map {
            Diagnostic(id: diagnostic.id, severity: diagnostic.severity, message: diagnostic.message,
                       range: $0, hints: diagnostic.hints)
        } ?? diagnostic
        let key = "\(d.id)@\(d.range.start)-\(d.range.end)"
        if reportedKeys.insert(key).inserted { diagnostics.append(d) }
    }

    private func byte(_ offset: Int) -> UInt8? { offset < bytes.count ? bytes[offset] : nil }

    private func text(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private func range(_ start: Int, _ end: Int) -> SourceRange { rangeOverride ?? SourceRange(start, end) }

    // MARK: Whitespace and comments

    /// Skips whitespace and comments; returns whether anything was skipped.
    private mutating func skipTrivia() -> Bool {
        let start = position
        while let c = byte(position) {
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
                position += 1
            } else if c == UInt8(ascii: "/"), byte(position + 1) == UInt8(ascii: "/") {
                while let d = byte(position), d != UInt8(ascii: "\n") { position += 1 }
            } else if c == UInt8(ascii: "/"), byte(position + 1) == UInt8(ascii: "*") {
                let open = position
                position += 2
                while true {
                    guard let d = byte(position) else {
                        report(ParserDiagnostics.unterminatedComment(at: range(open, open + 2)))
                        break
                    }
                    if d == UInt8(ascii: "*"), byte(position + 1) == UInt8(ascii: "/") { position += 2; break }
                    position += 1
                }
            } else {
                break
            }
        }
        return position > start
    }

    /// The first byte after whitespace and comments from `offset`, without moving.
    func nextSignificantByte(from offset: Int) -> UInt8? {
        var copy = Lexer(bytes: bytes, rangeOverride: nil)
        copy.position = offset
        _ = copy.skipTrivia()
        return copy.byte(copy.position)
    }

    // MARK: Normal tokens

    mutating func next() -> SyntaxToken {
        if !pending.isEmpty { return pending.removeFirst() }
        let space = skipTrivia()
        var token = lexToken()
        token.spaceBefore = space
        if case .identifier(let name) = token.kind, let body = defines[name] {
            return expand(name, body: body, at: token.range, spaceBefore: space)
        }
        return token
    }

    private mutating func expand(_ name: String, body: [UInt8], at range: SourceRange, spaceBefore: Bool) -> SyntaxToken {
        var inner = defines
        inner[name] = nil  // a macro is not expanded inside its own expansion
        var sub = Lexer(bytes: body, defines: inner, rangeOverride: range)
        var tokens: [SyntaxToken] = []
        while true {
            let t = sub.next()
            if t.kind == .endOfFile { break }
            tokens.append(t)
        }
        for d in sub.diagnostics { report(d) }
        guard !tokens.isEmpty else { return next() }
        tokens[0].spaceBefore = spaceBefore
        pending.insert(contentsOf: tokens.dropFirst(), at: 0)
        return tokens[0]
    }

    private mutating func lexToken() -> SyntaxToken {
        let start = position
        guard let c = byte(position) else {
            return SyntaxToken(kind: .endOfFile, range: range(start, start))
        }
        if isIdentifierStart(c) {
            while let d = byte(position), Preprocessor.isIdentifierByte(d) { position += 1 }
            return SyntaxToken(kind: .identifier(text(start, position)), range: range(start, position))
        }
        if isDigit(c) { return lexNumber() }
        switch c {
        case UInt8(ascii: "@"):
            position += 1
            while let d = byte(position), Preprocessor.isIdentifierByte(d) { position += 1 }
            return SyntaxToken(kind: .map(text(start + 1, position)), range: range(start, position))
        case UInt8(ascii: "$"):
            return lexDollar()
        case UInt8(ascii: "\""):
            return lexString()
        case UInt8(ascii: "'"):
            return lexCharacter()
        default:
            break
        }
        for length in [3, 2, 1] where position + length <= bytes.count {
            if let p = Punctuator(rawValue: text(position, position + length)) {
                position += length
                return SyntaxToken(kind: .punct(p), range: range(start, position))
            }
        }
        // One whole UTF-8 character, for the message.
        position += 1
        while let d = byte(position), d & 0xC0 == 0x80 { position += 1 }
        report(ParserDiagnostics.invalidCharacter(text(start, position), at: range(start, position)))
        return SyntaxToken(kind: .invalid, range: range(start, position))
    }

    private mutating func lexDollar() -> SyntaxToken {
        let start = position
        position += 1
        if byte(position) == UInt8(ascii: "#") {
            position += 1
            return SyntaxToken(kind: .positionalCount, range: range(start, position))
        }
        if let c = byte(position), isDigit(c) {
            while let d = byte(position), isDigit(d) { position += 1 }
            if let n = Int(text(start + 1, position)), n >= 1 {
                return SyntaxToken(kind: .positional(n), range: range(start, position))
            }
            report(ParserDiagnostics.invalidPositional(at: range(start, position)))
            return SyntaxToken(kind: .invalid, range: range(start, position))
        }
        if let c = byte(position), isIdentifierStart(c) {
            while let d = byte(position), Preprocessor.isIdentifierByte(d) { position += 1 }
            return SyntaxToken(kind: .variable(text(start + 1, position)), range: range(start, position))
        }
        report(ParserDiagnostics.invalidCharacter("$", at: range(start, position)))
        return SyntaxToken(kind: .invalid, range: range(start, position))
    }

    private mutating func lexNumber() -> SyntaxToken {
        let start = position
        while let d = byte(position), Preprocessor.isIdentifierByte(d) { position += 1 }
        let spelled = text(start, position)
        if let fraction = floatingPointFraction(numberStart: start) {
            position = fraction
            report(ParserDiagnostics.floatingPointLiteral(text(start, position), at: range(start, position)))
            return SyntaxToken(kind: .integer(0), range: range(start, position))
        }
        switch IntegerLiteral.parse(spelled) {
        case .success(let value):
            return SyntaxToken(kind: .integer(value), range: range(start, position))
        case .failure(.overflow):
            report(ParserDiagnostics.integerOverflow(spelled, at: range(start, position)))
        case .failure(.invalid(let reason)):
            report(ParserDiagnostics.invalidInteger(spelled, reason: reason, at: range(start, position)))
        }
        return SyntaxToken(kind: .integer(0), range: range(start, position))
    }

    /// `1.5`: where the fraction ends, when the number just read has one. `$t.0.1` reads tuple
    /// index 0 then `.1`, so a number right after a `.` is never the start of a fraction.
    private func floatingPointFraction(numberStart start: Int) -> Int? {
        guard byte(position) == UInt8(ascii: "."), let digit = byte(position + 1), digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9"),
              start == 0 || byte(start - 1) != UInt8(ascii: ".") else { return nil }
        var end = position + 1
        while let d = byte(end), Preprocessor.isIdentifierByte(d) { end += 1 }
        return end
    }

    private mutating func lexString() -> SyntaxToken {
        let start = position
        position += 1
        var value: [UInt8] = []
        while true {
            guard let c = byte(position), c != UInt8(ascii: "\n") else {
                var end = position
                if end > start, byte(end - 1) == UInt8(ascii: "\r") { end -= 1 }
                report(ParserDiagnostics.unterminatedString(at: range(start, end)))
                return SyntaxToken(kind: .string(decodeBytes(value)), range: range(start, end))
            }
            if c == UInt8(ascii: "\"") {
                position += 1
                return SyntaxToken(kind: .string(decodeBytes(value)), range: range(start, position))
            }
            if c == UInt8(ascii: "\\") {
                if let escaped = lexEscape() { value.append(contentsOf: escaped) }
                continue
            }
            value.append(c)
            position += 1
        }
    }

    /// Reads one escape sequence at `position` (which is at the backslash); returns its bytes, or
    /// nil after reporting an invalid escape.
    private mutating func lexEscape() -> [UInt8]? {
        let start = position
        position += 1
        guard let c = byte(position), c != UInt8(ascii: "\n") else {
            report(ParserDiagnostics.invalidEscape("\\", at: range(start, position)))
            return nil
        }
        position += 1
        switch c {
        case UInt8(ascii: "n"): return [10]
        case UInt8(ascii: "t"): return [9]
        case UInt8(ascii: "r"): return [13]
        case UInt8(ascii: "\\"): return [UInt8(ascii: "\\")]
        case UInt8(ascii: "\""): return [UInt8(ascii: "\"")]
        case UInt8(ascii: "'"): return [UInt8(ascii: "'")]
        case UInt8(ascii: "x"):
            var value = 0, digits = 0
            while digits < 2, let d = byte(position), let v = hexValue(d) { value = value * 16 + v; digits += 1; position += 1 }
            if digits == 0 {
                report(ParserDiagnostics.invalidEscape("\\x", at: range(start, position)))
                return nil
            }
            return [UInt8(value)]
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            var value = Int(c - UInt8(ascii: "0")), digits = 1
            while digits < 3, let d = byte(position), d >= UInt8(ascii: "0"), d <= UInt8(ascii: "7") {
                value = value * 8 + Int(d - UInt8(ascii: "0")); digits += 1; position += 1
            }
            if value > 255 {
                report(ParserDiagnostics.octalEscapeOutOfRange(text(start, position), at: range(start, position)))
                return nil
            }
            return [UInt8(value)]
        default:
            while let d = byte(position), d & 0xC0 == 0x80 { position += 1 }
            report(ParserDiagnostics.invalidEscape(text(start, position), at: range(start, position)))
            return nil
        }
    }

    private mutating func lexCharacter() -> SyntaxToken {
        let start = position
        position += 1
        var value: [UInt8] = []
        while true {
            guard let c = byte(position), c != UInt8(ascii: "\n") else {
                report(ParserDiagnostics.unterminatedCharacter(at: range(start, position)))
                return SyntaxToken(kind: .integer(0), range: range(start, position))
            }
            if c == UInt8(ascii: "'") { position += 1; break }
            if c == UInt8(ascii: "\\") {
                if let escaped = lexEscape() { value.append(contentsOf: escaped) } else { value.append(0) }
                continue
            }
            value.append(c)
            position += 1
        }
        guard value.count == 1 else {
            report(ParserDiagnostics.invalidCharacterLiteral(at: range(start, position)))
            return SyntaxToken(kind: .integer(0), range: range(start, position))
        }
        return SyntaxToken(kind: .integer(UInt64(value[0])), range: range(start, position))
    }

    // MARK: Attach points

    /// Lexes one attach point at the current position, or returns nil (without moving) when the text
    /// there cannot start one. A `/` belongs to the attach point inside a path part (one that starts
    /// with `/` or `.`, as in `uprobe:/bin/bash:readline`), and otherwise starts the predicate.
    mutating func nextAttachPoint() -> SyntaxToken? {
        pending.removeAll()
        let space = skipTrivia()
        let start = position
        var partStart = position
        loop: while let c = byte(position) {
            switch c {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"),
                 UInt8(ascii: ","), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: ";"),
                 UInt8(ascii: "("), UInt8(ascii: ")"):
                break loop
            case UInt8(ascii: "\""):
                // A quoted part, e.g. a C++ symbol: keep everything up to the closing quote.
                position += 1
                while let d = byte(position), d != UInt8(ascii: "\""), d != UInt8(ascii: "\n") { position += 1 }
                if byte(position) == UInt8(ascii: "\"") { position += 1 }
            case UInt8(ascii: ":"):
                position += 1
                partStart = position
            case UInt8(ascii: "/"):
                if byte(position + 1) == UInt8(ascii: "/") || byte(position + 1) == UInt8(ascii: "*") { break loop }
                let partIsPath = position == partStart
                    || bytes[partStart] == UInt8(ascii: "/") || bytes[partStart] == UInt8(ascii: ".")
                if !partIsPath || partStart == start { break loop }
                position += 1
            default:
                position += 1
            }
        }
        guard position > start else { return nil }
        return SyntaxToken(kind: .attachPoint(text(start, position)), range: range(start, position), spaceBefore: space)
    }

    // MARK: Character classes

    private func isIdentifierStart(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || c == UInt8(ascii: "_")
    }

    private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    private func hexValue(_ c: UInt8) -> Int? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(c - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(c - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }

    /// The literal's bytes exactly, valid UTF-8 or not (ByteText).
    private func decodeBytes(_ value: [UInt8]) -> String { ByteText.string(value) }
}

/// Integer literal spellings: decimal, `0x` hex, `0o`/leading-`0` octal, `0b` binary, `_` separators,
/// `<m>e<n>` scientific, C suffixes (`u`, `l`, `ul`, `ll`, `ull`), and duration suffixes scaled to
/// nanoseconds (`ns`, `us`, `ms`, `s`, `m`, `h`, `d`).
enum IntegerLiteral {
    enum Failure: Error { case overflow, invalid(String) }

    static let durations: [String: UInt64] = [
        "ns": 1, "us": 1_000, "ms": 1_000_000, "s": 1_000_000_000,
        "m": 60_000_000_000, "h": 3_600_000_000_000, "d": 86_400_000_000_000,
    ]
    static let cSuffixes: Set<String> = ["u", "l", "ul", "lu", "ll", "ull", "llu"]

    static func parse(_ spelled: String) -> Result<UInt64, Failure> {
        let text = spelled.filter { $0 != "_" }.lowercased()
        var radix: UInt64 = 10
        var digits = Substring(text)
        if text.hasPrefix("0x") { radix = 16; digits = digits.dropFirst(2) }
        else if text.hasPrefix("0b") { radix = 2; digits = digits.dropFirst(2) }
        else if text.hasPrefix("0o") { radix = 8; digits = digits.dropFirst(2) }
        else if text.count > 1, text.hasPrefix("0"), text.dropFirst().first?.isNumber == true { radix = 8; digits = digits.dropFirst() }

        let body = digits.prefix { $0.isHexDigit && (radix == 16 || $0.isNumber) }
        let suffix = String(digits.dropFirst(body.count))
        guard !body.isEmpty else { return .failure(.invalid("missing digits")) }

        var value: UInt64 = 0
        for ch in body {
            let v = UInt64(ch.hexDigitValue!)
            guard v < radix else { return .failure(.invalid("digit '\(ch)' is not valid in base \(radix)")) }
            let (m, o1) = value.multipliedReportingOverflow(by: radix)
            let (a, o2) = m.addingReportingOverflow(v)
            if o1 || o2 { return .failure(.overflow) }
            value = a
        }
        if suffix.isEmpty || cSuffixes.contains(suffix) { return .success(value) }
        if radix == 10, suffix.hasPrefix("e") {
            let exponentText = suffix.dropFirst()
            guard let exponent = Int(exponentText), !exponentText.isEmpty, exponentText.allSatisfy(\.isNumber) else {
                return .failure(.invalid("malformed exponent"))
            }
            for _ in 0..<exponent {
                let (m, o) = value.multipliedReportingOverflow(by: 10)
                if o { return .failure(.overflow) }
                value = m
            }
            return .success(value)
        }
        if radix == 10 || radix == 8, let scale = durations[suffix] {
            let (m, o) = value.multipliedReportingOverflow(by: scale)
            return o ? .failure(.overflow) : .success(m)
        }
        return .failure(.invalid("unknown suffix '\(suffix)'"))
    }
}
