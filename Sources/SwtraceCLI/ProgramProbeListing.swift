// `swtrace -l -e PROGRAM` / `swtrace -l FILE`: the probes the program's attach points match,
// as `-l PATTERN` lists them, instead of every probe of the machine.
import SwtraceCore
import SwtraceRuntime

enum ProgramProbeListing {
    /// The listing, or nil after printing the program's syntax errors.
    static func listing(of source: SourceFile, verbose: Bool) throws -> String? {
        let program: Program
        do {
            program = try Parser.parse(source)
        } catch where ProgramCompilation.writeDiagnostics(of: error, in: source) {
            return nil
        }
        var listed: Set<String> = []
        var output = ""
        for point in program.probes.flatMap(\.attachPoints) where listed.insert(point.raw).inserted {
            output += try ProbeLister.list(pattern: point.raw, verbose: verbose)
        }
        return output
    }
}
