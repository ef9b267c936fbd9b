// Diagnostics of record (struct/union), pointer and array access, worded as bpftrace words them.

extension SemanticDiagnostics {
    static func unknownRecord(_ name: String, _ range: SourceRange, candidates: [String], haveTypes: Bool) -> Diagnostic {
        var hints: [String] = []
        if !haveTypes {
            hints.append("kernel types come from BTF (/sys/kernel/btf/vmlinux), which is not available here")
        } else {
            // Compare the names after the keyword, among records of the same kind.
            let parts = name.split(separator: " ", maxSplits: 1).map(String.init)
            let keyword = parts.count == 2 ? parts[0] + " " : ""
            let bare = candidates.filter { $0.hasPrefix(keyword) }.map { String($0.dropFirst(keyword.count)) }
            if let near = nearestName(String(name.dropFirst(keyword.count)), in: bare) {
                hints.append("did you mean '\(keyword)\(near)'?")
            }
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

    /// `castable`: the base holds an address (a pointer, or a 64-bit integer such as arg0) that a
    /// cast to a struct pointer would make readable.
    static func fieldOfNonRecord(_ field: String, _ range: SourceRange, type: SwType, castable: Bool) -> Diagnostic {
        var hints: [String] = []
        if castable {
            hints.append("cast the address to a struct pointer first, e.g. ((struct task_struct *)x)->\(field)")
        }
        return Diagnostic(id: "field-of-non-record",
                          message: "Can not access field '\(field)' on expression of type '\(cTypeName(type))'",
                          range: range, hints: hints)
    }

    static func dereferenceRecord(_ range: SourceRange, type: SwType) -> Diagnostic {
        Diagnostic(id: "dereference-record",
                   message: "Can not dereference struct/union of type '\(cTypeName(type))'. It is not a pointer.",
                   range: range, hints: ["use '.' to reach its fields"])
    }

    static func dereferenceInvalid(_ op: String, _ range: SourceRange, type: SwType) -> Diagnostic {
        Diagnostic(id: "dereference-invalid",
                   message: "The \(op) operator can not be used on expressions of type '\(cTypeName(type))'", range: range)
    }

    static func indexInvalid(_ range: SourceRange, type: SwType) -> Diagnostic {
        Diagnostic(id: "index-invalid",
                   message: "The array index operator [] can not be used on expressions of type '\(cTypeName(type))'",
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
        Diagnostic(id: "cast-from", message: "Cannot cast from \"\(cTypeName(from))\" to \"\(cTypeName(to))\"", range: range)
    }

    /// `record` is the kernel struct/union the bare name probably meant ("struct task_struct").
    static func unknownTypeName(_ name: String, _ range: SourceRange, record: String? = nil) -> Diagnostic {
        Diagnostic(id: "unknown-type", message: "Unknown type: '\(name)'", range: range,
                   hints: [record.map { "did you mean '\($0)'?" }
                           ?? "integer types are int8 ... int64 and uint8 ... uint64; kernel types are written struct NAME"])
    }

    static func recordNameWithoutKeyword(_ name: String, _ range: SourceRange, record: String) -> Diagnostic {
        Diagnostic(id: "record-without-keyword", message: "Unknown identifier: '\(name)'", range: range,
                   hints: ["did you mean sizeof(\(record))?"])
    }

    static func offsetofNonRecord(_ path: String, _ range: SourceRange, type: SwType) -> Diagnostic {
        Diagnostic(id: "offsetof-non-record",
                   message: "offsetof(): '\(path)' is of type '\(cTypeName(type))', not a struct/union", range: range)
    }

    /// Type names as C spells pointers: `void *`, `struct path *`.
    static func cTypeName(_ type: SwType) -> String {
        switch type {
        case .void: return "void"
        case .pointer(let pointee): return cTypeName(pointee) + " *"
        default: return typeName(type)
        }
    }

    /// `nearest` over candidates of about the word's length: the kernel has thousands of records.
    static func nearestName(_ word: String, in candidates: [String]) -> String? {
        let limit = max(1, word.count / 3)
        return nearest(word, in: candidates.filter { abs($0.count - word.count) <= limit })
    }
}

extension SemanticDiagnostics {
    static func arrayOperator(_ op: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "array-operator", message: "The \(op) operator cannot be used on arrays.", range: range,
                   hints: ["arrays only compare with == and !="])
    }

    static func arrayComparisonSizes(_ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "array-comparison-sizes", message: "Only arrays of same size support comparison operators.", range: range)
    }

    static func arrayComparisonElements(_ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "array-comparison-elements",
                   message: "Only arrays of same sized integer support comparison operators.", range: range)
    }

    static func arrayCastSize(_ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "array-cast-size",
                   message: "Cannot determine array size: the element size is incompatible with the cast integer size",
                   range: range, hints: ["write the length, e.g. (uint8[8])"])
    }

    static func distinctPointerComparison(_ range: SourceRange, _ left: SwType, _ right: SwType) -> Diagnostic {
        Diagnostic(id: "distinct-pointer-comparison", severity: .warning,
                   message: "comparison of distinct pointer types: \(cTypeName(left)), \(cTypeName(right))", range: range,
                   hints: ["cast one side, e.g. (\(cTypeName(left)) *), if they point to the same memory"])
    }

    static func recordTooLargeToCopy(_ name: String, _ size: Int, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "record-too-large", message: "Copying a whole \(size)-byte \(name) is not supported",
                   range: range, hints: ["read the fields you need instead, e.g. (...).field"])
    }
}
