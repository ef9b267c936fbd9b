// Diagnostics of value-shaping arguments: histogram bits.

extension SemanticDiagnostics {
    static func histogramBitsOutOfRange(_ range: SourceRange, bits: String) -> Diagnostic {
        Diagnostic(id: "hist-bits-range", message: "hist: bits \(bits) must be 0..\(HistogramBuckets.maxBits)", range: range)
    }

    static func histogramBitsNotLiteral(_ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "hist-bits-literal", message: "hist() expects a int literal (int provided)", range: range)
    }
}
