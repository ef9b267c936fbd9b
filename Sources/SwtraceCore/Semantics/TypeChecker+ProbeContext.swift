// What a probe's context offers beyond the common builtins: `ctx` in iter probes (a pointer to
// the kernel's `struct bpf_iter__NAME`, so `ctx->task->comm` reads the visited object) and
// `args` in uprobes, which exists only where the binary's DWARF describes the function.

extension TypeChecker {
    /// The record pointer type of `ctx` in an iter probe; nil elsewhere or without kernel BTF.
    func iteratorContextType() -> SwType? {
        guard case .iterator(let name, _)? = attachPoints[currentProbe].first?.target else { return nil }
        return typeCatalogue?.record(named: "struct bpf_iter__\(name)").map { .pointer($0.type) }
    }

    /// `args` in a uprobe on a function its binary has no debug information for.
    func reportUprobeArgumentsWithoutDebugInfo(_ expr: Expr) {
        for point in attachPoints[currentProbe] where point.tracepointFormat == nil {
            guard case .uprobe(let path, _, _) = point.target else { continue }
            report(SemanticDiagnostics.noDebugInfo(path: path, expr.range))
            return
        }
    }

    /// The probe traces a running BPF program's function (`fentry:bpf:...`), which has no
    /// argument record for `args`.
    var tracesRunningBPFFunction: Bool {
        attachPoints[currentProbe].contains { point in
            if case .bpfFunction = point.target { return true }
            return false
        }
    }
}

extension TypeChecker {
    /// The bpffs file the current iter probe is pinned to (`iter:task:/sys/fs/bpf/NAME`); nil
    /// elsewhere. User functions are inlined where they are called, so in a program with a
    /// pinned iterator their printf follows its rules too.
    func iteratorPin() -> String? {
        func pin(_ points: [ResolvedAttachPoint]) -> String? {
            guard case .iterator(_, let pin)? = points.first?.target else { return nil }
            return pin
        }
        if currentFunction != nil { return attachPoints.lazy.compactMap(pin).first }
        return pin(attachPoints[currentProbe])
    }

    /// printf in a pinned iterator writes into the reader's file: the kernel formats it there
    /// (bpf_seq_printf, with bpf_trace_printk's rules), with no swtrace left to do it, so what
    /// the kernel cannot format is refused here rather than printing nothing at run time.
    func checkPinnedIteratorPrintf(_ arguments: [Expr], _ expr: Expr) {
        guard iteratorPin() != nil, let format = printfFormats[expr.id] else { return }
        if format.conversions.count > DebugfFormat.maxArguments {
            report(SemanticDiagnostics.printfFormat(expr.range,
                "printf: a pinned iterator's printf takes at most \(DebugfFormat.maxArguments) arguments (bpf_seq_printf)"))
            return
        }
        for (index, conversion) in format.conversions.enumerated() {
            let argument = arguments[index + 1]
            let type = types[argument.id] ?? .void  // checked by checkPrintf already
            if let problem = DebugfFormat.problem(with: conversion, helper: "bpf_seq_printf") {
                report(SemanticDiagnostics.printfFormat(arguments[0].range, "printf: \(conversion.text) \(problem)"))
            } else if conversion.kind == .string, !type.isString {
                // username, ksym(), ... print as text, but swtrace makes that text after the event.
                var described = SemanticDiagnostics.typeName(type)
                if case .formatted = type { described += ", made by swtrace in user space" }
                report(SemanticDiagnostics.printfFormat(argument.range,
                    "printf: %s specifier expects a string in a pinned iterator (argument \(index + 1) is \(described))"))
            }
        }
    }
}

extension TypeChecker {
    /// Calls swtrace carries out when their ring-buffer event arrives. A pinned iterator runs
    /// when its file is read, long after swtrace has gone: nothing reads those events.
    static let effectsInSwtrace: Set<String> = ["print", "time", "cat", "system", "errorf", "warnf", "join", "clear", "zero"]

    func warnIfLostInPinnedIterator(_ name: String, _ expr: Expr) {
        guard Self.effectsInSwtrace.contains(name), let pin = iteratorPin() else { return }
        report(SemanticDiagnostics.lostInPinnedIterator(name, expr.range, pin: pin))
    }
}

extension SemanticDiagnostics {
    static func lostInPinnedIterator(_ name: String, _ range: SourceRange, pin: String) -> Diagnostic {
        Diagnostic(id: "lost-in-pinned-iterator", severity: .warning,
                   message: "\(name)() does nothing in a pinned iterator: swtrace, which carries it out, has exited by the time \(pin) is read",
                   range: range, hints: ["printf() writes into the pinned file"])
    }
}
