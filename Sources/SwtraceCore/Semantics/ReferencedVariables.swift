// Which variables a piece of program mentions at all (reads, writes, declares, loops over):
// codegen hands a loop callback pointers to these only, not to every variable in scope.

public enum ReferencedVariables {
    /// Names (without `$`) of the variables the statements mention, at any depth.
    public static func names(in statements: [Stmt]) -> Set<String> {
        var names: Set<String> = []
        let walker = SyntaxRewriter(ids: ExpressionIds(after: 0))
        walker.renameVariable = { name in
            names.insert(name)
            return name
        }
        _ = statements.map(walker.statement)
        return names
    }
}
