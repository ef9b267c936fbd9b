// Expression statements whose value nobody uses: bpftrace warns "Return value discarded" for
// them (a `has_key(@m, k);` on its own line is usually a forgotten `if`), and `_ = expr`
// silences the warning on purpose.

extension TypeChecker {
    /// Types an expression used as a statement and warns when it yields a value that is dropped.
    /// The parser turns `_ = expr` into a statement that starts before its expression (at `_`).
    func checkExpressionStatement(_ expr: Expr, _ statementRange: SourceRange) {
        let type = check(expr)
        let discardedOnPurpose = statementRange.start < expr.range.start
        guard !discardedOnPurpose, Self.discardsValue(expr, type) else { return }
        report(SemanticDiagnostics.discardedValue(expr.range))
    }

    /// Increments exist for their effect; void results (printf, a ternary of two prints, a
    /// block ending in a call) have nothing to lose.
    static func discardsValue(_ expr: Expr, _ type: SwType) -> Bool {
        switch type {
        case .void, .aggregation: return false
        default: break
        }
        switch expr.kind {
        case .increment: return false
        // delete() says whether the key was there, but is called for its effect.
        case .call("delete", _): return false
        case .block(_, let value):
            // A macro whose body ends in a statement (opensnoop.bt's printcwd) has no value to lose.
            if MacroExpander.isValuelessResult(value, of: expr) { return false }
            return discardsValue(value, type)
        default: return true
        }
    }
}

extension SemanticDiagnostics {
    static let discardedValueId = "discarded-value"

    static func discardedValue(_ range: SourceRange) -> Diagnostic {
        Diagnostic(id: discardedValueId, severity: .warning, message: "Return value discarded.", range: range,
                   hints: ["use the value, or write `_ = ...` to drop it on purpose"])
    }
}
