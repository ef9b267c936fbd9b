// Limits on how deeply a program may nest. Every stage walks the tree recursively, so a
// pathological input (thousands of parentheses, a sum of ten thousand terms) would overflow the
// stack; it gets a diagnostic instead. Real scripts stay far below these limits.

extension SyntaxParser {
    /// Nested expressions, blocks and prefix operators the parser recurses through.
    static let maximumNesting = 256

    /// Call on entering a recursive rule; pair with `nestingDepth -= 1` in a `defer` after it.
    mutating func enterNesting() throws {
        guard nestingDepth < Self.maximumNesting else {
            if !reportedTooDeep {
                reportedTooDeep = true
                report(ParserDiagnostics.nestedTooDeeply(limit: Self.maximumNesting, at: displayRange(of: peek())))
            }
            throw ParseAbort()
        }
        nestingDepth += 1
    }
}

/// The depth of the parsed tree, measured without recursion: left-nested operator chains
/// (`1 + 1 + ... + 1`) are built by loops in the parser but still recursed through later.
enum TreeDepth {
    static let maximum = 512

    /// The first expression or statement deeper than `maximum`, if any.
    static func firstTooDeep(in program: Program) -> SourceRange? {
        var pending: [(Node, Int)] = []
        for function in program.functions { pending += function.body.statements.map { (.statement($0), 1) } }
        for macro in program.macros { pending += macro.body.statements.map { (.statement($0), 1) } }
        for probe in program.probes {
            if let predicate = probe.predicate { pending.append((.expression(predicate), 1)) }
            pending += probe.body.statements.map { (.statement($0), 1) }
        }
        while let (node, depth) = pending.popLast() {
            if depth > maximum { return node.range }
            pending += node.children.map { ($0, depth + 1) }
        }
        return nil
    }

    enum Node {
        case expression(Expr)
        case statement(Stmt)

        var range: SourceRange {
            switch self {
            case .expression(let e): return e.range
            case .statement(let s): return s.range
            }
        }

        var children: [Node] {
            switch self {
            case .expression(let e): return Self.children(of: e.kind)
            case .statement(let s): return Self.children(of: s.kind)
            }
        }

        private static func children(of kind: ExprKind) -> [Node] {
            switch kind {
            case .integer, .string, .boolean, .identifier, .variable, .positional, .positionalCount, .sizeofType, .offsetof:
                return []
            case .map(_, let keys): return keys.map { .expression($0) }
            case .call(_, let arguments): return arguments.map { .expression($0) }
            case .tuple(let elements), .namedTuple(_, let elements): return elements.map { .expression($0) }
            case .binary(_, let a, let b), .index(let a, let b): return [.expression(a), .expression(b)]
            case .ternary(let a, let b, let c): return [.expression(a), .expression(b), .expression(c)]
            case .unary(_, let e), .increment(_, let e), .field(let e, _, _), .tupleElement(let e, _), .cast(_, let e), .sizeofExpr(let e):
                return [.expression(e)]
            case .block(let statements, let value): return statements.map { .statement($0) } + [.expression(value)]
            }
        }

        private static func children(of kind: StmtKind) -> [Node] {
            func block(_ b: Block?) -> [Node] { (b?.statements ?? []).map { .statement($0) } }
            switch kind {
            case .expression(let e): return [.expression(e)]
            case .assign(let target, _, let value): return [.expression(target), .expression(value)]
            case .declare(_, _, let value): return value.map { [.expression($0)] } ?? []
            case .ifElse(let condition, let then, let elseBlock): return [.expression(condition)] + block(then) + block(elseBlock)
            case .whileLoop(let condition, let body), .unroll(let condition, let body): return [.expression(condition)] + block(body)
            case .forMap(_, let map, let body): return [.expression(map)] + block(body)
            case .forRange(_, let start, let end, let body): return [.expression(start), .expression(end)] + block(body)
            case .breakLoop, .continueLoop: return []
            case .returnValue(let value): return value.map { [.expression($0)] } ?? []
            case .block(let b): return block(b)
            }
        }
    }
}
