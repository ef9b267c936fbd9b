// Runs a tool's program through the same session as swtrace, or prints it for --emit.
import Foundation
import SwtraceOutput

public enum ToolRunner {
    /// Returns the exit status. `formatter` renders the tool's own layout for the chosen format
    /// (nil keeps swtrace's printer for that format).
    public static func run(_ program: ToolProgram, options: ToolOptions,
                           formatter: (OutputFormat) -> (any OutputFormatter)? = { _ in nil }) -> Int32 {
        var program = program
        program.duration = options.duration
        if options.version {
            print("\(ProcessInfo.processInfo.processName) (\(SwtraceCommandMain.version))")
            return 0
        }
        if options.emit {
            print(program.text, terminator: "")
            return 0
        }
        var run = RunOptions()
        run.program = .inline(program.text)
        run.pid = options.pid
        run.verbose = options.verbose
        run.format = options.format
        run.outputPath = options.outputPath
        run.formatter = formatter(options.format)
        return Session.run(run)
    }
}
