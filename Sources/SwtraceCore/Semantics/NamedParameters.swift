// Named program parameters: `getopt("name", default)` reads `--name=value` given after `--` on
// the command line (`getopt("name")`, or a true/false default, is a boolean flag: `--name`).
// Values are known before compiling, so each call becomes a literal of the default's kind
// (integer, string or boolean) before type checking. The texts are bpftrace's.

enum NamedParameters {
    /// Named parameters as written after `--`: `--name=value` (value) or `--name` (nil).
    typealias Given = [(name: String, value: String?)]

    /// Splits the arguments after the program into positional ones ($1, $2, ...) and named
    /// ones (`--name[=value]`, which bpftrace reads only after `--`, where the command line
    /// passes them on as they are).
    static func split(_ arguments: [String]) -> (positional: [String], named: Given) {
        var positional: [String] = [], named: Given = []
        for argument in arguments {
            guard argument.hasPrefix("--"), argument.count > 2 else { positional.append(argument); continue }
            let body = argument.dropFirst(2)
            if let equals = body.firstIndex(of: "=") {
                named.append((String(body[..<equals]), String(body[body.index(after: equals)...])))
            } else {
                named.append((String(body), nil))
            }
        }
        return (positional, named)
    }

    /// A default value, and the kind of value the parameter takes.
    enum Value: Equatable {
        case integer(Int64)
        case string(String)
        case boolean(Bool)

        var text: String {
            switch self {
            case .integer(let value): return String(value)
            case .string(let text): return text
            case .boolean(let flag): return flag ? "true" : "false"
            }
        }
    }

    static func rewrite(_ program: Program, given: Given, sink: inout DiagnosticSink) -> Program {
        // The defaults, in order of first use: parameters the program reads.
        var defaults: [(name: String, value: Value)] = []
        var problems: [Diagnostic] = []
        let finder = SyntaxRewriter(ids: ExpressionIds(after: 0))
        finder.replace = { expr in
            guard case .call("getopt", let arguments) = expr.kind else { return nil }
            switch parse(arguments, expr) {
            case .failure(let problem): problems.append(problem)
            case .success(let (name, value)):
                if let earlier = defaults.first(where: { $0.name == name }) {
                    if earlier.value != value { problems.append(SemanticDiagnostics.getoptDefaultsDiffer(name, earlier.value.text, expr.range)) }
                } else {
                    defaults.append((name, value))
                }
            }
            return nil
        }
        _ = finder.program(program)
        for problem in problems { sink.report(problem) }

        let unexpected = given.map(\.name).filter { name in !defaults.contains { $0.name == name } }
        if !unexpected.isEmpty, unexpected.contains(where: { $0 != "help" }) {
            sink.report(SemanticDiagnostics.unexpectedNamedParameters(unexpected.filter { $0 != "help" }, expected: defaults.map(\.name)))
        }
        guard !defaults.isEmpty || !problems.isEmpty else { return program }

        var values: [String: Value] = [:]
        for (name, value) in defaults {
            guard let written = given.last(where: { $0.name == name }) else { values[name] = value; continue }
            switch (value, written.value) {
            case (.boolean, nil): values[name] = .boolean(true)
            case (.boolean, let text?):
                if let flag = boolean(text) { values[name] = .boolean(flag) } else {
                    sink.report(SemanticDiagnostics.badNamedParameter(name, text, "expects a boolean (e.g. 'true')"))
                }
            case (.integer, nil): sink.report(SemanticDiagnostics.badNamedParameter(name, "true", "expects an integer"))
            case (.integer, let text?):
                if let number = Int64(text) { values[name] = .integer(number) } else {
                    let reason = text.allSatisfy({ $0.isNumber || $0 == "-" }) && !text.isEmpty ? "value is out of range" : "expects an integer"
                    sink.report(SemanticDiagnostics.badNamedParameter(name, text, reason))
                }
            case (.string, nil): sink.report(SemanticDiagnostics.badNamedParameter(name, "true", "expects a string"))
            case (.string, let text?): values[name] = .string(text)
            }
        }

        let ids = ExpressionIds(after: SyntaxRewriter.largestId(in: program))
        let rewriter = SyntaxRewriter(ids: ids)
        rewriter.replace = { expr in
            guard case .call("getopt", let arguments) = expr.kind else { return nil }
            // A call already reported (or a value refused) reads as 0: one error is enough.
            guard case .success(let (name, _)) = parse(arguments, expr), let value = values[name] else {
                return literal(.integer(0), expr.range, ids)
            }
            return literal(value, expr.range, ids)
        }
        return rewriter.program(program)
    }

    /// bpftrace's truthy and falsy spellings of a flag's value.
    static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "1", "true", "on", "yes": return true
        case "0", "false", "off", "no": return false
        default: return nil
        }
    }

    private static func parse(_ arguments: [Expr], _ call: Expr) -> Result<(String, Value), Diagnostic> {
        // Newer bpftrace takes a description third (`getopt("depth", 35, "how deep")`).
        guard (1...3).contains(arguments.count) else {
            return .failure(SemanticDiagnostics.wrongArgumentCount("getopt", call.range, expected: "1 to 3 arguments", got: arguments.count))
        }
        guard case .string(let name) = arguments[0].kind else {
            return .failure(SemanticDiagnostics.getoptNameNotLiteral(arguments[0].range))
        }
        if arguments.count == 3, case .string = arguments[2].kind {} else if arguments.count == 3 {
            return .failure(SemanticDiagnostics.getoptDescriptionNotLiteral(arguments[2].range))
        }
        guard arguments.count >= 2 else { return .success((name, .boolean(false))) }
        switch arguments[1].kind {
        case .integer(let value) where value <= UInt64(Int64.max): return .success((name, .integer(Int64(value))))
        case .unary(.negate, let operand):
            if case .integer(let value) = operand.kind, value <= UInt64(Int64.max) { return .success((name, .integer(-Int64(value)))) }
        case .string(let text): return .success((name, .string(text)))
        case .boolean(let flag): return .success((name, .boolean(flag)))
        default: break
        }
        return .failure(SemanticDiagnostics.getoptDefaultNotLiteral(arguments[1].range))
    }

    /// The value as the literal it stands for; integers keep bpftrace's int64 type.
    private static func literal(_ value: Value, _ range: SourceRange, _ ids: ExpressionIds) -> Expr {
        switch value {
        case .string(let text): return Expr(id: ids.fresh(), kind: .string(text), range: range)
        case .boolean(let flag): return Expr(id: ids.fresh(), kind: .boolean(flag), range: range)
        case .integer(let number):
            var magnitude = Expr(id: ids.fresh(), kind: .integer(number.magnitude), range: range)
            if number < 0 { magnitude = Expr(id: ids.fresh(), kind: .unary(.negate, magnitude), range: range) }
            return Expr(id: ids.fresh(), kind: .cast(TypeName(name: "int64", range: range), magnitude), range: range)
        }
    }

}

extension SemanticDiagnostics {
    static func getoptNameNotLiteral(_ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "getopt-argument", message: "First argument to 'getopt' must be a string literal.", range: range,
                   hints: ["name the option as written on the command line, e.g. getopt(\"verbose\")"])
    }

    static func getoptDefaultNotLiteral(_ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "getopt-argument",
                   message: "Second argument to 'getopt' must be a string literal, integer literal, or a boolean literal.",
                   range: range)
    }

    static func getoptDescriptionNotLiteral(_ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "getopt-argument", message: "Third argument to 'getopt' must be a string literal.", range: range,
                   hints: ["describe the option in words, e.g. getopt(\"depth\", 35, \"how many path components\")"])
    }

    static func getoptDefaultsDiffer(_ name: String, _ previous: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "getopt-default",
                   message: "Command line option '\(name)' needs to have the same default value in all places it is used. Previous default value: \(previous)",
                   range: range)
    }

    static func unexpectedNamedParameters(_ names: [String], expected: [String]) -> Diagnostic {
        Diagnostic(id: "unexpected-named-parameter",
                   message: "unexpected program command line options: " + names.map { "--" + $0 }.joined(separator: ", "),
                   range: .unlocated,
                   hints: [expected.isEmpty ? "no custom program options defined."
                                            : "expected program options: " + expected.map { "--" + $0 }.joined(separator: ", ")])
    }

    static func badNamedParameter(_ name: String, _ value: String, _ reason: String) -> Diagnostic {
        Diagnostic(id: "named-parameter-value", message: "program command line option --\(name) \(reason) (value: \(value))",
                   range: .unlocated)
    }
}
