// Expression grammar with C precedence: ternary, binary operators by precedence climbing, unary
// operators and casts, postfix field/index/increment, and primaries (literals, maps, variables,
// calls, tuples, sizeof/offsetof, block expressions).

extension SyntaxParser {
    /// Binary operators from loosest (1) to tightest (10) binding; all associate left.
    static let binaryPrecedence: [Punctuator: (BinaryOperator, Int)] = [
        .logicalOr: (.logicalOr, 1),
        .logicalAnd: (.logicalAnd, 2),
        .pipe: (.bitOr, 3),
        .caret: (.bitXor, 4),
        .amp: (.bitAnd, 5),
        .equal: (.equal, 6), .notEqual: (.notEqual, 6),
        .less: (.less, 7), .lessEqual: (.lessEqual, 7), .greater: (.greater, 7), .greaterEqual: (.greaterEqual, 7),
        .shl: (.shiftLeft, 8), .shr: (.shiftRight, 8),
        .plus: (.add, 9), .minus: (.subtract, 9),
        .star: (.multiply, 10), .slash: (.divide, 10), .percent: (.modulo, 10),
    ]

    /// Type names that can only be types, so `(name)` before an operand is a cast.
    static let builtinTypeNames: Set<String> = [
        "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "bool", "string",
        "inet", "buffer", "void", "char", "short", "int", "long", "unsigned", "signed",
    ]
    static let cTypeWords: Set<String> = ["unsigned", "signed", "char", "short", "int", "long"]

    mutating func parseExpression() throws -> Expr {
        try parseTernary()
    }

    /// `continuing`: an operand already parsed (a condition's parenthesised start).
    mutating func parseTernary(continuing first: Expr? = nil) throws -> Expr {
        try enterNesting()
        defer { nestingDepth -= 1 }
        let condition = try parseBinary(1, continuing: first)
        guard accept(.question) else { return condition }
        let whenTrue = try parseTernary()
        try expect(.colon)
        let whenFalse = try parseTernary()
        return makeExpr(.ternary(condition, whenTrue, whenFalse), condition.range.union(whenFalse.range))
    }

    mutating func parseBinary(_ minimum: Int, continuing first: Expr? = nil) throws -> Expr {
        var lhs = try first ?? parseUnary()
        while case .punct(let p) = peek().kind, let (op, precedence) = Self.binaryPrecedence[p], precedence >= minimum {
            if p == .slash, inPredicate, endsPredicate(peek()) { break }
            advance()
            let rhs = try parseBinary(precedence + 1)
            lhs = makeExpr(.binary(op, lhs, rhs), lhs.range.union(rhs.range))
        }
        return lhs
    }

    /// In `/pred/ {`, the `/` before `{` closes the predicate.
    func endsPredicate(_ slash: SyntaxToken) -> Bool {
        guard let next = lexer.nextSignificantByte(from: slash.range.end) else { return true }
        return next == UInt8(ascii: "{")
    }

    mutating func parseUnary() throws -> Expr {
        try enterNesting()
        defer { nestingDepth -= 1 }
        let token = peek()
        let start = token.range.start
        if case .punct(let p) = token.kind {
            let unary: UnaryOperator?
            switch p {
            case .minus: unary = .negate
            case .bang: unary = .logicalNot
            case .tilde: unary = .bitNot
            case .star: unary = .dereference
            case .amp: unary = .addressOf
            default: unary = nil
            }
            if let unary {
                advance()
                let operand = try parseUnary()
                return makeExpr(.unary(unary, operand), SourceRange(start, operand.range.end))
            }
            if p == .plusPlus || p == .minusMinus {
                advance()
                let operand = try parseUnary()
                return makeExpr(.increment(p == .plusPlus ? .preIncrement : .preDecrement, operand),
                                SourceRange(start, operand.range.end))
            }
            if p == .lparen, looksLikeType(at: 1, followedByOperand: true) {
                advance()
                let type = try parseTypeName()
                try expect(.rparen)
                let operand = try parseUnary()
                return makeExpr(.cast(type, operand), SourceRange(start, operand.range.end))
            }
        }
        return try parsePostfix(try parsePrimary())
    }

    mutating func parsePostfix(_ base: Expr) throws -> Expr {
        var expr = base
        while true {
            let token = peek()
            switch token.kind {
            case .punct(.dot), .punct(.arrow):
                advance()
                let member = peek()
                switch member.kind {
                case .identifier(let name):
                    advance()
                    expr = makeExpr(.field(expr, name: name, arrow: token.isPunct(.arrow)), expr.range.union(member.range))
                case .integer(let index) where token.isPunct(.dot):
                    advance()
                    expr = makeExpr(.tupleElement(expr, Int(clamping: index)), expr.range.union(member.range))
                default:
                    throw fail(expecting: "field name")
                }
            case .punct(.lbracket):
                advance()
                let index = try parseExpression()
                try expect(.rbracket)
                expr = makeExpr(.index(expr, index), SourceRange(expr.range.start, lastEnd))
            case .punct(.plusPlus), .punct(.minusMinus):
                advance()
                expr = makeExpr(.increment(token.isPunct(.plusPlus) ? .postIncrement : .postDecrement, expr),
                                SourceRange(expr.range.start, lastEnd))
            default:
                return expr
            }
        }
    }

    mutating func parsePrimary() throws -> Expr {
        let token = peek()
        let start = token.range.start
        switch token.kind {
        case .integer(let value):
            advance()
            return makeExpr(.integer(value), token.range)
        case .string(let value):
            advance()
            return makeExpr(.string(value), token.range)
        case .variable(let name):
            advance()
            return makeExpr(.variable(name), token.range)
        case .positional(let n):
            advance()
            return makeExpr(.positional(n), token.range)
        case .positionalCount:
            advance()
            return makeExpr(.positionalCount, token.range)
        case .map(let name):
            advance()
            var keys: [Expr] = []
            if accept(.lbracket) {
                keys = try parseList(until: .rbracket)
                try expect(.rbracket, "] or \",\"")
            }
            return makeExpr(.map(name: name, keys: keys), SourceRange(start, lastEnd))
        case .identifier(let name):
            switch name {
            case "true", "false":
                advance()
                return makeExpr(.boolean(name == "true"), token.range)
            case "sizeof":
                return try parseSizeof()
            case "offsetof":
                return try parseOffsetof()
            case _ where SyntaxKeyword.all.contains(name):
                throw expectedExpression()
            default:
                advance()
                if accept(.lparen) {
                    let arguments = try parseList(until: .rparen)
                    try expect(.rparen, ") or \",\"")
                    return makeExpr(.call(name: name, arguments: arguments), SourceRange(start, lastEnd))
                }
                return makeExpr(.identifier(name), token.range)
            }
        case .punct(.lparen):
            return try parseParenthesisOrTuple()
        case .punct(.lbrace):
            let (block, endsWithValue) = try parseBlockContents()
            guard endsWithValue, let last = block.statements.last, case .expression(let value) = last.kind else {
                report(ParserDiagnostics.blockExpressionWithoutValue(at: block.range))
                let placeholder = makeExpr(.integer(0), block.range)
                return makeExpr(.block(block.statements, placeholder), block.range)
            }
            return makeExpr(.block(Array(block.statements.dropLast()), value), block.range)
        default:
            throw expectedExpression()
        }
    }

    mutating func expectedExpression() -> ParseAbort {
        let token = peek()
        if token.kind == .invalid { return ParseAbort() }
        if token.kind == .endOfFile {
            if reportedAtEndOfFile || lexerErrorReachesEndOfFile { return ParseAbort() }
            reportedAtEndOfFile = true
        }
        report(ParserDiagnostics.expectedExpression(found: token.kind.displayName, at: displayRange(of: token)))
        return ParseAbort()
    }

    /// Comma-separated expressions up to (not including) `close`; empty when `close` comes first.
    mutating func parseList(until close: Punctuator) throws -> [Expr] {
        var items: [Expr] = []
        if at(close) { return items }
        repeat { items.append(try parseExpression()) } while accept(.comma)
        return items
    }

    /// `(e)`, `()`, `(e,)`, `(a, b, ...)`
    mutating func parseParenthesisOrTuple() throws -> Expr {
        let start = advance().range.start  // (
        if accept(.rparen) { return makeExpr(.tuple([]), SourceRange(start, lastEnd)) }
        if startsNamedTuple() { return try parseNamedTuple(from: start) }
        let first = try parseExpression()
        if accept(.rparen) { return first }
        var elements = [first]
        while accept(.comma) {
            if at(.rparen) { break }
            elements.append(try parseExpression())
        }
        try expect(.rparen, ") or \",\"")
        return makeExpr(.tuple(elements), SourceRange(start, lastEnd))
    }

    /// `sizeof(type)` or `sizeof(expr)`
    mutating func parseSizeof() throws -> Expr {
        let start = advance().range.start  // sizeof
        try expect(.lparen)
        if looksLikeType(at: 0) {
            let type = try parseTypeName()
            try expect(.rparen)
            return makeExpr(.sizeofType(type), SourceRange(start, lastEnd))
        }
        let operand = try parseExpression()
        try expect(.rparen)
        return makeExpr(.sizeofExpr(operand), SourceRange(start, lastEnd))
    }

    /// `offsetof(struct foo, field.sub)`
    mutating func parseOffsetof() throws -> Expr {
        let start = advance().range.start  // offsetof
        try expect(.lparen)
        let type = try parseTypeName()
        try expect(.comma)
        var path: [String] = []
        repeat {
            guard case .identifier(let name) = peek().kind else { throw fail(expecting: "field name") }
            advance()
            path.append(name)
        } while accept(.dot)
        try expect(.rparen, ". or )")
        return makeExpr(.offsetof(type, path), SourceRange(start, lastEnd))
    }

    /// Whether the tokens from `peek(k)` spell a type followed by `)`: `struct x *`, `uint8[4]`,
    /// `u64_t`, `foo *`. A plain identifier is a type only when it is a builtin type name or ends in
    /// `_t` (so `(x)` stays an expression).
    mutating func looksLikeType(at k: Int, followedByOperand: Bool = false) -> Bool {
        guard case .identifier(let name) = peek(k).kind else { return false }
        var i = k + 1
        var certain = false
        if name == "struct" || name == "union" || name == "enum" {
            guard isIdentifierToken(peek(i)) else { return false }
            i += 1
            certain = true
        } else if Self.cTypeWords.contains(name) {
            while case .identifier(let word) = peek(i).kind, Self.cTypeWords.contains(word) { i += 1 }
            certain = true
        } else if Self.builtinTypeNames.contains(name) || name.hasSuffix("_t") {
            certain = true
        } else if SyntaxKeyword.all.contains(name) {
            return false
        }
        var stars = 0
        while peek(i).isPunct(.star) { stars += 1; i += 1 }
        var array = false
        if peek(i).isPunct(.lbracket) {
            i += 1
            if case .integer = peek(i).kind { i += 1 }
            guard peek(i).isPunct(.rbracket) else { return false }
            i += 1
            array = true
        }
        guard peek(i).isPunct(.rparen) else { return false }
        if certain || stars > 0 { return true }
        // `(u64)x`: a parenthesised name directly followed by an operand can only be a cast.
        return followedByOperand && !array && startsOperand(peek(i + 1))
    }

    /// Tokens that can begin an operand but never continue an expression.
    func startsOperand(_ token: SyntaxToken) -> Bool {
        switch token.kind {
        case .identifier(let name): return !SyntaxKeyword.all.contains(name) || ["sizeof", "offsetof", "true", "false"].contains(name)
        case .integer, .string, .variable, .map, .positional, .positionalCount: return true
        case .punct(let p): return p == .lparen || p == .bang || p == .tilde
        default: return false
        }
    }

    /// A type as written in casts, `let` and signatures.
    mutating func parseTypeName() throws -> TypeName {
        let token = peek()
        guard case .identifier(var name) = token.kind else { throw fail(expecting: "type") }
        advance()
        if name == "struct" || name == "union" || name == "enum" {
            let (tag, _) = try expectIdentifier("\(name) name")
            name += " " + tag
        } else if Self.cTypeWords.contains(name) {
            while case .identifier(let word) = peek().kind, Self.cTypeWords.contains(word) {
                advance()
                name += " " + word
            }
        }
        var pointerDepth = 0
        while accept(.star) { pointerDepth += 1 }
        var arrayLength: Int?
        if accept(.lbracket) {
            if case .integer(let n) = peek().kind {
                advance()
                arrayLength = Int(clamping: n)
            } else {
                arrayLength = 0  // `[]`: length taken from the value cast
            }
            try expect(.rbracket)
        }
        return TypeName(name: name, pointerDepth: pointerDepth, arrayLength: arrayLength,
                        range: SourceRange(token.range.start, lastEnd))
    }
}
