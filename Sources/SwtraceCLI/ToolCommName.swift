// A process name given to a tool's comm filter (syscount --comm, readhist -c, opensnoop -n), as
// the kernel stores it: at most 15 bytes (TASK_COMM_LEN - 1). A longer name could never match
// `comm`, so it is cut where the kernel cuts the names it keeps, and the tool says so.
import ArgumentParser

public struct ToolCommName: Sendable, Equatable {
    /// The bytes of a name the kernel keeps.
    public static let limit = 15

    /// The name as given.
    public var given: String
    /// The name `comm` can equal: `given`, cut to `limit` bytes at a character boundary.
    public var kernel: String

    public init(_ given: String) throws {
        guard !given.isEmpty else { throw ValidationError("a process name cannot be empty.") }
        self.given = given
        var bytes = 0
        kernel = String(given.prefix { character in
            bytes += String(character).utf8.count
            return bytes <= Self.limit
        })
    }

    /// The line a tool prints on stderr when the name was cut, else nil.
    public var notice: String? {
        kernel == given ? nil : "process names are at most \(Self.limit) bytes: matching '\(kernel)'"
    }
}
