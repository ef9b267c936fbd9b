// Typing of stacks and symbols: kstack/ustack with mode and depth, ksym/usym, kaddr, uaddr,
// len() of a map or stack.

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
        case "percpu_kaddr":
            return checkPercpuAddress(arguments, expr)
        case "kaddr":
            guard case .string(let symbol) = arguments[0].kind else {
                check(arguments[0])
                report(SemanticDiagnostics.literalRequired(name, arguments[0].range, what: "the symbol name"))
                return .uint64
            }
            check(arguments[0])
            guard let address = KernelSymbolAddresses.address(of: symbol) else {
                report(SemanticDiagnostics.unknownKernelSymbol(symbol, arguments[0].range))
                return .uint64
            }
            recordAccesses.constants[expr.id] = address
            return .uint64
        case "uaddr":
            return checkUserAddress(arguments[0], expr)
        case "len":
            return checkLength(arguments[0])
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

    /// `uaddr("symbol")`: resolved now in the probe's binary; the pointee is as wide as the
    /// symbol when that is an integer size (ELF has no types), else 64 bits.
    func checkUserAddress(_ argument: Expr, _ expr: Expr) -> SwType {
        let unknown = SwType.pointer(.uint64)
        guard case .string(let symbol) = argument.kind else {
            check(argument)
            report(SemanticDiagnostics.literalRequired("uaddr", argument.range, what: "the symbol name"))
            return unknown
        }
        check(argument)
        let points = attachPoints[currentProbe]
        let paths = points.compactMap { point -> String? in
            switch point.target {
            case .uprobe(let path, _, _), .uretprobe(let path, _, _): return path
            default: return nil
            }
        }
        guard let path = paths.first, paths.count == points.count, Set(paths).count == 1 else {
            report(SemanticDiagnostics.userAddressOutsideUprobe(expr.range))
            return unknown
        }
        let catalogue = options.catalogue
        guard let found = try? catalogue.userSymbol(inBinary: path, named: symbol) else {
            report(SemanticDiagnostics.unknownUserSymbol(path, symbol, expr.range))
            return unknown
        }
        var value = found.address
        if let point = UserAddressRelocation.relocatingPoint(points) {
            var probed = point.offset
            if !point.symbol.isEmpty {
                guard let function = try? catalogue.userSymbol(inBinary: path, named: point.symbol) else {
                    report(SemanticDiagnostics.unknownUserSymbol(path, point.symbol, expr.range))
                    return unknown
                }
                probed &+= function.address
            }
            value = found.address &- probed
        }
        recordAccesses.constants[expr.id] = value
        let bits = [1, 2, 4, 8].contains(Int(found.size)) ? Int(found.size) * 8 : 64
        return .pointer(.integer(bits: bits, signed: false))
    }

    /// `len(@map)` counts elements; `len(kstack/ustack)` counts frames of a stack taken there.
    func checkLength(_ argument: Expr) -> SwType {
        if case .map(let name, let keys) = argument.kind, keys.isEmpty {
            checkMapReference(name, argument)
            if let info = mapInfo("@" + name), !info.isKeyed {
                report(SemanticDiagnostics.invalidArgument("len", argument.range, "@\(name) has no keys"))
            }
            return .int64
        }
        let type = check(argument)
        guard type == .kernelStack || type == .userStack else {
            report(SemanticDiagnostics.lengthArgument(argument.range, got: type))
            return .int64
        }
        switch argument.kind {
        case .identifier, .call: break
        default:
            // BPF programs cannot read stack maps: only a stack taken here has a frame count.
            report(SemanticDiagnostics.invalidArgument("len", argument.range, "the stack must be taken here: len(kstack) or len(ustack(...))"))
        }
        return .int64
    }

    func expectInteger(_ type: SwType, _ function: String, _ argument: Expr, position: Int, allowPointer: Bool) {
        if !(type.isInteger || (allowPointer && isPointer(type))) {
            report(SemanticDiagnostics.argumentType(function, argument.range, position: position, expected: "an integer", got: type))
        }
    }
}

extension TypeChecker {
    /// `percpu_kaddr(name[, cpu])`: the variable's per-CPU offset and the kernel's
    /// `__per_cpu_offset` table, both from /proc/kallsyms (the kernel lists data symbols with
    /// CONFIG_KALLSYMS_ALL); the run-time address is their sum for the CPU.
    func checkPercpuAddress(_ arguments: [Expr], _ expr: Expr) -> SwType {
        let name = "percpu_kaddr", type = SwType.pointer(.uint64)
        if arguments.count == 2 { expectInteger(check(arguments[1]), name, arguments[1], position: 2, allowPointer: false) }
        guard case .string(let symbol) = arguments[0].kind else {
            check(arguments[0])
            report(SemanticDiagnostics.literalRequired(name, arguments[0].range, what: "the variable name"))
            return type
        }
        check(arguments[0])
        guard let offset = KernelSymbolAddresses.address(of: symbol),
              let table = KernelSymbolAddresses.address(of: "__per_cpu_offset") else {
            report(SemanticDiagnostics.unknownPercpuSymbol(symbol, arguments[0].range))
            return type
        }
        recordAccesses.constants[expr.id] = offset
        recordAccesses.constants[arguments[0].id] = table
        return type
    }
}
