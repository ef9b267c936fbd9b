// `watchpoint:ADDRESS:LENGTH:MODE` (and `asyncwatchpoint`, the same for an absolute address):
// a hardware breakpoint. With -p/-c the address is in that process; without, in the kernel.

extension AttachPointResolver {
    /// Access modes the x86-64 breakpoint registers offer (read-only watches do not exist there).
    static let watchpointModes = ["rw", "w", "x"]

    func resolveWatchpoint(_ point: AttachPoint, _ rest: [String], provider: ProbeProvider,
                           sink: inout DiagnosticSink) -> [ResolvedAttachPoint] {
        guard rest.count == 3 else {
            sink.report(SemanticDiagnostics.badAttachPoint(point,
                "\(provider.canonicalName) probe type requires 3 arguments, found \(rest.count)",
                hints: ["write \(provider.canonicalName):ADDRESS:LENGTH:MODE, e.g. \(provider.canonicalName):0x10000000:8:w"]))
            return []
        }
        guard let address = Self.parseUnsigned(rest[0]) else {
            // bpftrace's older `function+argN` form needs the function's uprobe to arm the
            // breakpoint at run time; swtrace watches absolute addresses only.
            sink.report(SemanticDiagnostics.badAttachPoint(point, "Invalid function/address argument: \(rest[0])",
                hints: rest[0].contains("+") ? ["only absolute addresses can be watched, not function+argN"] : []))
            return []
        }
        var problems: [String] = []
        if address == 0 { problems.append("watchpoint must be attached to a non-zero address") }
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
            modeHints.append("supported modes: " + Self.watchpointModes.joined(separator: ","))
        }
        if let first = problems.first {
            sink.report(SemanticDiagnostics.badAttachPoint(point, first, hints: modeHints))
            return []
        }
        let process = catalogue.tracedProcess
        // bpftrace's name: provider, the traced program, then address (decimal), length, mode.
        let name = [provider.canonicalName, process?.path, String(address), String(length!), mode]
            .compactMap { $0 }.joined(separator: ":")
        return [ResolvedAttachPoint(target: .watchpoint(address: address, length: length!, mode: mode, pid: process?.pid),
                                    probeName: name, programKind: provider.programKind)]
    }

    /// Decimal, `0x` hexadecimal or `0` octal, as bpftrace reads attach point numbers.
    static func parseUnsigned(_ text: String) -> UInt64? {
        let lower = text.lowercased()
        if lower.hasPrefix("0x") { return UInt64(lower.dropFirst(2), radix: 16) }
        if lower.count > 1, lower.hasPrefix("0") { return UInt64(lower.dropFirst(), radix: 8) }
        return UInt64(lower)
    }
}
