// The `swtrace` command line (placeholder until argument parsing lands).
import ArgumentParser

public struct SwtraceCommandMain: ParsableCommand {
    public init() {}
    public func run() throws {}
}
