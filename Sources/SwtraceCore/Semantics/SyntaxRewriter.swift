// Copies syntax trees with fresh expression ids, renaming variables and maps and replacing
// chosen expressions on the way. Macro expansion uses it: each expansion of a macro body must
// get its own ids, because types are kept in side tables keyed by expression id.

/// Hands out expression ids not used anywhere else in the program.
final class ExpressionIds {
    private(set) var next: Int
    init(after largest: Int) { next = largest + 1 }
    func fresh() -> Int {
        defer { next += 1 }
        return next
    }
}

final class SyntaxRewriter {
    /// Every probe's predicate and body and every user function's body, rewritten.
    func program(_ program: Program) -> Program {
        var result = program
        for index in result.probes.indices {
            result.probes[index].predicate = result.probes[index].predicate.map(expr)
            result.probes[index].body = block(result.probes[index].body)
        }
        for index in result.functions.indices {
            result.functions[index].body = block(result.functions[index].body)
        }
        return result
    }

    let ids: ExpressionIds
    /// New name for a `$variable` (without `$`).
    var renameVariable: (String) -> String = { $0 }
    /// New name for a map (without `@`).
    var renameMap: (String, SourceRange) -> String = { name, _ in name }
    /// A replacement for an expression, or nil to copy it (and its children) as usual.
    var replace: (Expr) -> Expr? = { _ in nil }

    init(ids: ExpressionIds) { self.ids = ids }

    func freshId() -> Int { ids.fresh() }

    /// The largest expression id used anywhere in a program, so fresh ids can start after it.
    /// Whether the program calls `name` anywhere (probes, functions, macros).
    static func calls(_ name: String, in program: Program) -> Bool {
        var found = false
        let finder = SyntaxRewriter(ids: ExpressionIds(after: 0))
        finder.replace = { expr in
            if case .call(name, _) = expr.kind { found = true }
            return nil
        }
        _ = finder.program(program)
        return found
    }

    static func largestId(in program: Program) -> Int {
        let collector = SyntaxRewriter(ids: ExpressionIds(after: -1))
        var largest = -1
        collector.replace = { expr in largest = max(largest, expr.id); return nil }
        for probe in program.probes {
            if let predicate = probe.predicate { _ = collector.expr(predicate) }
            _ = collector.block(probe.body)
        }
        for function in program.functions { _ = collector.block(function.body) }
        for macro in program.macros { _ = collector.block(macro.body) }
        for entry in program.config { _ = collector.expr(entry.value) }
        return largest
    }

    func block(_ block: Block) -> Block {
        Block(statements: block.statements.map(statement), range: block.range)
    }

    func statement(_ stmt: Stmt) -> Stmt {
        let kind: StmtKind
        switch stmt.kind {
        case .expression(let e): kind = .expression(expr(e))
        case .assign(let target, let op, let value): kind = .assign(target: expr(target), op: op, value: expr(value))
        case .declare(let name, let type, let value): kind = .declare(variable: renameVariable(name), type: type, value: value.map(expr))
        case .ifElse(let condition, let then, let elseBlock):
            kind = .ifElse(condition: expr(condition), then: block(then), elseBlock: elseBlock.map(block))
        case .whileLoop(let condition, let body): kind = .whileLoop(condition: expr(condition), body: block(body))
        case .unroll(let count, let body): kind = .unroll(count: expr(count), body: block(body))
        case .forMap(let variable, let map, let body):
            kind = .forMap(variable: renameVariable(variable), map: expr(map), body: block(body))
        case .forRange(let variable, let start, let end, let body):
            kind = .forRange(variable: renameVariable(variable), start: expr(start), end: expr(end), body: block(body))
        case .breakLoop, .continueLoop: kind = stmt.kind
        case .returnValue(let value): kind = .returnValue(value.map(expr))
        case .block(let b): kind = .block(block(b))
        }
        return Stmt(kind, range: stmt.range)
    }

    func expr(_ e: Expr) -> Expr {
        if let replacement = replace(e) { return replacement }
        let kind: ExprKind
        switch e.kind {
        case .integer, .string, .boolean, .identifier, .positional, .positionalCount, .sizeofType, .offsetof:
            kind = e.kind
        case .variable(let name): kind = .variable(renameVariable(name))
        case .map(let name, let keys): kind = .map(name: renameMap(name, e.range), keys: keys.map(expr))
        case .call(let name, let arguments): kind = .call(name: name, arguments: arguments.map(expr))
        case .binary(let op, let l, let r): kind = .binary(op, expr(l), expr(r))
        case .unary(let op, let operand): kind = .unary(op, expr(operand))
        case .increment(let increment, let target): kind = .increment(increment, expr(target))
        case .ternary(let c, let t, let f): kind = .ternary(expr(c), expr(t), expr(f))
        case .field(let base, let name, let arrow): kind = .field(expr(base), name: name, arrow: arrow)
        case .index(let base, let index): kind = .index(expr(base), expr(index))
        case .tupleElement(let base, let index): kind = .tupleElement(expr(base), index)
        case .cast(let type, let operand): kind = .cast(type, expr(operand))
        case .tuple(let elements): kind = .tuple(elements.map(expr))
        case .namedTuple(let names, let elements): kind = .namedTuple(names, elements.map(expr))
        case .sizeofExpr(let operand): kind = .sizeofExpr(expr(operand))
        case .block(let statements, let value): kind = .block(statements.map(statement), expr(value))
        }
        return Expr(id: freshId(), kind: kind, range: e.range)
    }
}
