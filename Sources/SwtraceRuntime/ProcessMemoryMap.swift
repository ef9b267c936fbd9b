// The file-backed mappings of a process, from /proc/PID/maps: which file (and which offset
// in it) a user-space address belongs to.

import Foundation

public struct ProcessMemoryMap: Sendable {
    public struct Mapping: Sendable, Equatable {
        public let start: UInt64
        public let end: UInt64
        public let fileOffset: UInt64
        public let isExecutable: Bool
        /// Path of the mapped file as the process sees it; "[vdso]" style names for others.
        public let path: String
    }

    public let pid: Int32
    /// Sorted by start address.
    public let mappings: [Mapping]

    /// Reads /proc/PID/maps; throws when the process is gone.
    public init(pid: Int32) throws {
        try self.init(pid: pid, text: readTextFile("/proc/\(pid)/maps"))
    }

    /// Parses the text of a maps file, e.g.
    /// `55f683ec1000-55f683ed6000 r-xp 00004000 08:01 1843399    /usr/bin/ls`.
    public init(pid: Int32, text: String) {
        self.pid = pid
        var mappings: [Mapping] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count >= 5 else { continue }
            let range = fields[0].split(separator: "-")
            guard range.count == 2, let start = UInt64(range[0], radix: 16), let end = UInt64(range[1], radix: 16),
                  let offset = UInt64(fields[2], radix: 16) else { continue }
            var path = fields.count == 6 ? fields[5].trimmingCharacters(in: .whitespaces) : ""
            if path.hasSuffix(" (deleted)") { path = String(path.dropLast(" (deleted)".count)) }
            mappings.append(Mapping(start: start, end: end, fileOffset: offset,
                                    isExecutable: fields[1].contains("x"), path: path))
        }
        self.mappings = mappings.sorted { $0.start < $1.start }
    }

    /// The mapping containing `address`, if any.
    public func mapping(containing address: UInt64) -> Mapping? {
        var low = 0, high = mappings.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let mapping = mappings[middle]
            if address < mapping.start { high = middle - 1 } else if address >= mapping.end { low = middle + 1 } else { return mapping }
        }
        return nil
    }

    /// Where to open a mapped file from here: through /proc/PID/root when the process lives
    /// in another mount namespace (containers), otherwise the path itself.
    public func openablePath(_ path: String) -> String {
        let rooted = "/proc/\(pid)/root" + path
        if FileManager.default.fileExists(atPath: rooted) { return rooted }
        return path
    }
}
