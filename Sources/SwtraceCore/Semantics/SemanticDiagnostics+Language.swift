// Diagnostics of the language's own constructs: macros, user functions, loops, scopes,
// declarations, casts and integer typing. Each has a stable id; wording follows bpftrace where
// bpftrace has the same error, with hints that say how to fix the program.

extension SemanticDiagnostics {
    // MARK: Macros

    static func macroRedefined(_ name: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "macro-redefined", message: "Redefinition of macro: \(name)", range: range,
                   hints: ["rename one of the macros; each name can be defined once"])
    }

    static func macroParameterRepeated(_ parameter: String, _ range: SourceRange) -> Diagnostic {
        let what = parameter.hasPrefix("@") ? "Map" : "Variable"
        return Diagnostic(id: "macro-parameter-repeated",
                          message: "\(what) for macro argument has already been used: \(parameter)", range: range)
    }

    static func macroArgumentCount(_ name: String, _ range: SourceRange, expected: Int, got: Int) -> Diagnostic {
        Diagnostic(id: "macro-argument-count",
                   message: "Call to macro has wrong number arguments. Expected: \(expected) but got \(got)", range: range,
                   hints: ["macro \(name) takes \(expected) argument\(expected == 1 ? "" : "s")"])
    }

    static func macroRecursion(_ chain: [String], _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "macro-recursion", message: "Recursive macro call detected. Call chain: " + chain.joined(separator: " > "),
                   range: range, hints: ["macros are expanded in place, so they cannot call themselves; use a loop instead"])
    }

    static func macroArgumentKind(_ range: SourceRange, expected: String, parameter: String, got: String) -> Diagnostic {
        Diagnostic(id: "macro-argument-kind",
                   message: "Mismatched arg to macro call. Macro expects \(expected) for arg \(parameter) but got \(got).",
                   range: range)
    }

    static func macroAssignsExpressionParameter(_ name: String, _ parameter: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "macro-assigns-expression",
                   message: "Macro '\(name)' assigns to parameter '\(parameter)', meaning it expects a variable, not an expression.",
                   range: range, hints: ["store the value in a variable first and pass the variable"])
    }

    static func macroUnhygienicMap(_ map: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "macro-unhygienic-map",
                   message: "Unhygienic access to map: \(map). Maps must be passed into the macro as arguments.", range: range,
                   hints: ["add \(map) to the macro's parameters and pass the map at the call"])
    }

    static func macroExpansionTooLarge(_ name: String, _ range: SourceRange, budget: Int) -> Diagnostic {
        Diagnostic(id: "macro-expansion-size", message: "Expanding macro \(name) here makes more than \(budget) expressions", range: range,
                   hints: ["a macro copies an expression argument at every use; bind it once with `let $v = x;` in the body"])
    }

    // MARK: User functions

    static func functionRedefined(_ name: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "function-redefined", message: "Function redefined: \(name)", range: range)
    }

    static func functionShadowsBuiltin(_ name: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "function-shadows-builtin", severity: .warning,
                   message: "User-defined function '\(name)' hides the builtin function of the same name", range: range)
    }

    static func functionArgumentCount(_ name: String, _ range: SourceRange, expected: Int, got: Int) -> Diagnostic {
        Diagnostic(id: "function-argument-count",
                   message: "Function \(name) requires \(expected) argument\(expected == 1 ? "" : "s"), \(got) provided", range: range)
    }

    static func functionArgumentType(_ name: String, _ range: SourceRange, parameter: String, expected: SwType, got: SwType) -> Diagnostic {
        Diagnostic(id: "function-argument-type",
                   message: "Function \(name) expects \(typeName(expected)) for parameter \(parameter), got \(typeName(got))", range: range)
    }

    static func functionRecursion(_ chain: [String], _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "function-recursion", message: "Recursive function call: " + chain.joined(separator: " > "), range: range,
                   hints: ["BPF programs cannot recurse; rewrite the function with a loop"])
    }

    static func returnTypeMismatch(_ function: String, _ range: SourceRange, expected: SwType?, got: SwType?) -> Diagnostic {
        let expectedText = expected.map(typeName) ?? "void"
        let gotText = got.map(typeName) ?? "void"
        return Diagnostic(id: "return-type",
                          message: "Function \(function) is of type \(expectedText), cannot return \(gotText)", range: range)
    }

    static func missingReturn(_ function: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "missing-return", message: "Function \(function) must return a value on every path", range: range,
                   hints: ["end the function with a return statement"])
    }

    static func probeReturnsValue(_ range: SourceRange, _ type: SwType) -> Diagnostic {
        Diagnostic(id: "probe-return-value", message: "Probe return values can only be integers. Found \(typeName(type))", range: range,
                   hints: ["write `return;` to leave the probe"])
    }

    // MARK: Types and declarations

    static func unknownType(_ name: String, _ range: SourceRange, candidates: [String]) -> Diagnostic {
        var hints: [String] = []
        if let near = nearest(name, in: candidates) { hints.append("did you mean '\(near)'?") }
        return Diagnostic(id: "unknown-type", message: "Unknown type: '\(name)'", range: range, hints: hints)
    }

    static func declarationTypeMismatch(_ name: String, _ range: SourceRange, declared: SwType, got: SwType) -> Diagnostic {
        Diagnostic(id: "declaration-type",
                   message: "Type mismatch for \(name): trying to assign value of type '\(typeName(got))' when variable already has a type '\(typeName(declared))'",
                   range: range)
    }

    static func undefinedVariable(_ name: String, _ range: SourceRange, near: String) -> Diagnostic {
        Diagnostic(id: "undefined-variable", message: "Undefined or undeclared variable: \(name)", range: range,
                   hints: ["did you mean '\(near)'?"])
    }

    static func variableRedeclared(_ name: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "variable-redeclared", message: "Variable \(name) was already declared. Variable shadowing is not allowed.", range: range,
                   hints: ["assign to it instead: drop the `let`"])
    }

    static func variableOutOfScope(_ name: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "variable-out-of-scope", severity: .warning,
                   message: "Variable \(name) is used outside the block that assigned it", range: range,
                   hints: ["declare it before that block with `let \(name);`"])
    }

    static func signednessMismatch(_ name: String, _ range: SourceRange, existing: SwType, new: SwType) -> Diagnostic {
        Diagnostic(id: "integer-mismatch",
                   message: "Type mismatch for \(name): trying to assign value of type '\(typeName(new))' when variable already contains a value of type '\(typeName(existing))'",
                   range: range, hints: ["no integer type holds both; cast one side, e.g. (int64)"])
    }

    static func tupleIndexNotLiteral(_ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "tuple-index", message: "The index of a tuple must be an integer literal", range: range)
    }

    static func tupleIndexOutOfRange(_ index: Int, _ range: SourceRange, count: Int) -> Diagnostic {
        Diagnostic(id: "tuple-index", message: "Tuple index \(index) out of bounds for a tuple of \(count) element\(count == 1 ? "" : "s")",
                   range: range)
    }

    static func positionalStringArithmetic(_ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "positional-offset",
                   message: "Only addition of a single constant, at most the string's length, is allowed on a string positional parameter",
                   range: range, hints: ["write str($1 + N)"])
    }

    /// `args->nope`: the fix is spelt with `.`, the current form (`->` is its old alias).
    static func unknownArgsFieldWithArrow(_ problem: Diagnostic, _ field: String, candidates: [String]) -> Diagnostic {
        let near = nearest(field, in: candidates)
        let hint = near.map { "did you mean args.\($0)? (args->x is the old spelling of args.x)" }
            ?? "available: " + candidates.map { "args." + $0 }.joined(separator: ", ")
        return Diagnostic(id: problem.id, message: problem.message, range: problem.range, hints: [hint])
    }

    static func attachPointParameterMissing(_ parameter: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "positional-missing", message: "Positional parameter \(parameter) used in an attach point was not given",
                   range: range, hints: ["pass it after the program: swtrace -e '...' VALUE"])
    }

    static func valuelessAssignment(_ function: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "valueless-assignment", message: "\(function)() returns no value, so it cannot be assigned", range: range,
                   hints: ["call it as a statement of its own: \(function)(...);"])
    }

    // MARK: Operators

    /// bpftrace words it "comparison of integers ..." but "arithmetic on integers ...".
    static func mixedSigns(_ kind: String, _ range: SourceRange, _ left: SwType, _ right: SwType) -> Diagnostic {
        let preposition = kind == "comparison" ? "of" : "on"
        return Diagnostic(id: "mixed-signs", severity: .warning,
                   message: "\(kind) \(preposition) integers of different signs: '\(typeName(left))' and '\(typeName(right))' can lead to undefined behavior",
                   range: range, hints: ["cast one side so both are signed or both unsigned, e.g. (int64)"])
    }

    static func comparisonTypes(_ op: String, _ range: SourceRange, _ left: SwType, _ right: SwType) -> Diagnostic {
        Diagnostic(id: "operand-types", message: "Type mismatch for '\(op)': comparing \(typeName(left)) with \(typeName(right))",
                   range: range)
    }

    static func invalidOperands(_ op: String, _ range: SourceRange, _ left: SwType, _ right: SwType) -> Diagnostic {
        Diagnostic(id: "invalid-operands",
                   message: "The \(op) operator can not be used on expressions of types \(typeName(left)), \(typeName(right))",
                   range: range, hints: left.isString ? ["strings can only be compared with == and !="] : [])
    }

    static func invalidOperand(_ op: String, _ range: SourceRange, _ type: SwType) -> Diagnostic {
        Diagnostic(id: "invalid-operands", message: "The \(op) operator can not be used on expressions of type '\(typeName(type))'",
                   range: range)
    }

    static func invalidUnaryOperand(_ op: String, _ range: SourceRange, _ type: SwType) -> Diagnostic {
        Diagnostic(id: "invalid-unary-operand", message: "The \(op) operator can not be used on expressions of type '\(typeName(type))'",
                   range: range)
    }

    static func invalidCondition(_ construct: String, _ range: SourceRange, _ type: SwType) -> Diagnostic {
        Diagnostic(id: "invalid-condition", message: "Invalid condition in \(construct): \(typeName(type))", range: range,
                   hints: type.isString ? ["compare the string instead, e.g. \(construct == "if()" ? "if" : "") ($s == \"text\")"] : [])
    }

    static func ternaryTypes(_ range: SourceRange, _ left: SwType, _ right: SwType) -> Diagnostic {
        Diagnostic(id: "ternary-types", message: "Ternary operator must return the same type: have '\(typeName(left))' and '\(typeName(right))'",
                   range: range)
    }

    // MARK: Loops

    static func invalidUnrollValue(_ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "unroll-count", message: "invalid unroll value", range: range,
                   hints: ["unroll needs a number known when compiling, e.g. unroll(4)"])
    }

    static func unrollCount(_ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "unroll-count", message: "unroll maximum value is 100", range: range)
    }

    static func unrollMinimum(_ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "unroll-count", message: "unroll minimum value is 1", range: range)
    }

    static func forMapNotMap(_ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "for-map", message: "Loop expression must be a map", range: range,
                   hints: ["iterate a map with for ($kv : @map) or integers with for ($i : 0..10)"])
    }

    static func forMapScalar(_ map: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "for-map", message: "\(map) has no explicit keys (scalar map), and cannot be used for iteration", range: range,
                   hints: ["only maps written with keys, e.g. \(map)[key] = value, can be iterated"])
    }

    static func forMapAggregation(_ range: SourceRange, _ value: SwType) -> Diagnostic {
        Diagnostic(id: "for-map", message: "Loop expression does not support type: \(typeName(value))", range: range,
                   hints: ["print the map instead, or keep a count()/sum() beside it to iterate"])
    }

    static func returnInMapLoop(_ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "loop-return", message: "'return' statement is not allowed in a for-loop", range: range,
                   hints: ["use break to leave the loop and return after it"])
    }

    static func loopShadowsVariable(_ name: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "loop-shadows", message: "Loop declaration shadows existing variable: \(name)", range: range,
                   hints: ["name the loop variable differently, e.g. \(name)_entry"])
    }

    static func undefinedMap(_ map: String, _ range: SourceRange, known: [String]) -> Diagnostic {
        if let near = nearest(map, in: known) {
            return Diagnostic(id: "undefined-map", message: "Undefined map: \(map)", range: range,
                              hints: ["did you mean '\(near)'?"])
        }
        return undefinedMap(map, range)
    }

    static func unknownFunctionNearUserFunction(_ name: String, _ range: SourceRange, near: String) -> Diagnostic {
        Diagnostic(id: "unknown-function", message: "Unknown function: '\(name)'", range: range, hints: ["did you mean '\(near)'?"])
    }
}
