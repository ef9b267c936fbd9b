// Typing of stacks and symbols: kstack/ustack with mode and depth, ksym/usym, kaddr.

extension TypeChecker {
    func checkSymbolCall(_ name: String, _ arguments: [Expr], _ expr: Expr) -> SwType? {
        switch name {
        case "kstack", "ustack":
            _ = stackShape(name, arguments, expr)
            return name == "kstack" ? .kernelStack : .userStack
        case "ksym":
            expectInteger(check(arguments[0]), name, arguments[0], position: 1, allowPointer: true)
            return .kernelSymbol
        case "usym":
            expectInteger(check(arguments[0]), name, arguments[0], position: 1, allowPointer: true)
            return .formatted(.userSymbol)
        case "kaddr":
            guard case .string(let symbol) = arguments[0].kind else {
                check(arguments[0])
                report(SemanticDiagnostics.literalRequired(name, arguments[0].range, what: "the symbol name"))
                return .uint64
            }
            check(arguments[0])
            _ = symbol // resolved against /proc/kallsyms by codegen
            return .uint64
        default:
            return nil
        }
    }

    /// Mode and depth of `kstack(...)`/`ustack(...)`: `([mode][, limit])`, both literal.
    @discardableResult
    func stackShape(_ name: String, _ arguments: [Expr], _ expr: Expr) -> (mode: StackMode, depth: Int) {
        var mode = StackMode.bpftrace
        var depth = StackReference.defaultDepth
        for (position, argument) in arguments.enumerated() {
            switch argument.kind {
            case .identifier(let word) where position == 0 && arguments.count <= 2:
                guard let parsed = StackMode(name: word) else {
                    report(SemanticDiagnostics.invalidStackMode(name, word, argument.range))
                    continue
                }
                mode = parsed
                record(argument, .void)
            case .integer(let value) where position == arguments.count - 1:
                guard StackReference.depthRange.contains(Int(clamping: value)) else {
                    report(SemanticDiagnostics.invalidStackDepth(name, argument.range))
                    continue
                }
                depth = Int(value)
                record(argument, .int64)
            default:
                check(argument)
                report(SemanticDiagnostics.stackArguments(name, argument.range))
            }
        }
        return (mode, depth)
    }

    func expectInteger(_ type: SwType, _ function: String, _ argument: Expr, position: Int, allowPointer: Bool) {
        if !(type.isInteger || (allowPointer && isPointer(type))) {
            report(SemanticDiagnostics.argumentType(function, argument.range, position: position, expected: "an integer", got: type))
        }
    }
}
