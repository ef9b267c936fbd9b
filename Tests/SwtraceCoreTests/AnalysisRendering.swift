// Shared by the diagnostic tests: a program through parsing and analysis, and everything
// reported rendered exactly as swtrace prints it (errors, or the warnings of a program that checks).
@testable import SwtraceCore

func renderedAnalysis(_ text: String, catalogue: KernelCatalogue = FixedCatalogue(), arguments: [String] = []) -> String {
    let source = SourceFile(name: "stdin", text: text)
    do {
        let checked = try SemanticAnalyzer.analyze(try Parser.parse(source), source: source,
                                                   options: SemanticOptions(catalogue: catalogue, positionalArguments: arguments))
        return DiagnosticRenderer.render(checked.warnings, in: source)
    } catch let error as DiagnosticError {
        return DiagnosticRenderer.render(error.diagnostics, in: source)
    } catch {
        return "unexpected: \(error)"
    }
}
