// Attach points on functions: kernel functions (kprobe/kretprobe, fentry/fexit) and user-space
// functions and USDT sites (uprobe/uretprobe, usdt), with wildcards expanded through the catalogue.

extension AttachPointResolver {
    func resolveKernelFunctions(_ point: AttachPoint, _ rest: [String], provider: ProbeProvider,
                                sink: inout DiagnosticSink) -> [ResolvedAttachPoint] {
        guard let spec = rest.last, !spec.isEmpty, rest.count <= 2 else {
            sink.report(SemanticDiagnostics.badAttachPoint(point, "expected \(provider.canonicalName):FUNCTION or \(provider.canonicalName):MODULE:FUNCTION"))
            return []
        }
        let (symbol, offset) = splitOffset(spec)
        if offset != 0 && (provider.kind == .kretprobe || hasWildcard(symbol)) {
            sink.report(SemanticDiagnostics.badAttachPoint(point, provider.kind == .kretprobe
                ? "kretprobes cannot take an offset" : "an offset cannot be combined with a wildcard"))
            return []
        }
        guard let names = expandKernelFunctions(point, symbol, sink: &sink) else { return [] }
        let module = rest.count == 2 ? rest[0] + ":" : ""
        return names.map { name in
            let suffix = offset != 0 ? "+\(offset)" : ""
            return ResolvedAttachPoint(target: provider.kind == .kprobe ? .kprobe(symbol: name, offset: offset) : .kretprobe(symbol: name),
                                       probeName: "\(provider.canonicalName):\(module)\(name)\(suffix)",
                                       programKind: provider.programKind)
        }
    }

    /// fentry/fexit: `args` is the function's parameter list from BTF, laid out like a record
    /// of 8-byte slots (category = provider name so codegen finds fexit's return slot after it).
    func resolveTrampolines(_ point: AttachPoint, _ rest: [String], provider: ProbeProvider,
                            sink: inout DiagnosticSink) -> [ResolvedAttachPoint] {
        if rest.first == "bpf" { return resolveBPFFunctions(point, Array(rest.dropFirst()), provider: provider, sink: &sink) }
        guard let function = rest.last, !function.isEmpty, rest.count <= 2 else {
            sink.report(SemanticDiagnostics.badAttachPoint(point, "expected \(provider.canonicalName):FUNCTION or \(provider.canonicalName):MODULE:FUNCTION"))
            return []
        }
        guard let names = expandKernelFunctions(point, function, sink: &sink) else { return [] }
        let module = rest.count == 2 ? rest[0] + ":" : ""
        return names.map { name in
            let prototype = try? catalogue.kernelFunctionPrototype(name)
            let format = prototype.map { TracepointFormat(category: provider.canonicalName, name: name, fields: $0.parameters) }
            return ResolvedAttachPoint(target: provider.kind == .fentry ? .fentry(function: name) : .fexit(function: name),
                                       probeName: "\(provider.canonicalName):\(module)\(name)",
                                       programKind: provider.programKind, tracepointFormat: format ?? nil)
        }
    }

    /// `rawtracepoint[:MODULE]:EVENT`, EVENT a glob over tracepoint names (syscall entry/exit
    /// events have no raw tracepoint of their own). `args` comes from the event's
    /// `__bpf_trace_EVENT` function, whose first parameter is the kernel's private data.
    func resolveRawTracepoints(_ point: AttachPoint, _ rest: [String], provider: ProbeProvider,
                               sink: inout DiagnosticSink) -> [ResolvedAttachPoint] {
        guard let event = rest.last, !event.isEmpty, rest.count <= 2 else {
            sink.report(SemanticDiagnostics.badAttachPoint(point, "expected rawtracepoint:EVENT or rawtracepoint:MODULE:EVENT")); return []
        }
        let names: [String]
        do {
            names = Array(Set(try catalogue.tracepoints(category: "*", name: event)
                .filter { !($0.category == "syscalls" && ($0.name.hasPrefix("sys_enter_") || $0.name.hasPrefix("sys_exit_"))) }
                .map(\.name))).sorted()
        } catch {
            sink.report(SemanticDiagnostics.kernelQueryFailed(point, "\(error)")); return []
        }
        if names.isEmpty { sink.report(SemanticDiagnostics.noProbesMatched(point, listPattern: "rawtracepoint:*")); return [] }
        return names.map { name in
            let prototype = try? catalogue.kernelFunctionPrototype("__bpf_trace_" + name)
            let format = prototype.map { prototype in
                TracepointFormat(category: "rawtracepoint", name: name, fields: prototype.parameters.dropFirst().map { field in
                    var shifted = field
                    shifted.offset -= 8
                    return shifted
                })
            }
            return ResolvedAttachPoint(target: .rawTracepoint(name: name), probeName: "\(provider.canonicalName):\(name)",
                                       programKind: provider.programKind, tracepointFormat: format ?? nil)
        }
    }

    /// The functions a (possibly wildcard) kernel function name stands for; nil after an error.
    private func expandKernelFunctions(_ point: AttachPoint, _ symbol: String, sink: inout DiagnosticSink) -> [String]? {
        guard hasWildcard(symbol) else { return [symbol] }
        do {
            let names = try catalogue.kernelFunctions(matching: symbol)
            if names.isEmpty {
                sink.report(SemanticDiagnostics.noProbesMatched(point, listPattern: "\(point.provider):*"))
                return nil
            }
            return names
        } catch {
            sink.report(SemanticDiagnostics.kernelQueryFailed(point, "\(error)"))
            return nil
        }
    }

    func resolveUserFunctions(_ point: AttachPoint, _ rest: [String], provider: ProbeProvider,
                              sink: inout DiagnosticSink) -> [ResolvedAttachPoint] {
        guard rest.count >= 2, !rest[0].isEmpty, !rest[1].isEmpty else {
            sink.report(SemanticDiagnostics.badAttachPoint(point, "expected \(provider.canonicalName):BINARY:FUNCTION")); return []
        }
        guard let path = catalogue.resolveBinary(rest[0]) else {
            sink.report(SemanticDiagnostics.binaryNotFound(point, binary: rest[0])); return []
        }
        // `uprobe:BIN:cpp:NAME` matches C++ functions by their demangled name.
        let isCpp = rest.count >= 3 && rest[1] == "cpp"
        let spec = rest[(isCpp ? 2 : 1)...].joined(separator: ":")
        let (symbol, offset) = splitOffset(spec)
        let isReturn = provider.kind == .uretprobe
        func resolved(_ symbol: String, _ offset: UInt64, _ name: String) -> ResolvedAttachPoint {
            // At a function's entry its parameters are still in their registers: `args` from DWARF.
            let prototype = isReturn || offset != 0 || symbol.isEmpty ? nil
                : (try? catalogue.userFunctionPrototype(inBinary: path, function: symbol)) ?? nil
            return ResolvedAttachPoint(target: isReturn ? .uretprobe(path: path, symbol: symbol, offset: offset)
                                                        : .uprobe(path: path, symbol: symbol, offset: offset),
                                       probeName: "\(provider.canonicalName):\(path):\(name)", programKind: provider.programKind,
                                       tracepointFormat: prototype.map { TracepointFormat(category: "uprobe", name: symbol, fields: $0.parameters) })
        }
        // `uprobe:BIN:0x1234`: an address in the binary (the attacher turns it into a file offset).
        if let address = Self.parseAddress(symbol) { return [resolved("", address, symbol)] }
        guard hasWildcard(symbol) || isCpp else { return [resolved(symbol, offset, spec)] }
        if offset != 0 {
            sink.report(SemanticDiagnostics.badAttachPoint(point, "an offset cannot be combined with a wildcard")); return []
        }
        do {
            let symbols = try catalogue.userFunctions(inBinary: path, matching: isCpp ? "cpp:" + symbol : symbol)
            if symbols.isEmpty { sink.report(SemanticDiagnostics.noProbesMatched(point)); return [] }
            return symbols.map { resolved($0, 0, $0) }
        } catch {
            sink.report(SemanticDiagnostics.userProbeLookupFailed(point, "\(error)")); return []
        }
    }

    /// `usdt:BIN:NAME` or `usdt:BIN:PROVIDER:NAME`: uprobes on the note's address; `argN` read
    /// through the note's argument specifications, carried as fields `arg0`...
    func resolveUSDT(_ point: AttachPoint, _ rest: [String], provider: ProbeProvider,
                     sink: inout DiagnosticSink) -> [ResolvedAttachPoint] {
        guard rest.count == 2 || rest.count == 3, rest.allSatisfy({ !$0.isEmpty }) else {
            sink.report(SemanticDiagnostics.badAttachPoint(point, "expected usdt:BINARY:NAME or usdt:BINARY:PROVIDER:NAME")); return []
        }
        guard let path = catalogue.resolveBinary(rest[0]) else {
            sink.report(SemanticDiagnostics.binaryNotFound(point, binary: rest[0])); return []
        }
        let providerPattern = rest.count == 3 ? rest[1] : "*"
        let sites: [USDTProbeSite]
        do {
            sites = try catalogue.usdtProbes(inBinary: path)
                .filter { globMatches(providerPattern, $0.provider) && globMatches(rest.last!, $0.name) }
        } catch {
            sink.report(SemanticDiagnostics.userProbeLookupFailed(point, "\(error)")); return []
        }
        if sites.isEmpty { sink.report(SemanticDiagnostics.noProbesMatched(point)); return [] }
        return sites.map { site in
            let fields = site.arguments.enumerated().map { index, spec in
                USDTArgument(spec).map { TracepointField(name: "arg\(index)", cType: spec, offset: 0, size: $0.size, isSigned: $0.isSigned) }
                    ?? TracepointField(name: "arg\(index)", cType: spec, offset: 0, size: 8, isSigned: false)
            }
            return ResolvedAttachPoint(target: .uprobe(path: site.path, symbol: "", offset: site.address),
                                       probeName: "usdt:\(site.path):\(site.provider):\(site.name)", programKind: provider.programKind,
                                       tracepointFormat: TracepointFormat(category: "usdt", name: "\(site.provider):\(site.name)", fields: fields))
        }
    }

    func hasWildcard(_ text: String) -> Bool { text.contains { "*?[".contains($0) } }

    static func parseAddress(_ text: String) -> UInt64? {
        if text.hasPrefix("0x") { return UInt64(text.dropFirst(2), radix: 16) }
        guard let first = text.first, first.isNumber else { return nil }
        return UInt64(text)
    }
}
