// The parser entry point and the machinery shared by its parts: token lookahead, expectations,
// bison-style syntax errors, and recovery. Grammar rules live in Parser+Probes (top level),
// Parser+Statements and Parser+Expressions.

public enum Parser {
    /// Parses a whole program. Throws DiagnosticError with every syntax error found (recover and continue where possible).
    public static func parse(_ source: SourceFile) throws -> Program {
        var parser = SyntaxParser(source: source)
        let program = parser.parseProgram()
        if let tooDeep = TreeDepth.firstTooDeep(in: program) {
            parser.report(ParserDiagnostics.nestedTooDeeply(limit: TreeDepth.maximum, at: tooDeep))
        }
        try parser.finish()
        return program
    }

    /// Parses a single expression (for tools and tests); the whole text must be one expression.
    public static func parseExpression(_ source: SourceFile) throws -> Expr {
        var parser = SyntaxParser(source: source)
        let expr = parser.parseStandaloneExpression()
        try parser.finish()
        return expr
    }
}

/// Thrown inside the parser after a syntax error has been reported, to unwind to a recovery point.
struct ParseAbort: Error {}

struct SyntaxParser {
    let source: SourceFile
    var lexer: Lexer
    var lookahead: [SyntaxToken] = []
    var sink = DiagnosticSink()
    var nextExprId = 0
    /// End offset of the last consumed token, for ranges of the constructs that end there.
    var lastEnd = 0
    /// Set while parsing `/predicate/`: a `/` followed by `{` ends the predicate instead of dividing.
    var inPredicate = false
    /// Once an error at end of file was reported, later "missing }" errors would only repeat it.
    var reportedAtEndOfFile = false
    /// Current depth of recursive rules (Parser+Nesting.swift), and whether the limit was reported.
    var nestingDepth = 0
    var reportedTooDeep = false
    /// Struct/union definitions written inside another's members (`struct { int x; } bar;`),
    /// collected while that definition is parsed; anonymous ones get numbered names.
    var nestedTypeDefinitions: [TypeDefinition] = []
    var anonymousTypeCount = 0

    init(source: SourceFile) {
        self.source = source
        self.lexer = Lexer(source: source)
    }

    mutating func finish() throws {
        var all = lexer.diagnostics
        all.append(contentsOf: sink.diagnostics)
        all.sort { ($0.range.start, $0.range.end) < ($1.range.start, $1.range.end) }
        var result = DiagnosticSink()
        for d in all { result.report(d) }
        try result.throwIfErrors()
    }

    // MARK: Tokens

    mutating func peek(_ n: Int = 0) -> SyntaxToken {
        while lookahead.count <= n { lookahead.append(lexer.next()) }
        return lookahead[n]
    }

    @discardableResult
    mutating func advance() -> SyntaxToken {
        let token = peek()
        lookahead.removeFirst()
        if token.kind != .endOfFile { lastEnd = token.range.end }
        return token
    }

    mutating func at(_ p: Punctuator) -> Bool { peek().isPunct(p) }
    mutating func atKeyword(_ word: String) -> Bool { peek().isIdentifier(word) }

    /// Consumes the token if it is `p`.
    mutating func accept(_ p: Punctuator) -> Bool {
        if at(p) { advance(); return true }
        return false
    }

    @discardableResult
    mutating func expect(_ p: Punctuator, _ expecting: String? = nil) throws -> SyntaxToken {
        if at(p) { return advance() }
        throw fail(expecting: expecting ?? p.rawValue)
    }

    mutating func expectIdentifier(_ expecting: String = "identifier") throws -> (String, SourceRange) {
        let token = peek()
        if case .identifier(let name) = token.kind, !SyntaxKeyword.all.contains(name) {
            advance()
            return (name, token.range)
        }
        throw fail(expecting: expecting)
    }

    /// Drops lookahead and re-reads the source from the first buffered token in attach-point mode.
    mutating func nextAttachPoint() -> SyntaxToken? {
        if let first = lookahead.first {
            lexer.reset(to: first.range.start)
            lookahead.removeAll()
        }
        guard let token = lexer.nextAttachPoint() else { return nil }
        lastEnd = token.range.end
        return token
    }

    // MARK: Errors

    /// Reports "unexpected <current token>, expecting <what>" and returns the error to throw.
    mutating func fail(expecting: String?, hints: [String] = []) -> ParseAbort {
        let token = peek()
        if token.kind == .invalid { return ParseAbort() }  // the lexer already said what is wrong
        if token.kind == .endOfFile {
            if reportedAtEndOfFile || lexerErrorReachesEndOfFile { return ParseAbort() }
            reportedAtEndOfFile = true
        }
        report(ParserDiagnostics.unexpectedToken(token.kind.displayName, expecting: expecting,
                                                 at: displayRange(of: token), hints: hints))
        return ParseAbort()
    }

    /// An unterminated comment or string already explains why the text ends early.
    var lexerErrorReachesEndOfFile: Bool {
        lexer.diagnostics.contains { $0.id == "unterminated-comment" || $0.id == "unterminated-string" }
    }

    mutating func report(_ diagnostic: Diagnostic) {
        if sink.diagnostics.contains(where: { $0.range == diagnostic.range && $0.id == diagnostic.id }) { return }
        sink.report(diagnostic)
    }

    /// End of file has no width; show it as the character after the last token so the underline is visible.
    func displayRange(of token: SyntaxToken) -> SourceRange {
        if token.kind == .endOfFile {
            let end = source.utf8.count
            var last = end
            while last > 0, [UInt8(ascii: "\n"), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")]
                .contains(source.utf8[last - 1]) { last -= 1 }
            return SourceRange(last, last + 1)
        }
        return token.range
    }

    // MARK: Recovery

    /// Skips to the end of the current statement: past a `;` at this nesting level, or up to
    /// (not past) the `}` that closes the enclosing block.
    mutating func synchronizeStatement() {
        var depth = 0
        while true {
            let token = peek()
            switch token.kind {
            case .endOfFile: return
            case .punct(.lbrace), .punct(.lparen), .punct(.lbracket): depth += 1
            case .punct(.rbrace) where depth == 0: return
            case .punct(.rbrace), .punct(.rparen), .punct(.rbracket): depth = max(0, depth - 1)
            case .punct(.semicolon) where depth == 0:
                advance(); return
            default: break
            }
            advance()
        }
    }

    /// Skips past the next balanced `{ ... }` (or to end of file), to resume at the next top-level item.
    mutating func synchronizeTopLevel() {
        var depth = 0
        while true {
            let token = peek()
            switch token.kind {
            case .endOfFile: return
            case .punct(.lbrace): depth += 1
            case .punct(.rbrace):
                depth -= 1
                if depth <= 0 { advance(); return }
            case .punct(.semicolon) where depth == 0:
                advance(); return
            default: break
            }
            advance()
        }
    }

    // MARK: Building

    mutating func makeExpr(_ kind: ExprKind, _ range: SourceRange) -> Expr {
        defer { nextExprId += 1 }
        return Expr(id: nextExprId, kind: kind, range: range)
    }

    mutating func parseStandaloneExpression() -> Expr {
        do {
            let expr = try parseExpression()
            if peek().kind != .endOfFile { throw fail(expecting: "end of file") }
            return expr
        } catch {
            return makeExpr(.integer(0), .none)
        }
    }
}
