// Runs one swtrace session: compile, load, attach, stream events until exit/signal/child end,
// then run END and print the maps.
import Foundation
import SwtraceCore
import SwtraceCodegen
import SwtraceOutput
import SwtraceRuntime

public enum Session {
    /// Returns the process exit status.
    public static func run(_ options: RunOptions) -> Int32 {
        LibbpfLog.install(verbose: options.verbose && !options.listProbes)
        do {
            if options.info {
                print(KernelInfoReport.text())
                return 0
            }
            if options.listProbes {
                _ = try Tracefs.ensureMounted()
                let listing: String
                if let programSource = options.program {
                    guard let programListing = try ProgramProbeListing.listing(of: ProgramCompilation.loadSource(programSource),
                                                                                verbose: options.verbose) else { return 1 }
                    listing = programListing
                } else {
                    // As bpftrace: a pattern that looks like a script the user mistyped gets a word.
                    if let pattern = options.listPattern, pattern.hasSuffix(".bt"), options.warnings {
                        writeError("WARNING: It appears that '\(pattern)' is a filename but the file does not exist. "
                                   + "Treating '\(pattern)' as a search pattern.\n")
                    }
                    listing = try ProbeLister.list(pattern: options.listPattern, verbose: options.verbose)
                }
                print(listing, terminator: listing.isEmpty || listing.hasSuffix("\n") ? "" : "\n")
                return 0
            }
            guard let programSource = options.program else {
                writeError("ERROR: no program given (use -e PROGRAM or a file)\n")
                return 1
            }
            var source = try ProgramCompilation.loadSource(programSource)
            source.includes = options.includeFiles
            _ = try? Tracefs.ensureMounted()
            // The child is created (held before exec) first so `cpid` knows its pid. Like bpftrace,
            // -c does not filter probes by pid; -p does.
            let child = try options.command.map { try TracedCommand(command: $0) }
            defer { if let child, !child.hasExited { child.terminate() } }
            guard let compilation = ProgramCompilation.compile(source, options: options, pidFilter: options.pid,
                                                               child: child) else {
                return 1
            }
            let output = try OutputSink(path: options.outputPath, mode: options.bufferMode)
            let formatter: OutputFormatter = options.formatter ?? (options.format == .json ? JSONFormatter() : TextFormatter())
            let execution: Execution
            do {
                execution = try Execution(compiled: compilation.compiled, output: output, formatter: formatter, options: options)
            } catch let error as RuntimeError {
                guard let refusal = HelperRefusal(error, compilation) else { throw error }
                writeError(refusal.rendered)
                if options.verbose { writeError("\(error)\n") }
                return 1
            }
            execution.printsMapsAtExit = compilation.settings.printMapsOnExit
            execution.missingProbes = compilation.settings.missingProbes
            execution.maxCatBytes = compilation.settings.maxCatBytes
            switch options.runMode {
            case .test: return try execution.runTests()
            case .bench: return try execution.runBenchmarks()
            case .trace:
                if let hint = ProbeRunModeHint.message(for: compilation) {
                    writeError(hint)
                    return 1
                }
                if compilation.compiled.plan.programs.isEmpty {
                    // As bpftrace: nothing is left to run once missing_probes removed every probe.
                    if !options.quiet { output.write("No probes to attach\n") }
                    return 1
                }
                return try execution.run(child: child)
            }
        } catch {
            writeError("ERROR: \(error)\n")
            return 1
        }
    }
}
