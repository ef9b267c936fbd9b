// The compile half of a session: source text -> syntax tree -> checked program -> BPF object.
// Diagnostics are rendered here, with the source line and underline.
import Foundation
import SwtraceCore
import SwtraceCodegen
import SwtraceRuntime

struct ProgramCompilation {
    let source: SourceFile
    let compiled: CompiledProgram
    let checked: CheckedProgram

    /// Returns nil after printing diagnostics when the program has errors.
    static func compile(_ source: SourceFile, options: RunOptions, pidFilter: Int32?, childPid: Int32?) -> ProgramCompilation? {
        do {
            let program = try Parser.parse(source)
            if options.debugStages.contains("ast") { writeError(SyntaxTreePrinter.describe(program)) }
            let semanticOptions = SemanticOptions(catalogue: LiveKernelCatalogue(), pidFilter: pidFilter,
                                                  positionalArguments: options.positionalArguments)
            let checked = try SemanticAnalyzer.analyze(program, source: source, options: semanticOptions)
            for warning in checked.warnings { writeError(DiagnosticRenderer.render(warning, in: source)) }
            let compileOptions = CompileOptions(possibleCPUs: ProcessInfo.processInfo.processorCount, childPid: childPid)
            let compiled = try BPFCompiler.compile(checked, options: compileOptions)
            if options.debugStages.contains("ir") { writeError(compiled.ir) }
            return ProgramCompilation(source: source, compiled: compiled, checked: checked)
        } catch let error as DiagnosticError {
            for diagnostic in error.diagnostics { writeError(DiagnosticRenderer.render(diagnostic, in: source)) }
        } catch let error as Diagnostic {
            writeError(DiagnosticRenderer.render(error, in: source))
        } catch {
            writeError("ERROR: \(error)\n")
        }
        return nil
    }

    /// Reads the program named by the options: `-e` text or a file (`-` is standard input).
    static func loadSource(_ program: RunOptions.ProgramSource) throws -> SourceFile {
        switch program {
        case .inline(let text):
            return SourceFile(name: "stdin", text: text)
        case .file(let path):
            if path == "-" {
                let data = FileHandle.standardInput.readDataToEndOfFile()
                return SourceFile(name: "stdin", text: String(decoding: data, as: UTF8.self))
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SessionError("cannot read program file '\(path)'")
            }
            return SourceFile(name: path, text: String(decoding: data, as: UTF8.self))
        }
    }
}
