// The `bool` type as bpftrace types it: `true`/`false`, comparisons and `!` are bools (printed
// true/false, 1/0 through printf's %d); `(bool)x` turns integers, pointers, strings and
// per-CPU count/sum/min/max/avg maps into "is it non-zero / non-empty".

extension TypeChecker {
    /// `(bool)x`: nil when the cast names another type.
    func checkBooleanCast(_ typeName: TypeName, from operandType: SwType, _ expr: Expr) -> SwType? {
        guard typeName.name == "bool", typeName.pointerDepth == 0, typeName.arrayLength == nil else { return nil }
        let castable = operandType.isInteger || operandType.isString || isPointer(operandType)
            || operandType == .boolean || operandType == .void
        if !castable { report(SemanticDiagnostics.invalidCast(expr.range, typeName.name)) }
        return .boolean
    }
}

extension IntegerTypeNames {
    /// A scalar type named in the language itself (`let $x: bool`, `fn f($b: bool): bool`):
    /// `bool` is the bool type there, while in C declarations it stays a one-byte integer.
    public static func languageType(named name: String) -> SwType? {
        name == "bool" ? .boolean : type(named: name)
    }
}
