// `find(@map, key, $value)` (newer bpftrace's stdlib): true when `@map` holds `key`, and then
// `$value` takes its value; otherwise false and `$value` is left alone. It is written out, before
// type checking, as the block `{ $found = has_key(@map, key); if ($found) { $value = @map[key]; }
// $found }`, so every check and the code of has_key and map reads serve it; a key written as a
// tuple `(a, b)` names the element `@map[a, b]` of a map with two keys, as with has_key.

enum FindCalls {
    static func rewrite(_ program: Program, sink: inout DiagnosticSink) -> Program {
        guard SyntaxRewriter.calls("find", in: program) else { return program }

        let ids = ExpressionIds(after: SyntaxRewriter.largestId(in: program))
        let rewriter = SyntaxRewriter(ids: ids)
        var diagnostics: [Diagnostic] = []
        var count = 0
        rewriter.replace = { expr in
            guard case .call("find", let arguments) = expr.kind else { return nil }
            func node(_ kind: ExprKind, _ range: SourceRange = expr.range) -> Expr { Expr(id: ids.fresh(), kind: kind, range: range) }
            guard arguments.count == 3, case .map(let mapName, let mapKeys) = arguments[0].kind, mapKeys.isEmpty,
                  case .variable = arguments[2].kind else {
                diagnostics.append(SemanticDiagnostics.findArguments(expr.range))
                return node(.boolean(false))
            }
            count += 1
            // A '.' cannot appear in a variable the user writes, so this never captures one.
            let found = "find." + String(count)
            let key = arguments[1]
            let keys: [Expr]
            if case .tuple(let elements) = key.kind { keys = elements } else { keys = [key] }
            let test = node(.call(name: "has_key", arguments: [arguments[0], key]))
            let value = node(.map(name: mapName, keys: keys), key.range)
            let copy = Stmt(.assign(target: arguments[2], op: .assign, value: value), range: expr.range)
            let statements = [
                Stmt(.assign(target: node(.variable(found)), op: .assign, value: test), range: expr.range),
                Stmt(.ifElse(condition: node(.variable(found)), then: Block(statements: [copy], range: expr.range), elseBlock: nil),
                     range: expr.range),
            ]
            return node(.block(statements, node(.variable(found))))
        }
        let result = rewriter.program(program)
        for diagnostic in diagnostics { sink.report(diagnostic) }
        return result
    }
}

extension SemanticDiagnostics {
    static func findArguments(_ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "find-arguments", message: "find() expects a map, a key and a variable for the value",
                   range: range, hints: ["e.g. let $v; if (find(@m, 1, $v)) { print($v); }"])
    }
}
