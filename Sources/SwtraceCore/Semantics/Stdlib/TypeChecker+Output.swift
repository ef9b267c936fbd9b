// Typing of the asynchronous output functions beyond printf/print: errorf, warnf, cat,
// system, join, signal.

extension TypeChecker {
    func checkOutputCall(_ name: String, _ arguments: [Expr], _ expr: Expr) -> SwType? {
        switch name {
        case "errorf", "warnf", "cat", "system":
            if name == "system", !options.allowsUnsafe {
                report(SemanticDiagnostics.unsafeRequired(name, expr.range))
            }
            checkPrintf(arguments, expr, function: name)
            return .void
        case "join":
            let type = check(arguments[0])
            if !(type.isInteger || isPointer(type)) {
                report(SemanticDiagnostics.argumentType(name, arguments[0].range, position: 1, expected: "an array of strings (char **)", got: type))
            }
            if arguments.count == 2 {
                guard case .string = arguments[1].kind else {
                    check(arguments[1])
                    report(SemanticDiagnostics.literalRequired(name, arguments[1].range, what: "the separator"))
                    return .void
                }
                check(arguments[1])
            }
            return .void
        case "signal", "signal_thread":
            if !options.allowsUnsafe { report(SemanticDiagnostics.unsafeRequired(name, expr.range)) }
            switch arguments[0].kind {
            case .string(let signalName):
                check(arguments[0])
                if SignalNumbers.number(of: signalName) == nil {
                    report(SemanticDiagnostics.invalidArgument(name, arguments[0].range, "unknown signal '\(signalName)'"))
                }
            default:
                expectInteger(check(arguments[0]), name, arguments[0], position: 1, allowPointer: false)
            }
            return .void
        default:
            return nil
        }
    }
}

/// Signal names as `kill -l` prints them (with or without SIG), for signal("SIGUSR1").
public enum SignalNumbers {
    static let names = ["HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
                        "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
                        "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"]

    public static func number(of name: String) -> Int? {
        let bare = name.hasPrefix("SIG") ? String(name.dropFirst(3)) : name
        return names.firstIndex(of: bare).map { $0 + 1 }
    }
}
