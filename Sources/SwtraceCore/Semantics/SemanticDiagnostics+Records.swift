// Diagnostics of record (struct/union), pointer and array access, worded as bpftrace words them.

extension SemanticDiagnostics {
    static func unknownRecord(_ name: String, _ range: SourceRange, candidates: [String], haveTypes: Bool) -> Diagnostic {
        var hints: [String] = []
        if !haveTypes {
            hints.append("kernel types come from BTF (/sys/kernel/btf/vmlinux), which is not available here")
        } else if let near = nearestName(name, in: candidates) {
            hints.append("did you mean '\(near)'?")
        }
        return Diagnostic(id: "unknown-record", message: "Unknown struct/union: '\(name)'", range: range, hints: hints)
    }

    static func unknownRecordField(_ field: String, _ range: SourceRange, record: RecordDefinition) -> Diagnostic {
        var hints: [String] = []
        if let near = nearestName(field, in: record.fields.map(\.name)) { hints.append("did you mean '\(near)'?") }
        return Diagnostic(id: "unknown-record-field",
                          message: "Struct/union of type '\(record.name)' does not contain a field named '\(field)'",
                          range: range, hints: hints)
    }

    static func fieldOfPointer(_ field: String, _ range: SourceRange, type: SwType) -> Diagnostic {
        Diagnostic(id: "field-of-pointer",
                   message: "Can not access field '\(field)' on type '\(typeName(type))'. Try dereferencing it first, or using '->'",
                   range: range, hints: ["write it as x->\(field), or (*x).\(field)"])
    }

    static func fieldOfNonRecord(_ field: String, _ range: SourceRange, type: SwType) -> Diagnostic {
        var hints: [String] = []
        if type.isInteger {
            hints.append("cast the address to a struct pointer first, e.g. ((struct task_struct *)x)->\(field)")
        }
        return Diagnostic(id: "field-of-non-record",
                          message: "Can not access field '\(field)' on expression of type '\(typeName(type))'",
                          range: range, hints: hints)
    }

    static func dereferenceRecord(_ range: SourceRange, type: SwType) -> Diagnostic {
        Diagnostic(id: "dereference-record",
                   message: "Can not dereference struct/union of type '\(typeName(type))'. It is not a pointer.",
                   range: range, hints: ["use '.' to reach its fields"])
    }

    static func dereferenceInvalid(_ op: String, _ range: SourceRange, type: SwType) -> Diagnostic {
        Diagnostic(id: "dereference-invalid",
                   message: "The \(op) operator can not be used on expressions of type '\(typeName(type))'", range: range)
    }

    static func indexInvalid(_ range: SourceRange, type: SwType) -> Diagnostic {
        Diagnostic(id: "index-invalid",
                   message: "The array index operator [] can not be used on expressions of type '\(typeName(type))'",
                   range: range)
    }

    static func indexOutOfBounds(_ index: Int64, _ range: SourceRange, count: Int) -> Diagnostic {
        Diagnostic(id: "index-out-of-bounds",
                   message: "the index \(index) is out of bounds for array of size \(count)", range: range)
    }

    static func castToRecord(_ range: SourceRange, _ name: String) -> Diagnostic {
        Diagnostic(id: "cast-to-record", message: "Cannot cast to \"\(name)\"", range: range,
                   hints: ["cast to a pointer instead: (\(name) *)"])
    }

    static func castFrom(_ range: SourceRange, from: SwType, to: SwType) -> Diagnostic {
        Diagnostic(id: "cast-from", message: "Cannot cast from \"\(typeName(from))\" to \"\(typeName(to))\"", range: range)
    }

    static func unknownTypeName(_ name: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "unknown-type", message: "Unknown type: '\(name)'", range: range,
                   hints: ["integer types are int8 ... int64 and uint8 ... uint64; kernel types are written struct NAME"])
    }

    static func offsetofNonRecord(_ path: String, _ range: SourceRange, type: SwType) -> Diagnostic {
        Diagnostic(id: "offsetof-non-record",
                   message: "offsetof(): '\(path)' is of type '\(typeName(type))', not a struct/union", range: range)
    }

    /// The closest candidate, counting a swap of neighbours as one edit (`pdi` -> `pid`).
    static func nearestName(_ word: String, in candidates: [String]) -> String? {
        let limit = max(1, word.count / 3)
        var best: (name: String, distance: Int)?
        for candidate in candidates where abs(candidate.count - word.count) <= limit {
            let distance = swapAwareDistance(Array(word), Array(candidate))
            if distance <= limit, distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        return best?.name
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.
    static func swapAwareDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
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
