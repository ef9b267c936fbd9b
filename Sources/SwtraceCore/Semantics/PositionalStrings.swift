// `str($1)` names the text given on the command line, even when that text is a number
// (bpftrace reads `$1` as a pointer to the argument's string there): such calls get the text
// as a string literal before type checking, while `$1` elsewhere stays the number.
// Functions that need a literal name (`kaddr(str($1))`, `uaddr(str($1))`) get the argument's
// text itself, as bpftrace reads a positional parameter there as a literal.

enum PositionalStrings {
    static func rewrite(_ program: Program, arguments: [String]) -> Program {
        guard !arguments.isEmpty else { return program }
        var found = false
        let finder = SyntaxRewriter(ids: ExpressionIds(after: 0))
        finder.replace = { expr in
            if numericArgument(of: expr, arguments) != nil || literalNameArgument(of: expr, arguments) != nil { found = true }
            return nil
        }
        _ = finder.program(program)
        guard found else { return program }

        let ids = ExpressionIds(after: SyntaxRewriter.largestId(in: program))
        let rewriter = SyntaxRewriter(ids: ids)
        rewriter.replace = { [unowned rewriter] expr in
            if let (name, text, rest) = literalNameArgument(of: expr, arguments) {
                let literal = Expr(id: ids.fresh(), kind: .string(text), range: rest.first?.range ?? expr.range)
                return Expr(id: ids.fresh(), kind: .call(name: name, arguments: [literal] + rest.dropFirst().map(rewriter.expr)),
                            range: expr.range)
            }
            guard let (text, rest) = numericArgument(of: expr, arguments) else { return nil }
            let literal = Expr(id: ids.fresh(), kind: .string(text), range: expr.range)
            return Expr(id: ids.fresh(), kind: .call(name: "str", arguments: [literal] + rest.map(rewriter.expr)), range: expr.range)
        }
        return rewriter.program(program)
    }

    /// For `str($N, ...)` with a numeric `$N`: the argument's text and the other arguments.
    private static func numericArgument(of expr: Expr, _ arguments: [String]) -> (String, [Expr])? {
        guard case .call("str", let given) = expr.kind, let first = given.first, case .positional(let index) = first.kind,
              index >= 1, index <= arguments.count, PositionalNumber.value(arguments[index - 1]) != nil else { return nil }
        return (arguments[index - 1], Array(given.dropFirst()))
    }

    /// For `kaddr(str($N))` / `uaddr(str($N))`: the function, the argument's text, and the
    /// given arguments (the first one replaced by the caller).
    private static func literalNameArgument(of expr: Expr, _ arguments: [String]) -> (String, String, [Expr])? {
        guard case .call(let name, let given) = expr.kind, name == "kaddr" || name == "uaddr",
              let first = given.first, case .call("str", let inner) = first.kind, inner.count == 1,
              case .positional(let index) = inner[0].kind, index >= 1, index <= arguments.count else { return nil }
        return (name, arguments[index - 1], given)
    }

}
