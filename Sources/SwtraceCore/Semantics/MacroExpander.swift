// Expands bpftrace macros (`macro name($a, @b, c) { ... }`) at their call sites before type
// checking. Expansion is hygienic: variables the body creates get names no program can spell,
// `$a`/`@b` parameters rename to the caller's variable/map, and expression parameters are
// replaced by a fresh copy of the argument at every use.

final class MacroExpander {
    private let macros: [String: MacroDecl]
    private let source: SourceFile
    private let ids: ExpressionIds
    private(set) var diagnostics: [Diagnostic] = []
    private var expansionCount = 0
    /// Expressions that exist before expansion; macros whose arguments repeat (`x + x`) can
    /// nest into exponentially many copies, so the expansion stops at a budget.
    private let firstExpansionId: Int
    static let expressionBudget = 1_000_000
    private var reportedBudget = false

    private init(macros: [String: MacroDecl], source: SourceFile, ids: ExpressionIds) {
        self.macros = macros; self.source = source; self.ids = ids
        self.firstExpansionId = ids.next
    }

    /// Expands every macro call in `program`; returns the new program and what went wrong.
    static func expand(_ program: Program, source: SourceFile) -> (Program, [Diagnostic]) {
        guard !program.macros.isEmpty else { return (program, []) }
        var macros: [String: MacroDecl] = [:]
        var problems: [Diagnostic] = []
        for macro in program.macros {
            if macros[macro.name] != nil {
                problems.append(SemanticDiagnostics.macroRedefined(macro.name, macro.range))
                continue
            }
            var seen: Set<String> = []
            for parameter in macro.parameters where !seen.insert(parameter).inserted {
                problems.append(SemanticDiagnostics.macroParameterRepeated(parameter, macro.range))
            }
            macros[macro.name] = macro
        }
        let expander = MacroExpander(macros: macros, source: source,
                                     ids: ExpressionIds(after: SyntaxRewriter.largestId(in: program)))
        var result = program
        for index in result.probes.indices {
            result.probes[index].predicate = result.probes[index].predicate.map { expander.expandCalls(in: $0, stack: []) }
            result.probes[index].body = expander.expandCalls(in: result.probes[index].body, stack: [])
        }
        for index in result.functions.indices {
            result.functions[index].body = expander.expandCalls(in: result.functions[index].body, stack: [])
        }
        return (result, problems + expander.diagnostics)
    }

    // MARK: Finding calls

    func expandCalls(in block: Block, stack: [String]) -> Block {
        callExpander(stack: stack).block(block)
    }

    func expandCalls(in expr: Expr, stack: [String]) -> Expr {
        callExpander(stack: stack).expr(expr)
    }

    /// A rewriter that keeps every name and replaces macro calls by their expansion.
    private func callExpander(stack: [String]) -> SyntaxRewriter {
        let rewriter = SyntaxRewriter(ids: ids)
        rewriter.replace = { [unowned self] expr in self.expandIfMacro(expr, stack: stack) }
        return rewriter
    }

    private func isMacroName(_ name: String) -> Bool {
        macros[name] != nil
    }

    /// The expansion of `expr` if it calls a macro (or names a macro that takes no arguments).
    private func expandIfMacro(_ expr: Expr, stack: [String]) -> Expr? {
        let name: String
        let arguments: [Expr]
        switch expr.kind {
        case .call(let called, let given) where isMacroName(called):
            name = called
            arguments = given
        case .identifier(let called) where isMacroName(called) && BuiltinCatalogue.variable(named: called) == nil:
            name = called
            arguments = []
            if let macro = macros[called], !macro.parameters.isEmpty {
                diagnostics.append(SemanticDiagnostics.macroArgumentCount(name, expr.range, expected: macro.parameters.count, got: 0))
                return placeholder(expr.range)
            }
        default:
            return nil
        }
        if let first = stack.firstIndex(of: name) {
            diagnostics.append(SemanticDiagnostics.macroRecursion(Array(stack[first...]) + [name], expr.range))
            return placeholder(expr.range)
        }
        // Arguments may call macros too: expand them in the caller's context first.
        let expandedArguments = arguments.map { expandCalls(in: $0, stack: stack) }
        return expand(macros[name]!, arguments: expandedArguments, at: expr, stack: stack + [name])
    }

    private func placeholder(_ range: SourceRange) -> Expr {
        Expr(id: ids.fresh(), kind: .integer(0), range: range)
    }

    // MARK: Expanding one call

    private func expand(_ macro: MacroDecl, arguments: [Expr], at call: Expr, stack: [String]) -> Expr {
        guard ids.next - firstExpansionId < Self.expressionBudget else {
            if !reportedBudget {
                reportedBudget = true
                diagnostics.append(SemanticDiagnostics.macroExpansionTooLarge(macro.name, call.range, budget: Self.expressionBudget))
            }
            return placeholder(call.range)
        }
        guard macro.parameters.count == arguments.count else {
            diagnostics.append(SemanticDiagnostics.macroArgumentCount(macro.name, call.range,
                                                                      expected: macro.parameters.count, got: arguments.count))
            return placeholder(call.range)
        }
        expansionCount += 1
        var variables: [String: String] = [:]   // parameter $name -> the caller's variable
        var maps: [String: String] = [:]        // parameter @name -> the caller's map
        var expressions: [String: Expr] = [:]   // parameter -> the argument to copy at each use
        var failed = false
        for (parameter, argument) in zip(macro.parameters, arguments) {
            if parameter.hasPrefix("@") {
                if case .map(let mapName, let keys) = argument.kind, keys.isEmpty {
                    maps[String(parameter.dropFirst())] = mapName
                } else {
                    diagnostics.append(SemanticDiagnostics.macroArgumentKind(call.range, expected: "a map", parameter: parameter,
                                                                             got: Self.describe(argument)))
                    failed = true
                }
            } else if parameter.hasPrefix("$") {
                switch argument.kind {
                case .variable(let variable):
                    variables[String(parameter.dropFirst())] = variable
                case .map(_, let keys) where keys.isEmpty:
                    diagnostics.append(SemanticDiagnostics.macroArgumentKind(call.range, expected: "a variable", parameter: parameter,
                                                                             got: "a map"))
                    failed = true
                default:
                    expressions[parameter] = argument
                }
            } else {
                expressions[parameter] = argument
            }
        }
        if failed { return placeholder(call.range) }

        let (statements, value) = bodyParts(macro)
        let tag = "\(macro.name).\(expansionCount)"
        var locals: [String: String] = [:]
        let valueStatement = value.map { [Stmt(.expression($0), range: $0.range)] } ?? []
        for name in AssignedVariables.names(in: statements + valueStatement) where variables[name] == nil && locals[name] == nil {
            if expressions["$" + name] != nil {
                diagnostics.append(SemanticDiagnostics.macroAssignsExpressionParameter(macro.name, "$" + name, call.range))
                failed = true
            }
            // A '.' cannot appear in a variable the user writes, so this never captures one.
            locals[name] = name + "." + tag
        }
        if failed { return placeholder(call.range) }

        let rewriter = SyntaxRewriter(ids: ids)
        rewriter.renameVariable = { name in variables[name] ?? locals[name] ?? name }
        rewriter.renameMap = { [unowned self] name, range in
            if let mapped = maps[name] { return mapped }
            self.diagnostics.append(SemanticDiagnostics.macroUnhygienicMap("@" + name, range))
            return name
        }
        rewriter.replace = { [unowned self] expr in
            let parameter: String
            switch expr.kind {
            case .variable(let name): parameter = "$" + name
            case .identifier(let name): parameter = name
            default: return nil
            }
            guard let argument = expressions[parameter] else { return nil }
            // The argument was written by the caller: copy it with the caller's names.
            return SyntaxRewriter(ids: self.ids).expr(argument)
        }
        let copiedStatements = statements.map(rewriter.statement)
        let copiedValue = value.map(rewriter.expr) ?? Self.valuelessResult(id: ids.fresh(), call.range)

        // Macro calls inside the body expand with this macro on the stack (to catch recursion).
        let body = expandCalls(in: Block(statements: copiedStatements, range: macro.body.range), stack: stack)
        let result = expandCalls(in: copiedValue, stack: stack)
        return Expr(id: ids.fresh(), kind: .block(body.statements, result), range: call.range)
    }

    /// The stand-in value of a macro whose body ends in a statement: `false`, spanning the whole
    /// call (a value the body wrote itself lies inside the macro's text, never over the call).
    static func valuelessResult(id: Int, _ callRange: SourceRange) -> Expr {
        Expr(id: id, kind: .boolean(false), range: callRange)
    }

    /// Whether `value`, the result of the expanded call `call`, is that stand-in.
    static func isValuelessResult(_ value: Expr, of call: Expr) -> Bool {
        if case .boolean(false) = value.kind { return value.range == call.range }
        return false
    }

    /// The statements of a macro body and its value: a final expression statement written
    /// without `;` (a body ending in `;` has no value).
    private func bodyParts(_ macro: MacroDecl) -> ([Stmt], Expr?) {
        var statements = macro.body.statements
        guard let last = statements.last, case .expression(let value) = last.kind,
              !followedBySemicolon(last.range) else { return (statements, nil) }
        statements.removeLast()
        return (statements, value)
    }

    private func followedBySemicolon(_ range: SourceRange) -> Bool {
        let bytes = source.utf8
        var offset = range.end
        let space: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r")]
        while offset < bytes.count, space.contains(bytes[offset]) { offset += 1 }
        return offset < bytes.count && bytes[offset] == UInt8(ascii: ";")
    }

    static func describe(_ argument: Expr) -> String {
        switch argument.kind {
        case .variable: return "a variable"
        case .map: return "a map"
        default: return "an expression"
        }
    }
}
