// Statement grammar: blocks, assignments, `let`, `if`/`else`, loops, jumps. Errors inside a
// statement are reported and skipped to the next `;` or the closing `}`, so one run reports many.

extension SyntaxParser {
    /// `{ stmt; stmt; ... }`
    mutating func parseBlock() throws -> Block {
        try parseBlockContents().block
    }

    /// A block, and whether its last statement is an expression with no `;` after it (the value of a
    /// block expression).
    mutating func parseBlockContents() throws -> (block: Block, endsWithValue: Bool) {
        try enterNesting()
        defer { nestingDepth -= 1 }
        let open = peek()
        try expect(.lbrace)
        var statements: [Stmt] = []
        var endsWithValue = false
        while true {
            if at(.rbrace) { advance(); break }
            if peek().kind == .endOfFile { throw unclosed(open) }
            if accept(.semicolon) { endsWithValue = false; continue }
            do {
                let (statement, needsSeparator) = try parseStatement()
                statements.append(statement)
                endsWithValue = false
                guard needsSeparator else { continue }
                if accept(.semicolon) { continue }
                if at(.rbrace) {
                    if case .expression = statement.kind { endsWithValue = true }
                    continue
                }
                if peek().kind == .endOfFile { throw unclosed(open) }
                // Report the missing separator and carry on as if it were there.
                let next = peek()
                if next.kind != .invalid {
                    report(ParserDiagnostics.missingSemicolon(found: next.kind.displayName, at: next.range))
                }
                if next.kind == .invalid || next.isPunct(.rparen) || next.isPunct(.rbracket) { advance() }
            } catch {
                if peek().kind == .endOfFile { throw unclosed(open) }
                synchronizeStatement()
            }
        }
        return (Block(statements: statements, range: SourceRange(open.range.start, lastEnd)), endsWithValue)
    }

    /// One statement, and whether it must be followed by `;` (or end the block).
    mutating func parseStatement() throws -> (Stmt, Bool) {
        let start = peek().range.start
        func finish(_ kind: StmtKind) -> Stmt { Stmt(kind, range: SourceRange(start, lastEnd)) }

        if case .identifier(let word) = peek().kind {
            switch word {
            case "if":
                return (try parseIf(), false)
            case "while":
                advance()
                let condition = try parseCondition(after: "while")
                let body = try parseBlock()
                return (finish(.whileLoop(condition: condition, body: body)), false)
            case "unroll":
                advance()
                let count = try parseParenthesized(after: "unroll")
                let body = try parseBlock()
                return (finish(.unroll(count: count, body: body)), false)
            case "for":
                return (try parseFor(), false)
            case "break":
                advance()
                return (finish(.breakLoop), true)
            case "continue":
                advance()
                return (finish(.continueLoop), true)
            case "return":
                advance()
                if at(.semicolon) || at(.rbrace) { return (finish(.returnValue(nil)), true) }
                let value = try parseExpression()
                return (finish(.returnValue(value)), true)
            case "let":
                return (try parseLet(), true)
            default:
                break
            }
        }
        if at(.lbrace) {
            let block = try parseBlock()
            return (finish(.block(block)), false)
        }

        let expr = try parseExpression()
        guard case .punct(let p) = peek().kind, let op = p.assignOperator else {
            return (finish(.expression(expr)), true)
        }
        advance()
        let value = try parseExpression()
        switch expr.kind {
        case .map, .variable:
            return (finish(.assign(target: expr, op: op, value: value)), true)
        case .identifier("_") where op == .assign:
            // `_ = expr` discards a value on purpose.
            return (finish(.expression(value)), true)
        default:
            report(ParserDiagnostics.invalidAssignmentTarget(at: expr.range))
            return (finish(.expression(value)), true)
        }
    }

    /// `( expr )` after `keyword` (if, while, unroll).
    mutating func parseParenthesized(after keyword: String) throws -> Expr {
        guard accept(.lparen) else {
            throw fail(expecting: "(", hints: ["\(keyword) takes its \(keyword == "unroll" ? "count" : "condition") in parentheses: \(keyword) (...) { }"])
        }
        let expr = try parseExpression()
        if at(.assign) {
            throw fail(expecting: ")", hints: ["to compare values write '==' ('=' assigns)"])
        }
        try expect(.rparen)
        return expr
    }

    /// The condition of `if` and `while`: bpftrace 0.2x wrote it in parentheses, newer bpftrace
    /// takes any expression (`if $sysname {`, as its syscount.bt does), so both are read; a
    /// parenthesised start may go on as an operand (`if ($a > 1) && ($b < 2) {`).
    mutating func parseCondition(after keyword: String) throws -> Expr {
        // `if (int64)$x > 5 {`: the parenthesis opens a cast, not the condition.
        if at(.lparen), !looksLikeType(at: 1, followedByOperand: true) {
            let first = try parseParenthesized(after: keyword)
            if at(.lbrace) { return first }
            return try parseTernary(continuing: first)
        }
        guard startsOperand(peek()) || peek().isPunct(.minus) || peek().isPunct(.star) else {
            throw fail(expecting: "condition", hints: ["\(keyword) takes a condition before its block: \(keyword) (...) { }"])
        }
        return try parseExpression()
    }

    /// `if (c) { } [else if (d) { }] [else { }]`
    mutating func parseIf() throws -> Stmt {
        let start = advance().range.start  // if
        let condition = try parseCondition(after: "if")
        let then = try parseBlock()
        var elseBlock: Block?
        if atKeyword("else") {
            advance()
            if atKeyword("if") {
                let nested = try parseIf()
                elseBlock = Block(statements: [nested], range: nested.range)
            } else {
                elseBlock = try parseBlock()
            }
        }
        return Stmt(.ifElse(condition: condition, then: then, elseBlock: elseBlock), range: SourceRange(start, lastEnd))
    }

    /// `for ($kv : @map) { }` or `for ($i : start..end) { }`; newer bpftrace also writes the
    /// loop header without the parentheses (`for $i : 0..10 { }`, as its opensnoop.bt does).
    mutating func parseFor() throws -> Stmt {
        let start = advance().range.start  // for
        let parenthesized = accept(.lparen)
        guard case .variable(let variable) = peek().kind else {
            if parenthesized { throw fail(expecting: "variable") }
            throw fail(expecting: "( or variable", hints: ["a for loop reads: for ($i : 0..10) { } or for $kv : @map { }"])
        }
        advance()
        try expect(.colon)
        let first = try parseExpression()
        var end: Expr?
        if accept(.dotDot) { end = try parseExpression() }
        if parenthesized {
            try expect(.rparen, end == nil ? ".. or )" : ")")
        } else if !at(.lbrace) {
            throw fail(expecting: end == nil ? ".. or {" : "{")
        }
        let body = try parseBlock()
        let kind: StmtKind = end.map { .forRange(variable: variable, start: first, end: $0, body: body) }
            ?? .forMap(variable: variable, map: first, body: body)
        return Stmt(kind, range: SourceRange(start, lastEnd))
    }

    /// `let $x;`, `let $x: type;`, `let $x = v;`, `let $x: type = v;`
    mutating func parseLet() throws -> Stmt {
        let start = advance().range.start  // let
        guard case .variable(let variable) = peek().kind else {
            if case .map = peek().kind {
                throw fail(expecting: "variable", hints: ["maps cannot be declared inside a probe; assign to them instead"])
            }
            throw fail(expecting: "variable")
        }
        advance()
        var type: TypeName?
        if accept(.colon) { type = try parseTypeName() }
        var value: Expr?
        if accept(.assign) { value = try parseExpression() }
        return Stmt(.declare(variable: variable, type: type, value: value), range: SourceRange(start, lastEnd))
    }
}
