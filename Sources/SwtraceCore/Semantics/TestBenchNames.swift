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
                    sink.report(SemanticDiagnostics.repeatedProbeName(point, name: name))
                    sink.report(SemanticDiagnostics.otherInstance(of: point, at: other))
                } else {
                    first[provider]?[name] = point.range
                }
            }
        }
    }
}

extension SemanticDiagnostics {
    /// bpftrace's words, with its upper-case provider names (TEST, BENCH).
    static func repeatedProbeName(_ point: AttachPoint, name: String) -> Diagnostic {
        Diagnostic(id: "duplicate-\(point.provider)-name",
                   message: "\"\(name)\" was used as the name for more than one \(point.provider.uppercased()) probe",
                   range: point.range)
    }

    /// Where a repeated name was first used (bpftrace's context note, as a second message).
    static func otherInstance(of point: AttachPoint, at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "duplicate-\(point.provider)-name", message: "this is the other instance", range: range)
    }
}
