// `watchpoint:ADDRESS:LENGTH:MODE`: a hardware breakpoint. With -p/-c the address is in that
// process; without, in the kernel. `watchpoint:FUNC+argN:LENGTH:MODE` (and asyncwatchpoint,
// which has only this form) watches the address a function of the traced process is given,
// armed at run time each time the function is entered.

extension AttachPointResolver {
    /// Access modes the x86-64 breakpoint registers offer (read-only watches do not exist there).
    static let watchpointModes = ["rw", "w", "x"]

    #if arch(arm64)
    /// bpftrace's machine name in "doesn't support argN", and the arguments passed in registers.
    static let machineName = "aarch64", registerArguments = 8
    #else
    static let machineName = "x86_64", registerArguments = 6
    #endif

    func resolveWatchpoint(_ point: AttachPoint, _ rest: [String], provider: ProbeProvider,
                           sink: inout DiagnosticSink) -> [ResolvedAttachPoint] {
        guard rest.count == 3 else {
            sink.report(SemanticDiagnostics.badAttachPoint(point,
                "\(provider.canonicalName) probe type requires 3 arguments, found \(rest.count)",
                hints: ["write \(provider.canonicalName):ADDRESS:LENGTH:MODE or \(provider.canonicalName):FUNCTION+argN:LENGTH:MODE, "
                        + "e.g. \(provider.canonicalName):0x10000000:8:w"]))
            return []
        }
        if rest[0].contains("+") { return resolveFunctionWatchpoint(point, rest, provider: provider, sink: &sink) }
        guard let address = Self.parseUnsigned(rest[0]) else {
            sink.report(SemanticDiagnostics.badAttachPoint(point, "Invalid function/address argument: \(rest[0])"))
            return []
        }
        var problems: [String] = []
        if provider.kind == .asyncWatchpoint { problems.append("\(provider.canonicalName) requires a function name") }
        if address == 0 { problems.append("watchpoint must be attached to a non-zero address") }
        guard let (length, mode) = checkLengthAndMode(point, rest, problems: problems, sink: &sink) else { return [] }
        let process = catalogue.tracedProcess
        // bpftrace's name: provider, the traced program, then address (decimal), length, mode.
        let name = [provider.canonicalName, process?.path, String(address), String(length), mode]
            .compactMap { $0 }.joined(separator: ":")
        return [ResolvedAttachPoint(target: .watchpoint(address: address, length: length, mode: mode, pid: process?.pid),
                                    probeName: name, programKind: provider.programKind)]
    }

    /// `FUNC+argN`: FUNC (a glob) in the traced process's binary, N an argument register.
    private func resolveFunctionWatchpoint(_ point: AttachPoint, _ rest: [String], provider: ProbeProvider,
                                           sink: inout DiagnosticSink) -> [ResolvedAttachPoint] {
        let pieces = rest[0].split(separator: "+", omittingEmptySubsequences: false).map(String.init)
        guard pieces.count == 2, !pieces[0].isEmpty else {
            sink.report(SemanticDiagnostics.badAttachPoint(point, "Invalid function/address argument"))
            return []
        }
        let function = pieces[0], argumentText = pieces[1]
        guard argumentText.hasPrefix("arg"), argumentText.count > 3, argumentText.dropFirst(3).allSatisfy(\.isASCII),
              let argument = Int(argumentText.dropFirst(3)), argument >= 0 else {
            sink.report(SemanticDiagnostics.badAttachPoint(point, "Invalid function argument"))
            return []
        }
        var problems: [String] = []
        let process = catalogue.tracedProcess
        if process == nil { problems.append("-p PID or -c CMD required for watchpoint") }
        if argument >= Self.registerArguments { problems.append("\(Self.machineName) doesn't support arg\(argument)") }
        guard let (length, mode) = checkLengthAndMode(point, rest, problems: problems, sink: &sink),
              let process else { return [] }
        var functions = [function]
        if hasWildcard(function) {
            do {
                functions = try catalogue.userFunctions(inBinary: process.path, matching: function)
            } catch {
                sink.report(SemanticDiagnostics.userProbeLookupFailed(point, "\(error)"))
                return []
            }
            if functions.isEmpty {
                // The candidates are the binary's functions, which uprobe listings show.
                sink.report(SemanticDiagnostics.noProbesMatched(point, listPattern: "uprobe:\(process.path):\(function)"))
                return []
            }
        }
        return functions.map { name in
            let watch = FunctionWatchpoint(path: process.path, function: name, argument: argument, length: length, mode: mode,
                                           pid: process.pid, stopsTracee: provider.kind == .watchpoint)
            // As bpftrace names it: the argument number where an address would be, left out when 0.
            let probeName = [provider.canonicalName, process.path, name, argument == 0 ? nil : String(argument), String(length), mode]
                .compactMap { $0 }.joined(separator: ":")
            return ResolvedAttachPoint(target: .functionWatchpoint(watch), probeName: probeName, programKind: provider.programKind)
        }
    }

    /// bpftrace's checks of LENGTH and MODE after `problems` found in the address part; the
    /// first problem is reported. Returns the length and the mode's sorted letters.
    private func checkLengthAndMode(_ point: AttachPoint, _ rest: [String], problems earlier: [String],
                                    sink: inout DiagnosticSink) -> (UInt64, String)? {
        var problems = earlier
        let length = Self.parseUnsigned(rest[1])
        if length == nil { problems.append("Invalid length argument: \(rest[1])") }
        else if ![1, 2, 4, 8].contains(length!) { problems.append("watchpoint length must be one of (1,2,4,8)") }
        let mode = String(rest[2].sorted())
        var modeHints: [String] = []
        if mode.isEmpty || mode.contains(where: { !"rwx".contains($0) }) {
            problems.append("watchpoint mode must be combination of (r,w,x)")
        } else if Set(mode).count != mode.count {
            problems.append("watchpoint modes may not be duplicated")
        } else if !Self.watchpointModes.contains(mode) {
            problems.append("invalid watchpoint mode: \(mode)")
            if problems.count == 1 { modeHints.append("supported modes: " + Self.watchpointModes.joined(separator: ",")) }
        }
        if let first = problems.first {
            sink.report(SemanticDiagnostics.badAttachPoint(point, first, hints: modeHints))
            return nil
        }
        return (length!, mode)
    }

    /// Decimal, `0x` hexadecimal or `0` octal, as bpftrace reads attach point numbers.
    static func parseUnsigned(_ text: String) -> UInt64? {
        let lower = text.lowercased()
        if lower.hasPrefix("0x") { return UInt64(lower.dropFirst(2), radix: 16) }
        if lower.count > 1, lower.hasPrefix("0") { return UInt64(lower.dropFirst(), radix: 8) }
        return UInt64(lower)
    }
}
