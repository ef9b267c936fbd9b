// C struct/union definitions in the preamble (`struct S { int a; char *p; u8 b[4]; }`), the
// subset bpftrace scripts use to describe types BTF lacks: members of integer, pointer, array
// and named struct types. Layouts are computed in Semantics/UserTypeDefinitions.swift.

extension SyntaxParser {
    /// C qualifiers that change nothing about a member's layout.
    static let ignoredQualifiers: Set<String> = ["const", "volatile", "restrict", "__restrict"]

    mutating func parseTypeDefinition() throws -> TypeDefinition {
        let keywordToken = advance()  // struct / union
        let isUnion = keywordToken.isIdentifier("union")
        let (tag, _) = try expectIdentifier("\(isUnion ? "union" : "struct") name")
        let definition = try parseTypeBody(isUnion: isUnion, name: (isUnion ? "union " : "struct ") + tag, start: keywordToken.range.start)
        _ = accept(.semicolon)
        return definition
    }

    /// `{ members }` of a definition named `name` (the `{` is next).
    private mutating func parseTypeBody(isUnion: Bool, name: String, start: Int) throws -> TypeDefinition {
        let open = try expect(.lbrace)
        var members: [TypeDefinitionMember] = []
        while !at(.rbrace) {
            if peek().kind == .endOfFile { throw unclosed(open) }
            if accept(.semicolon) { continue }
            do {
                members += try parseMemberDeclaration()
            } catch {
                if peek().kind == .endOfFile { throw unclosed(open) }
                synchronizeStatement()
            }
        }
        advance()  // }
        return TypeDefinition(name: name, isUnion: isUnion, members: members, range: SourceRange(start, lastEnd))
    }

    /// `type name[, *name2[N]...];` — the `;` may be left out before the closing `}`.
    private mutating func parseMemberDeclaration() throws -> [TypeDefinitionMember] {
        let (base, baseRange) = try parseMemberBaseType()
        var members: [TypeDefinitionMember] = []
        repeat {
            var pointerDepth = 0
            while accept(.star) { pointerDepth += 1 }
            while case .identifier(let word) = peek().kind, Self.ignoredQualifiers.contains(word) { advance() }
            let (name, nameRange) = try expectIdentifier("member name")
            var arrayLength: Int?
            if accept(.lbracket) {
                guard case .integer(let count) = peek().kind else { throw fail(expecting: "array length") }
                advance()
                arrayLength = Int(clamping: count)
                try expect(.rbracket)
            }
            if at(.colon) {
                report(ParserDiagnostics.unsupportedBitfield(at: peek().range))
                throw ParseAbort()
            }
            let type = TypeName(name: base, pointerDepth: pointerDepth, arrayLength: arrayLength, range: baseRange)
            members.append(TypeDefinitionMember(name: name, type: type, range: SourceRange(baseRange.start, lastEnd)))
        } while accept(.comma)
        if !accept(.semicolon), !at(.rbrace) { throw fail(expecting: ";") }
        return members
    }

    /// `unsigned long`, `struct path`, `u32`, `const char`: the words naming a member's type.
    private mutating func parseMemberBaseType() throws -> (String, SourceRange) {
        while case .identifier(let word) = peek().kind, Self.ignoredQualifiers.contains(word) { advance() }
        let first = peek()
        guard case .identifier(var name) = first.kind, !SyntaxKeyword.all.contains(name) else {
            throw fail(expecting: "member type")
        }
        advance()
        if name == "struct" || name == "union", at(.lbrace) || peek(1).isPunct(.lbrace) {
            // A definition in place (`struct Bar { int x; } bar;`, or anonymous): defined
            // before the enclosing one, which refers to it by name.
            let keyword = name
            if at(.lbrace) {
                anonymousTypeCount += 1
                name = "\(keyword) (anonymous \(anonymousTypeCount))"
            } else {
                let (tag, _) = try expectIdentifier("\(keyword) name")
                name = keyword + " " + tag
            }
            nestedTypeDefinitions.append(try parseTypeBody(isUnion: keyword == "union", name: name, start: first.range.start))
        } else if name == "struct" || name == "union" || name == "enum" {
            let (tag, _) = try expectIdentifier("\(name) name")
            name += " " + tag
        } else if Self.cTypeWords.contains(name) {
            // `unsigned long int x`: a run of C type words, the last identifier is the member.
            while case .identifier(let word) = peek().kind, Self.cTypeWords.contains(word) || Self.ignoredQualifiers.contains(word) {
                advance()
                if Self.cTypeWords.contains(word) { name += " " + word }
            }
        }
        return (name, SourceRange(first.range.start, lastEnd))
    }
}
