// Which variables a piece of program writes: macros hygiene needs it (names a macro body
// introduces), and codegen (variables a loop callback changes).

public enum AssignedVariables {
    /// Names of the variables some statement assigns, increments or declares (at any depth).
    public static func names(in statements: [Stmt]) -> [String] {
        var names: [String] = []
        let walker = SyntaxRewriter(ids: ExpressionIds(after: 0))
        walker.replace = { expr in
            if case .increment(_, let target) = expr.kind, case .variable(let name) = target.kind { names.append(name) }
            return nil
        }
        func visit(_ block: [Stmt]) {
            for statement in block {
                switch statement.kind {
                case .assign(let target, _, _): if case .variable(let name) = target.kind { names.append(name) }
                case .declare(let name, _, _): names.append(name)
                case .ifElse(_, let then, let elseBlock): visit(then.statements); visit(elseBlock?.statements ?? [])
                case .whileLoop(_, let body), .unroll(_, let body): visit(body.statements)
                case .forMap(let name, _, let body), .forRange(let name, _, _, let body): names.append(name); visit(body.statements)
                case .block(let block): visit(block.statements)
                default: break
                }
            }
        }
        visit(statements)
        _ = statements.map(walker.statement)
        return names
    }
}
