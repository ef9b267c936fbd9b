// Types `hist(n[, k])`: k (bpftrace's bits of linear subdivision per power of two) must be an
// integer literal (or numeric positional parameter) in 0...5: it decides the bucket layout the
// program is compiled with.

extension TypeChecker {
    /// The aggregation a checked `hist()` call stores; k = 0 is the plain power-of-two histogram.
    /// `types` are the arguments' types, already checked (a non-integer k is reported there).
    func checkHistogramBits(_ arguments: [Expr], _ types: [SwType], _ expr: Expr) -> Aggregation {
        guard arguments.count == 2, types[1].isInteger else { return .hist }
        guard let bits = literalInteger(arguments[1]) else {
            report(SemanticDiagnostics.histogramBitsNotLiteral(expr.range))
            return .hist
        }
        guard (0...Int64(HistogramBuckets.maxBits)).contains(bits) else {
            report(SemanticDiagnostics.histogramBitsOutOfRange(expr.range, bits: bits))
            return .hist
        }
        return bits == 0 ? .hist : .log2Hist(bits: Int(bits))
    }
}
