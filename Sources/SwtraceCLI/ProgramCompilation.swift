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
    let settings: ProgramSettings

    /// Returns nil after printing diagnostics when the program has errors.
    static func compile(_ source: SourceFile, options: RunOptions, pidFilter: Int32?, child: TracedCommand?) -> ProgramCompilation? {
        do {
            let program = try Parser.parse(source)
            if options.debugStages.contains("ast") { writeError(SyntaxTreePrinter.describe(program)) }
            let resolution = try ProgramSettings.resolve(config: program.config,
                                                         environment: ProcessInfo.processInfo.environment)
            if options.warnings {
                for warning in resolution.environmentWarnings { writeError("WARNING: \(warning)\n") }
                for warning in resolution.warnings { writeError(DiagnosticRenderer.render(warning, in: source)) }
            }
            let settings = resolution.settings
            var semanticOptions = SemanticOptions(catalogue: LiveKernelCatalogue(pid: pidFilter,
                                                                                   command: child.map { ($0.pid, $0.command) }), pidFilter: pidFilter,
                                                  positionalArguments: options.positionalArguments,
                                                  maxStringSize: settings.maxStrlen)
            semanticOptions.allowsUnsafe = options.unsafe
            semanticOptions.runMode = options.runMode
            semanticOptions.missingProbes = settings.missingProbes
            let checked = try SemanticAnalyzer.analyze(program, source: source, options: semanticOptions)
            if options.warnings {
                for warning in checked.warnings { writeError(DiagnosticRenderer.render(warning, in: source)) }
            }
            if options.helperErrorChecks { HelperErrorChecks.enabled = true }
            let compiled = try BPFCompiler.compile(checked, options: compileOptions(settings, childPid: child?.pid))
            if DebugStages.wantsIR(options.debugStages) { writeError(compiled.ir) }
            if options.debugStages.contains("plan") { writeError(DebugStages.describe(compiled.plan)) }
            let probeCount = compiled.plan.attachedProbeCount
            if probeCount > settings.maxProbes {
                // Checked before anything loads: thousands of attached probes can stall a machine.
                writeError("ERROR: Can't attach to \(probeCount) probes because it exceeds the current limit of "
                           + "\(settings.maxProbes) probes.\nHINT: raise the limit with config = { max_probes = N } or "
                           + "BPFTRACE_MAX_PROBES, knowing that many attached probes slow the whole system down\n")
                return nil
            }
            return ProgramCompilation(source: source, compiled: compiled, checked: checked, settings: settings)
        } catch where writeDiagnostics(of: error, in: source) {
        } catch let error as CodegenError {
            writeError(error.diagnostic.map { DiagnosticRenderer.render($0, in: source) } ?? "ERROR: \(error)\n")
        } catch {
            writeError("ERROR: \(error)\n")
        }
        return nil
    }

    /// Renders `error` when it is the front end's diagnostics (one or several); false otherwise.
    static func writeDiagnostics(of error: Error, in source: SourceFile) -> Bool {
        switch error {
        case let error as DiagnosticError:
            for diagnostic in error.diagnostics { writeError(DiagnosticRenderer.render(diagnostic, in: source)) }
        case let diagnostic as Diagnostic:
            writeError(DiagnosticRenderer.render(diagnostic, in: source))
        default:
            return false
        }
        return true
    }

    private static func compileOptions(_ settings: ProgramSettings, childPid: Int32?) -> CompileOptions {
        let cpus = ProcessInfo.processInfo.processorCount
        var options = CompileOptions(possibleCPUs: cpus, childPid: childPid, maxMapEntries: settings.maxMapKeys)
        if let pages = settings.perfRingBufferPages {
            // The kernel wants a power-of-two ring buffer of whole pages; pages is already a power of two.
            let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
            var size = pages * pageSize * cpus
            while size & (size - 1) != 0 { size &= size - 1 }
            options.ringBufferSize = size
        }
        return options
    }

    /// Reads the program named by the options: `-e` text or a file (`-` is standard input).
    static func loadSource(_ program: RunOptions.ProgramSource) throws -> SourceFile {
        switch program {
        case .inline(let text):
            // `-e` text from the raw arguments (ByteText): its literals keep bytes that are not UTF-8.
            return SourceFile(name: "stdin", bytes: ByteText.bytes(of: text))
        case .embedded(let text, let name):
            return SourceFile(name: name, text: text)
        case .file(let path):
            if path == "-" {
                let data = FileHandle.standardInput.readDataToEndOfFile()
                return SourceFile(name: "stdin", bytes: [UInt8](data))
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                // bpftrace's words, with the system's reason (a directory opens but does not read).
                let reason = access(path, R_OK) == 0 ? String(cString: strerror(EISDIR)) : String(cString: strerror(errno))
                throw SessionError("failed to open file '\(path)': \(reason)")
            }
            return SourceFile(name: path, bytes: [UInt8](data))
        }
    }
}
