// `assert(condition, message)` (newer bpftrace's stdlib): when the condition is false the
// program reports `assert failed: MESSAGE` as an error at the call and ends with exit code 1.
// It is written out, before type checking, as bpftrace's own stdlib defines it:
// `if (!condition) { errorf("assert failed: %s", message); exit(1); }`.

enum AssertCalls {
    static func rewrite(_ program: Program, sink: inout DiagnosticSink) -> Program {
        guard SyntaxRewriter.calls("assert", in: program) else { return program }

        let ids = ExpressionIds(after: SyntaxRewriter.largestId(in: program))
        let rewriter = SyntaxRewriter(ids: ids)
        var diagnostics: [Diagnostic] = []
        rewriter.replace = { expr in
            guard case .call("assert", let arguments) = expr.kind else { return nil }
            func node(_ kind: ExprKind) -> Expr { Expr(id: ids.fresh(), kind: kind, range: expr.range) }
            guard arguments.count == 2 else {
                diagnostics.append(SemanticDiagnostics.wrongArgumentCount("assert", expr.range, expected: "2 arguments",
                                                                          got: arguments.count))
                return MacroExpander.valuelessResult(id: ids.fresh(), expr.range)
            }
            let report = node(.call(name: "errorf", arguments: [node(.string("assert failed: %s")), arguments[1]]))
            let stop = node(.call(name: "exit", arguments: [node(.integer(1))]))
            let failed = Block(statements: [Stmt(.expression(report), range: expr.range), Stmt(.expression(stop), range: expr.range)],
                               range: expr.range)
            let check = Stmt(.ifElse(condition: node(.unary(.logicalNot, arguments[0])), then: failed, elseBlock: nil), range: expr.range)
            // Called for its effect: the value stands in as a macro's "no value" does.
            return node(.block([check], MacroExpander.valuelessResult(id: ids.fresh(), expr.range)))
        }
        let result = rewriter.program(program)
        for diagnostic in diagnostics { sink.report(diagnostic) }
        return result
    }
}
