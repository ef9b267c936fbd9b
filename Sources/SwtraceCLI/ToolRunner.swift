// Runs a tool's program through the same session as swtrace, or prints it for --emit.
import Foundation
import SwtraceOutput

public enum ToolRunner {
    /// Returns the exit status. `formatter` renders the tool's own layout for the chosen format
    /// (nil keeps swtrace's printer for that format); `announce` is a line for stderr before the
    /// program runs or is emitted (which probes a tool chose, and why).
    public static func run(_ program: ToolProgram, options: ToolOptions, announce: String? = nil,
                           formatter: (OutputFormat) -> (any OutputFormatter)? = { _ in nil }) -> Int32 {
        var program = program
        program.duration = options.duration
        let tool = ProcessInfo.processInfo.processName
        if options.version {
            print("\(tool) (\(SwtraceCommandMain.version))")
            return 0
        }
        // Without root every probe fails to attach, one diagnostic each: say it once instead.
        if !options.emit && geteuid() != 0 {
            FileHandle.standardError.write(Data("ERROR: \(tool) needs root to trace (CAP_BPF and CAP_PERFMON).\n".utf8))
            return 1
        }
        if let announce { FileHandle.standardError.write(Data("\(tool): \(announce)\n".utf8)) }
        if options.emit {
            print(program.text, terminator: "")
            return 0
        }
        var run = runOptions(program, options: options, tool: tool)
        run.formatter = formatter(options.format)
        return Session.run(run)
    }

    /// The run of `program` for `options`. Diagnostics about the program (a kernel without what it
    /// needs) name it `TOOL.bt`, with the lines `--emit` prints, not `stdin`.
    public static func runOptions(_ program: ToolProgram, options: ToolOptions, tool: String) -> RunOptions {
        var run = RunOptions()
        run.program = .embedded(program.text, name: tool + ".bt")
        run.pid = options.pid
        run.verbose = options.verbose
        // Warnings speak to a program's author; a tool's user can do nothing about them.
        run.warnings = false
        run.format = options.format
        run.outputPath = options.outputPath
        return run
    }
}
