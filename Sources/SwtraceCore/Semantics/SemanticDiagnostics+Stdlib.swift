// Diagnostics of the standard library's functions (stacks, strings, conversions, output).

extension SemanticDiagnostics {
    static func invalidStackMode(_ function: String, _ word: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "stack-mode", message: "\(function)(): unknown stack mode '\(word)'", range: range,
                   hints: ["the modes are " + StackMode.allCases.map { "\($0)" }.joined(separator: ", ")])
    }

    static func invalidStackDepth(_ function: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "stack-depth",
                   message: "\(function)(): the limit must be between \(StackReference.depthRange.lowerBound) and \(StackReference.depthRange.upperBound)",
                   range: range)
    }

    static func stackArguments(_ function: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "stack-arguments",
                   message: "\(function)() takes an optional stack mode and an optional literal limit, e.g. \(function)(perf, 8)",
                   range: range)
    }

    static func unknownKernelSymbol(_ symbol: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "unknown-kernel-symbol", message: "kaddr(): no kernel symbol named '\(symbol)'", range: range,
                   hints: ["kernel symbols are listed in /proc/kallsyms"])
    }

    static func indexedMapPrintArguments(_ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "print-indexed-map",
                   message: "Single-value (i.e. indexed) map print cannot take additional arguments.", range: range,
                   hints: ["top and div apply to a whole map: print(@m, top, div)"])
    }

    static func unknownPercpuSymbol(_ symbol: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "unknown-percpu-symbol", message: "percpu_kaddr(): no per-CPU kernel variable named '\(symbol)'", range: range,
                   hints: ["/proc/kallsyms must list it and __per_cpu_offset (kernels built with CONFIG_KALLSYMS_ALL)"])
    }

    static func unsafeRequired(_ function: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "unsafe-required",
                   message: "\(function)() is an unsafe function being used in safe mode", range: range,
                   hints: ["run with --unsafe to allow it"])
    }

    static func stringRequired(_ function: String, _ range: SourceRange, position: Int, got: SwType) -> Diagnostic {
        argumentType(function, range, position: position, expected: "a string", got: got)
    }

    static func invalidArgument(_ function: String, _ range: SourceRange, _ detail: String) -> Diagnostic {
        Diagnostic(id: "invalid-argument", message: "\(function)(): \(detail)", range: range)
    }
}

extension SemanticDiagnostics {
    static func userAddressOutsideUprobe(_ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "uaddr-probe", message: "uaddr() can only be used with uprobe, uretprobe and usdt probes", range: range)
    }

    static func unknownUserSymbol(_ path: String, _ symbol: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "unknown-user-symbol", message: "Could not resolve symbol: \(path):\(symbol)", range: range,
                   hints: ["list the functions with: swtrace -l 'uprobe:\(path):*'"])
    }

    static func lengthArgument(_ range: SourceRange, got: SwType) -> Diagnostic {
        argumentType("len", range, position: 1, expected: "a map, kstack or ustack", got: got)
    }
}
