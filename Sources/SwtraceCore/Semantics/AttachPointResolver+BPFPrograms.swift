// `fentry:bpf[:ID]:NAME` / `fexit:bpf[:ID]:NAME`: trampolines on the functions of BPF programs
// already loaded in the kernel, found through the catalogue like bpftrace's `fentry:bpf:*` list.

extension AttachPointResolver {
    /// `rest` follows `bpf`: `[NAME]` (every program with a function NAME) or `[ID, NAME]` (ID a
    /// number or `*`); NAME may be a wildcard. Each match is its own attach point, named
    /// `fentry:bpf:ID:NAME`, so `probe` tells them apart.
    func resolveBPFFunctions(_ point: AttachPoint, _ rest: [String], provider: ProbeProvider,
                             sink: inout DiagnosticSink) -> [ResolvedAttachPoint] {
        let type = provider.canonicalName
        guard let name = rest.last, !name.isEmpty else {
            sink.report(SemanticDiagnostics.badAttachPoint(point,
                "the 'bpf' variant of this probe requires a bpf program name and optional bpf program id",
                hints: ["e.g. \(type):bpf:NAME or \(type):bpf:ID:NAME; list them with: swtrace -l '\(type):bpf:*'"]))
            return []
        }
        guard rest.count <= 2 else {
            sink.report(SemanticDiagnostics.badAttachPoint(point, "expected \(type):bpf:NAME or \(type):bpf:ID:NAME"))
            return []
        }
        var wantedID: UInt32?
        if rest.count == 2, rest[0] != "*" {
            guard let id = UInt32(rest[0]) else {
                sink.report(SemanticDiagnostics.badAttachPoint(point, "bpf program id must be a number or '*'"))
                return []
            }
            wantedID = id
        }
        let functions: [RunningBPFFunction]
        do {
            functions = try catalogue.runningBPFFunctions()
        } catch {
            sink.report(SemanticDiagnostics.kernelQueryFailed(point, "\(error)"))
            return []
        }
        // bpftrace matches and orders the text `bpf:ID:NAME`, so ids sort as text (10 before 9).
        var seen: Set<String> = []
        let matches = functions
            .filter { function in (wantedID.map { $0 == function.programID } ?? true) && globMatches(name, function.name) }
            .filter { seen.insert("\($0.programID):\($0.name)").inserted }
            .sorted { "\($0.programID):\($0.name)" < "\($1.programID):\($1.name)" }
        if matches.isEmpty {
            sink.report(SemanticDiagnostics.noProbesMatched(point, listPattern: "\(type):bpf:*"))
            return []
        }
        return matches.map { function in
            ResolvedAttachPoint(target: .bpfFunction(programID: function.programID, function: function.name,
                                                     atExit: provider.kind == .fexit),
                                probeName: "\(type):bpf:\(function.programID):\(function.name)",
                                programKind: provider.programKind)
        }
    }
}
