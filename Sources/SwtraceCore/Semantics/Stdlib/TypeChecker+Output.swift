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
        case "debugf":
            checkPrintf(arguments, expr, function: name)
            guard let format = printfFormats[expr.id] else { return .void }
            for (index, conversion) in format.conversions.enumerated() {
                let argument = arguments[index + 1]
                if let problem = DebugfFormat.problem(with: conversion) {
                    report(SemanticDiagnostics.printfFormat(arguments[0].range, "debugf: \(conversion.text) \(problem)"))
                } else if conversion.kind == .string, !check(argument).isString {
                    report(SemanticDiagnostics.printfFormat(argument.range,
                        "debugf: %s specifier expects a string (argument \(index + 1) is \(SemanticDiagnostics.typeName(check(argument))))"))
                }
            }
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
        case "override":
            // bpf_override_return: kprobes only, on functions marked ALLOW_ERROR_INJECTION, in
            // kernels built with CONFIG_BPF_KPROBE_OVERRIDE (the verifier refuses it elsewhere).
            if !options.allowsUnsafe { report(SemanticDiagnostics.unsafeRequired(name, expr.range)) }
            if !currentProviders.isSubset(of: [.kprobe]) {
                report(SemanticDiagnostics.builtinNotAvailable(name, expr.range, probe: currentProbeDescription,
                                                               detail: "override is available in: kprobe"))
            }
            expectInteger(check(arguments[0]), name, arguments[0], position: 1, allowPointer: false)
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

/// What the kernel's bpf_trace_printk/bpf_trace_vprintk accept (bpf_bprintf_prepare): the
/// conversions d i u x X c s p, the flags `0 + - space`, a width, and the lengths l and ll;
/// anything else makes the helper fail at run time, so debugf() refuses it when compiling.
/// bpf_seq_printf (printf in a pinned iterator) formats with the same code.
public enum DebugfFormat {
    /// bpf_trace_vprintk's limit (MAX_BPRINTF_VARARGS); bpf_trace_printk takes three.
    public static let maxArguments = 12

    static func problem(with conversion: PrintfFormat.Conversion, helper: String = "bpf_trace_printk") -> String? {
        switch conversion.kind {
        case .octal, .buffer, .bufferEscapedHex, .bufferSpacedHex:
            return "is not supported by \(helper) (use d, i, u, x, X, c, s or p)"
        default: break
        }
        if conversion.flags.contains(.alternateForm) { return "is not supported by \(helper): no '#' flag" }
        if conversion.precision != nil { return "is not supported by \(helper): no precision" }
        if ![.none, .l, .ll].contains(conversion.length) {
            return "is not supported by \(helper): the only length modifiers are l and ll"
        }
        if conversion.length != .none, [.character, .string, .pointer].contains(conversion.kind) {
            return "is not supported by \(helper): l and ll apply to d, i, u, x and X"
        }
        return nil
    }
}
