// `(a=1, b="x")`: bpftrace's record literal, a tuple whose fields have names.
extension SyntaxParser {
    /// After `(`: an identifier followed by a single `=` starts a named tuple.
    mutating func startsNamedTuple() -> Bool {
        guard case .identifier = peek().kind else { return false }
        return peek(1).isPunct(.assign)
    }

    /// The fields up to `)`, the opening `(` at `start` already consumed.
    mutating func parseNamedTuple(from start: Int) throws -> Expr {
        var names: [String] = []
        var values: [Expr] = []
        repeat {
            if at(.rparen) { break }
            let (name, _) = try expectIdentifier("field name")
            try expect(.assign, "=")
            names.append(name)
            values.append(try parseExpression())
        } while accept(.comma)
        try expect(.rparen, ") or \",\"")
        return makeExpr(.namedTuple(names, values), SourceRange(start, lastEnd))
    }
}
