// Runs one swtrace session: parse, analyse, compile, load, attach, stream events, print maps.
import SwtraceCore

public enum Session {
    /// Returns the process exit status.
    public static func run(_ options: RunOptions) -> Int32 {
        return 1
    }
}
