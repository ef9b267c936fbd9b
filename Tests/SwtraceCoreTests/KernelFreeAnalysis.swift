// Shared by the value-type tests: a program analysed against FixedCatalogue without requiring
// kernel features, so bpftrace's own test programs (`kprobe:f { ... }`) check as written.
@testable import SwtraceCore

func kernelFreeAnalysis(_ text: String, arguments: [String] = []) throws -> CheckedProgram {
    let source = SourceFile(name: "stdin", text: text)
    return try SemanticAnalyzer.analyze(try Parser.parse(source), source: source,
        options: SemanticOptions(catalogue: FixedCatalogue(), positionalArguments: arguments, requireKernelFeatures: false))
}

/// The errors of `text` rendered as swtrace prints them, or "no error".
func kernelFreeErrors(_ text: String, arguments: [String] = []) -> String {
    do {
        _ = try kernelFreeAnalysis(text, arguments: arguments)
        return "no error"
    } catch let error as DiagnosticError {
        return DiagnosticRenderer.render(error.diagnostics, in: SourceFile(name: "stdin", text: text))
    } catch {
        return "unexpected: \(error)"
    }
}
