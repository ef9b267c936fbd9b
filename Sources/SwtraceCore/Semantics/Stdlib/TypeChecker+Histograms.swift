// Types `hist(n[, k])`: k (bpftrace's bits of linear subdivision per power of two) must be an
// integer literal in 0...5, because it decides the bucket layout the program is compiled with.

extension TypeChecker {
    /// The aggregation a checked `hist()` call stores; k = 0 is the plain power-of-two histogram.
    /// `types` are the arguments' types, already checked (a non-integer k is reported there).
    func checkHistogramBits(_ arguments: [Expr], _ types: [SwType], _ expr: Expr) -> Aggregation {
        guard arguments.count == 2, types[1].isInteger else { return .hist }
        switch arguments[1].kind {
        case .integer(let bits) where bits <= UInt64(HistogramBuckets.maxBits):
            return bits == 0 ? .hist : .log2Hist(bits: Int(bits))
        case .integer(let bits):
            report(SemanticDiagnostics.histogramBitsOutOfRange(expr.range, bits: "\(bits)"))
        case .unary(.negate, let inner):
            if case .integer(let bits) = inner.kind {
                report(SemanticDiagnostics.histogramBitsOutOfRange(expr.range, bits: "-\(bits)"))
            } else {
                report(SemanticDiagnostics.histogramBitsNotLiteral(expr.range))
            }
        default:
            report(SemanticDiagnostics.histogramBitsNotLiteral(expr.range))
        }
        return .hist
    }
}
