// Each test:NAME and bench:NAME names one probe, as in bpftrace: a name used twice would make
// two report lines (or table rows) that cannot be told apart.

enum TestBenchNames {
    /// Reports every repeated name at its repetition, with the first use as "the other instance".
    static func check(_ program: Program, sink: inout DiagnosticSink) {
        var first: [String: [String: SourceRange]] = ["test": [:], "bench": [:]]
        for probe in program.probes {
            for point in probe.attachPoints where point.parts.count == 2 && !point.parts[1].isEmpty {
                let provider = point.provider
                guard let seen = first[provider] else { continue }
                let name = point.parts[1]
                if let other = seen[name] {
                    sink.report(Diagnostic(id: "duplicate-\(provider)-name",
                                           message: "\"\(name)\" was used as the name for more than one \(provider.uppercased()) probe",
                                           range: point.range))
                    sink.report(Diagnostic(id: "duplicate-\(provider)-name", message: "this is the other instance", range: other))
                } else {
                    first[provider]?[name] = point.range
                }
            }
        }
    }
}
