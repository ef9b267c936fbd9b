// Typing of builtins that take an argument: nsecs(clock), pid/tid(namespace), reg("name"),
// ppid(task), pcomm(task), kptr()/uptr().

/// `nsecs(...)` clocks and `pid(...)`/`tid(...)` namespaces, as bpftrace names them.
public enum BuiltinArgumentWords {
    public static let clocks = ["monotonic", "boot", "tai", "sw_tai"]
    public static let namespaces = ["curr_ns", "init"]
}

/// x86-64 `struct pt_regs` offsets by the register names `reg()` accepts.
public enum RegisterOffsets {
    public static let x86_64: [String: Int] = [
        "r15": 0, "r14": 8, "r13": 16, "r12": 24, "bp": 32, "bx": 40, "r11": 48, "r10": 56,
        "r9": 64, "r8": 72, "ax": 80, "cx": 88, "dx": 96, "si": 104, "di": 112, "orig_ax": 120,
        "ip": 128, "cs": 136, "flags": 144, "sp": 152, "ss": 160,
    ]
}

extension TypeChecker {
    func checkBuiltinCall(_ name: String, _ arguments: [Expr], _ expr: Expr) -> SwType? {
        switch name {
        case "nsecs", "pid", "tid":
            guard let argument = arguments.first else { return checkBuiltin(name, expr) }
            let words = name == "nsecs" ? BuiltinArgumentWords.clocks : BuiltinArgumentWords.namespaces
            guard case .identifier(let word) = argument.kind, words.contains(word) else {
                check(argument)
                report(SemanticDiagnostics.invalidArgument(name, argument.range, "expected one of " + words.joined(separator: ", ")))
                return .uint64
            }
            record(argument, .void)
            return .uint64
        case "ppid", "pcomm":
            guard let task = arguments.first else { return checkBuiltin(name, expr) }
            let type = check(task)
            if !(type.isInteger || isPointer(type)) {
                report(SemanticDiagnostics.argumentType(name, task.range, position: 1, expected: "a struct task_struct pointer", got: type))
            }
            return name == "ppid" ? .uint64 : .commString
        case "kptr", "uptr":
            // Address-space markers: the value is unchanged; str(), buf()... read it from
            // kernel or user memory accordingly.
            let type = check(arguments[0])
            if !(type.isInteger || isPointer(type)) {
                report(SemanticDiagnostics.argumentType(name, arguments[0].range, position: 1, expected: "a pointer", got: type))
            }
            return type
        case "reg":
            guard case .string(let register) = arguments[0].kind else {
                check(arguments[0])
                report(SemanticDiagnostics.literalRequired(name, arguments[0].range, what: "the register name"))
                return .uint64
            }
            check(arguments[0])
            if RegisterOffsets.x86_64[register] == nil {
                report(SemanticDiagnostics.invalidArgument(name, arguments[0].range, "'\(register)' is not a register name"))
            }
            let registerProviders: Set<ProbeProviderKind> = [.kprobe, .kretprobe, .uprobe, .uretprobe]
            if !currentProviders.isSubset(of: registerProviders) {
                report(SemanticDiagnostics.builtinNotAvailable("reg", expr.range, probe: currentProbeDescription,
                                                               detail: "reg is available in: kprobe, kretprobe, uprobe, uretprobe, usdt"))
            }
            return .uint64
        default:
            return nil
        }
    }
}
