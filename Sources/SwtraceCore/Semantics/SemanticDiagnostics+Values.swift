// Diagnostics of value shapes: histogram bits, named tuple fields.

extension SemanticDiagnostics {
    static func histogramBitsOutOfRange(_ range: SourceRange, bits: Int64) -> Diagnostic {
        Diagnostic(id: "hist-bits-range", message: "hist: bits \(bits) must be 0..\(HistogramBuckets.maxBits)", range: range)
    }

    static func histogramBitsNotLiteral(_ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "hist-bits-literal", message: "hist() expects a int literal (int provided)", range: range)
    }

    static func duplicateTupleField(_ name: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "named-tuple-duplicate", message: "Named tuple has more than one field named '\(name)'", range: range)
    }

    static func unknownTupleField(_ name: String, _ range: SourceRange, type: SwType, candidates: [String]) -> Diagnostic {
        var hints: [String] = []
        if let near = nearest(name, in: candidates) { hints.append("did you mean '\(near)'?") }
        return Diagnostic(id: "named-tuple-field", message: "Record '\(typeName(type))' has no field named '\(name)'", range: range, hints: hints)
    }
}
