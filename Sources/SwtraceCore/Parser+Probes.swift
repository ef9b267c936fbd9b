// Top-level grammar: the preamble (config block, user functions, macros) and probes with their
// attach points, optional predicate and action block.

extension SyntaxParser {
    mutating func parseProgram() -> Program {
        var program = Program(probes: [])
        while true {
            let token = peek()
            if token.kind == .endOfFile { break }
            do {
                if case .identifier(let word) = token.kind {
                    switch word {
                    case "config" where peek(1).isPunct(.assign):
                        reportIfAfterProbes(program, "the config block")
                        program.config.append(contentsOf: try parseConfig())
                        continue
                    case "fn":
                        program.functions.append(try parseFunction())
                        continue
                    case "macro":
                        program.macros.append(try parseMacro())
                        continue
                    case "let":
                        reportIfAfterProbes(program, "map declarations")
                        program.mapDeclarations.append(try parseMapDeclaration())
                        continue
                    case "import":
                        reportUnsupported("imports", hint: "put everything in one script")
                        synchronizeTopLevel()
                        continue
                    case "struct", "union" where isIdentifierToken(peek(1)) && peek(2).isPunct(.lbrace):
                        let definition = try parseTypeDefinition()
                        program.typeDefinitions += nestedTypeDefinitions
                        nestedTypeDefinitions = []
                        program.typeDefinitions.append(definition)
                        continue
                    // Named (`enum E { ... }`) or anonymous (`enum { A = 1, B }`).
                    case "enum" where (isIdentifierToken(peek(1)) && peek(2).isPunct(.lbrace)) || peek(1).isPunct(.lbrace):
                        reportUnsupported("enum definitions", hint: "kernel enums come from BTF; use their values as integers")
                        synchronizeTopLevel()
                        _ = accept(.semicolon)
                        continue
                    default:
                        break
                    }
                }
                program.probes.append(try parseProbe())
            } catch {
                synchronizeTopLevel()
            }
        }
        program.range = SourceRange(0, source.utf8.count)
        return program
    }

    /// bpftrace reads the config block and map declarations in the preamble only.
    private mutating func reportIfAfterProbes(_ program: Program, _ what: String) {
        guard !program.probes.isEmpty else { return }
        report(ParserDiagnostics.preambleAfterProbes(what, at: peek().range))
    }

    private mutating func reportUnsupported(_ what: String, hint: String) {
        let token = peek()
        report(ParserDiagnostics.unsupportedTopLevel(what, at: token.range, hint: hint))
    }

    func isIdentifierToken(_ token: SyntaxToken) -> Bool {
        if case .identifier = token.kind { return true }
        return false
    }

    // MARK: config = { key = value; ... }

    mutating func parseConfig() throws -> [ConfigEntry] {
        advance()  // config
        try expect(.assign)
        let open = try expect(.lbrace)
        var entries: [ConfigEntry] = []
        while !at(.rbrace) {
            if peek().kind == .endOfFile { throw unclosed(open) }
            if accept(.semicolon) { continue }
            do {
                let (key, keyRange) = try expectIdentifier("config variable name")
                try expect(.assign)
                let value = try parseExpression()
                entries.append(ConfigEntry(key: key, value: value, range: keyRange.union(value.range)))
                if !accept(.semicolon), !at(.rbrace) { throw fail(expecting: "; or }") }
            } catch {
                if peek().kind == .endOfFile { throw unclosed(open) }
                synchronizeStatement()
            }
        }
        advance()
        return entries
    }

    // MARK: let @name = kind(max_entries);

    mutating func parseMapDeclaration() throws -> MapDeclaration {
        let start = advance().range.start  // let
        guard case .map(let name) = peek().kind, !name.isEmpty else { throw fail(expecting: "map") }
        advance()
        try expect(.assign)
        let (kind, kindRange) = try expectIdentifier("map type")
        try expect(.lparen)
        guard case .integer(let maxEntries) = peek().kind else { throw fail(expecting: "integer") }
        advance()
        try expect(.rparen)
        let end = lastEnd
        try expect(.semicolon)
        return MapDeclaration(name: "@" + name, kind: kind, maxEntries: maxEntries, range: SourceRange(start, end), kindRange: kindRange)
    }

    // MARK: fn name($a: type, ...): type { ... }

    mutating func parseFunction() throws -> FunctionDecl {
        let start = advance().range.start  // fn
        let (name, _) = try expectIdentifier("function name")
        try expect(.lparen)
        var parameters: [(name: String, type: TypeName)] = []
        if !at(.rparen) {
            repeat {
                guard case .variable(let parameter) = peek().kind else { throw fail(expecting: "variable") }
                advance()
                try expect(.colon)
                parameters.append((parameter, try parseTypeName()))
            } while accept(.comma)
        }
        try expect(.rparen)
        var returnType: TypeName?
        if accept(.colon) { returnType = try parseTypeName() }
        let body = try parseBlock()
        return FunctionDecl(name: name, parameters: parameters, returnType: returnType, body: body,
                            range: SourceRange(start, body.range.end))
    }

    // MARK: macro name($a, @b, c) { ... }

    mutating func parseMacro() throws -> MacroDecl {
        let start = advance().range.start  // macro
        let (name, _) = try expectIdentifier("macro name")
        try expect(.lparen)
        var parameters: [String] = []
        if !at(.rparen) {
            repeat {
                let token = peek()
                switch token.kind {
                case .variable(let v): parameters.append("$" + v)
                case .map(let m) where !m.isEmpty: parameters.append("@" + m)
                case .identifier(let i) where !SyntaxKeyword.all.contains(i): parameters.append(i)
                default: throw fail(expecting: "macro parameter")
                }
                advance()
            } while accept(.comma)
        }
        try expect(.rparen)
        let body = try parseBlock()
        return MacroDecl(name: name, parameters: parameters, body: body, range: SourceRange(start, body.range.end))
    }

    // MARK: probes

    mutating func parseProbe() throws -> Probe {
        var attachPoints: [AttachPoint] = []
        repeat {
            guard let token = nextAttachPoint(), case .attachPoint(var raw) = token.kind else {
                let found = peek()
                if found.kind != .invalid {
                    report(ParserDiagnostics.expectedAttachPoint(found: found.kind.displayName, at: displayRange(of: found)))
                }
                throw ParseAbort()
            }
            var range = token.range
            if attachPoints.isEmpty, let name = Self.probeName(raw) {
                // `name=probe`: the name is reserved by bpftrace for future use; the probe is what follows.
                raw.removeFirst(name.count + 1)
                range = SourceRange(range.start + name.utf8.count + 1, range.end)
            }
            attachPoints.append(AttachPoint(raw: raw, parts: Self.splitAttachPoint(raw), range: range))
        } while accept(.comma)

        var predicate: Expr?
        if at(.slash) {
            advance()
            inPredicate = true
            defer { inPredicate = false }
            predicate = try parseExpression()
            if at(.assign) { throw fail(expecting: "/", hints: ["to compare values write '==' ('=' assigns)"]) }
            try expect(.slash, "/")
        }
        guard at(.lbrace) else { throw fail(expecting: "{") }
        let body = try parseBlock()
        return Probe(attachPoints: attachPoints, predicate: predicate, body: body,
                     range: SourceRange(attachPoints[0].range.start, body.range.end))
    }

    /// The `name` of a `name=probe` prefix, if the attach point has one.
    static func probeName(_ raw: String) -> String? {
        guard let equals = raw.firstIndex(of: "="), equals != raw.startIndex, raw.index(after: equals) != raw.endIndex else { return nil }
        let name = raw[..<equals]
        guard let first = name.first, first.isLetter || first == "_",
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        return String(name)
    }

    /// Splits on ':' outside double quotes; quotes around a part are removed.
    static func splitAttachPoint(_ raw: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        for ch in raw {
            if ch == "\"" { quoted.toggle(); continue }
            if ch == ":" && !quoted {
                parts.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        parts.append(current)
        return parts
    }

    /// The error for a `{` (or `(`, `[`) that reaches end of file unclosed, pointing at the opener.
    mutating func unclosed(_ open: SyntaxToken) -> ParseAbort {
        if !reportedAtEndOfFile && !lexerErrorReachesEndOfFile {
            reportedAtEndOfFile = true
            let close: String
            switch open.kind {
            case .punct(.lparen): close = ")"
            case .punct(.lbracket): close = "]"
            default: close = "}"
            }
            let openText = source.text(of: open.range)
            report(ParserDiagnostics.unclosedDelimiter(openText.isEmpty ? "{" : openText, close: close, at: open.range))
        }
        return ParseAbort()
    }
}
