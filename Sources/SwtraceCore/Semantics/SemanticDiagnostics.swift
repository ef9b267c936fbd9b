// Every diagnostic semantic analysis can report, each with a stable id; built here, not at
// the sites that detect the problem, so wording stays consistent and testable.

enum SemanticDiagnostics {
    static func unknownProvider(_ point: AttachPoint) -> Diagnostic {
        let written = point.provider
        var hints: [String] = []
        if let near = nearest(written, in: ProbeCatalogue.allNames) { hints.append("did you mean '\(near)'?") }
        return Diagnostic(id: "unknown-probe-type", message: "Invalid probe type: \(written)", range: point.range, hints: hints)
    }

    static func badAttachPoint(_ point: AttachPoint, _ detail: String, hints: [String] = []) -> Diagnostic {
        Diagnostic(id: "invalid-attach-point", message: "Invalid attach point '\(point.raw)': \(detail)", range: point.range, hints: hints)
    }

    static func noProbesMatched(_ point: AttachPoint) -> Diagnostic {
        Diagnostic(id: "no-probes-matched", message: "No probes matched '\(point.raw)'", range: point.range,
                   hints: ["list what exists with: swtrace -l '\(point.parts.prefix(2).joined(separator: ":")):*'"])
    }

    static func kernelQueryFailed(_ point: AttachPoint, _ detail: String) -> Diagnostic {
        Diagnostic(id: "kernel-query-failed", message: "Cannot look up '\(point.raw)': \(detail)", range: point.range)
    }

    static func unknownIdentifier(_ name: String, _ range: SourceRange, candidates: [String]) -> Diagnostic {
        var hints: [String] = []
        if let near = nearest(name, in: candidates) { hints.append("did you mean '\(near)'?") }
        return Diagnostic(id: "unknown-identifier", message: "Unknown identifier: '\(name)'", range: range, hints: hints)
    }

    static func unknownFunction(_ name: String, _ range: SourceRange, candidates: [String]) -> Diagnostic {
        var hints: [String] = []
        if let near = nearest(name, in: candidates) { hints.append("did you mean '\(near)'?") }
        return Diagnostic(id: "unknown-function", message: "Unknown function: '\(name)'", range: range, hints: hints)
    }

    static func builtinNotAvailable(_ name: String, _ range: SourceRange, probe: String, detail: String) -> Diagnostic {
        Diagnostic(id: "builtin-unavailable", message: "The \(name) builtin can not be used with '\(probe)' probes", range: range,
                   hints: detail.isEmpty ? [] : [detail])
    }

    static func wrongArgumentCount(_ function: String, _ range: SourceRange, expected: String, got: Int) -> Diagnostic {
        Diagnostic(id: "wrong-argument-count", message: "\(function)() requires \(expected) (\(got) provided)", range: range)
    }

    static func argumentType(_ function: String, _ range: SourceRange, position: Int, expected: String, got: SwType) -> Diagnostic {
        Diagnostic(id: "argument-type", message: "\(function)() expects \(expected) as argument \(position) (\(typeName(got)) provided)", range: range)
    }

    static func literalRequired(_ function: String, _ range: SourceRange, what: String) -> Diagnostic {
        Diagnostic(id: "literal-required", message: "\(function)(): \(what) must be a literal", range: range)
    }

    static func aggregationOutsideAssignment(_ function: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "aggregation-outside-map", message: "\(function)() must be assigned directly to a map", range: range,
                   hints: ["write it as @name = \(function)(...) or @name[key] = \(function)(...)"])
    }

    static func mapValueMismatch(_ map: String, _ range: SourceRange, existing: SwType, new: SwType) -> Diagnostic {
        Diagnostic(id: "map-value-mismatch",
                   message: "Type mismatch for \(map): trying to assign value of type '\(typeName(new))' when map already contains a value of type '\(typeName(existing))'",
                   range: range)
    }

    static func mapKeyMismatch(_ map: String, _ range: SourceRange, existing: [SwType], new: [SwType]) -> Diagnostic {
        Diagnostic(id: "map-key-mismatch",
                   message: "Argument mismatch for \(map): trying to access with arguments: [\(new.map(typeName).joined(separator: ", "))] when map expects arguments: [\(existing.map(typeName).joined(separator: ", "))]",
                   range: range)
    }

    static func undefinedMap(_ map: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "undefined-map", message: "Undefined map: \(map)", range: range,
                   hints: ["assign to \(map) somewhere in the program, e.g. \(map) = count()"])
    }

    static func readAggregation(_ map: String, _ range: SourceRange, _ aggregation: Aggregation) -> Diagnostic {
        Diagnostic(id: "read-aggregation", message: "Cannot read the value of \(map), which holds \(aggregation.functionName)() data, inside a probe",
                   range: range, hints: ["\(aggregation.functionName)() values are per-CPU and only printed from user space: use print(\(map))"])
    }

    static func undefinedVariable(_ name: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "undefined-variable", message: "Undefined or undeclared variable: \(name)", range: range)
    }

    static func variableTypeMismatch(_ name: String, _ range: SourceRange, existing: SwType, new: SwType) -> Diagnostic {
        Diagnostic(id: "variable-type-mismatch",
                   message: "Type mismatch for \(name): trying to assign value of type '\(typeName(new))' when variable already contains a value of type '\(typeName(existing))'",
                   range: range)
    }

    static func operandTypes(_ op: String, _ range: SourceRange, _ left: SwType, _ right: SwType) -> Diagnostic {
        Diagnostic(id: "operand-types", message: "Type mismatch for '\(op)': comparing '\(typeName(left))' with '\(typeName(right))'", range: range)
    }

    static func integerRequired(_ what: String, _ range: SourceRange, got: SwType) -> Diagnostic {
        Diagnostic(id: "integer-required", message: "\(what) requires an integer operand (\(typeName(got)) provided)", range: range)
    }

    static func unknownField(_ field: String, _ range: SourceRange, of what: String, candidates: [String]) -> Diagnostic {
        var hints: [String] = []
        if let near = nearest(field, in: candidates) { hints.append("did you mean '\(near)'?") }
        else if !candidates.isEmpty { hints.append("available: " + candidates.joined(separator: ", ")) }
        return Diagnostic(id: "unknown-field", message: "\(what) has no field named '\(field)'", range: range, hints: hints)
    }

    static func printfFormat(_ range: SourceRange, _ detail: String) -> Diagnostic {
        Diagnostic(id: "printf-format", message: detail, range: range)
    }

    static func unsupported(_ what: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "unsupported", message: "\(what) is not supported yet", range: range)
    }

    static func invalidAssignmentTarget(_ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "invalid-assignment", message: "Only maps (@name) and variables ($name) can be assigned to", range: range)
    }

    static func loopControlOutsideLoop(_ keyword: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "loop-control", message: "'\(keyword)' used outside of a loop", range: range)
    }

    static func positionalMissing(_ index: Int, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "positional-missing", severity: .warning,
                   message: "Positional parameter $\(index) was not given: it reads as 0 (or \"\" as a string)", range: range)
    }

    static func invalidCast(_ range: SourceRange, _ type: String) -> Diagnostic {
        Diagnostic(id: "invalid-cast", message: "Cannot cast to '\(type)'", range: range)
    }

    /// Name of a type as bpftrace spells it in messages.
    static func typeName(_ type: SwType) -> String {
        switch type {
        case .void: return "none"
        case .boolean: return "bool"
        case .integer(let bits, let signed): return "\(signed ? "int" : "uint")\(bits)"
        case .string(let size): return "string[\(size)]"
        case .buffer(let size): return "buffer[\(size)]"
        case .tuple(let elements): return "(" + elements.map(typeName).joined(separator: ", ") + ")"
        case .namedTuple(let names, let elements):
            return "(" + zip(names, elements).map { "\($0)=\(typeName($1))" }.joined(separator: ", ") + ")"
        case .pointer(let pointee): return typeName(pointee) + " *"
        case .record(let name, _): return name
        case .array(let element, let count): return "\(typeName(element))[\(count)]"
        case .probeName: return "probe"
        case .kernelStack: return "kstack"
        case .userStack: return "ustack"
        case .kernelSymbol: return "ksym"
        case .userSymbol: return "usym"
        case .formatted(let format): return format.typeName
        case .aggregation(let aggregation):
            switch aggregation {
            case .count: return "count_t"
            case .sum: return "sum_t"
            case .min: return "min_t"
            case .max: return "max_t"
            case .avg: return "avg_t"
            case .stats: return "stats_t"
            case .hist, .log2Hist: return "hist_t"
            case .lhist: return "lhist_t"
            case .tseries: return "tseries_t"
            }
        }
    }

    /// The closest candidate by edit distance, if close enough to be a likely typo.
    static func nearest(_ word: String, in candidates: [String]) -> String? {
        let limit = max(1, word.count / 3)
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(word, candidate)
            if distance <= limit, best == nil || distance < best!.1 { best = (candidate, distance) }
        }
        return best?.0
    }

    /// Edits (insert, delete, substitute, swap two neighbours) turning `a` into `b`: `pdi` is
    /// one swap from `pid`, the most common typo.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
