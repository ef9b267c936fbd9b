// Names bpftrace keeps for old scripts. `sargN` (the Nth argument passed on the stack) still
// works, with bpftrace's deprecation warning, as the read it stands for: the 8-byte slot N+1
// above the stack pointer at function entry (slot 0 holds the return address on x86-64).

enum DeprecatedNames {
    static func rewrite(_ program: Program, sink: inout DiagnosticSink) -> Program {
        var uses = 0
        let finder = SyntaxRewriter(ids: ExpressionIds(after: 0))
        finder.replace = { expr in
            if stackArgument(expr) != nil { uses += 1 }
            return nil
        }
        _ = finder.program(program)
        guard uses > 0 else { return program }

        let ids = ExpressionIds(after: SyntaxRewriter.largestId(in: program))
        let rewriter = SyntaxRewriter(ids: ids)
        var diagnostics: [Diagnostic] = []
        rewriter.replace = { expr in
            guard let index = stackArgument(expr) else { return nil }
            diagnostics.append(SemanticDiagnostics.deprecatedStackArgument(expr.range))  // each use, as bpftrace
            func node(_ kind: ExprKind) -> Expr { Expr(id: ids.fresh(), kind: kind, range: expr.range) }
            let stackPointer = node(.call(name: "reg", arguments: [node(.string("sp"))]))
            let slot = node(.binary(.add, stackPointer, node(.integer(UInt64(index + 1) * 8))))
            let pointer = node(.cast(TypeName(name: "uint64", pointerDepth: 1, range: expr.range), slot))
            return node(.unary(.dereference, pointer))
        }
        let result = rewriter.program(program)
        for diagnostic in diagnostics { sink.report(diagnostic) }
        return result
    }

    /// N for the builtin `sargN`.
    private static func stackArgument(_ expr: Expr) -> Int? {
        guard case .identifier(let name) = expr.kind, name.hasPrefix("sarg"), let index = Int(name.dropFirst(4)),
              index >= 0, index < 64, name == "sarg\(index)" else { return nil }
        return index
    }

}

extension SemanticDiagnostics {
    /// bpftrace names the family as its table does, `sarg*`.
    static func deprecatedStackArgument(_ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "deprecated", severity: .warning, message: "sarg* is deprecated and will be removed in the future.",
                   range: range, hints: ["Use *(reg(\"sp\") + <stack_offset>) instead."])
    }
}
