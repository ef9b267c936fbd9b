// Finds tracefs (mounting it at /sys/kernel/tracing when nothing provides it) and reads its files.

import CLibbpf
import Foundation

public enum Tracefs {
    static let standardRoot = "/sys/kernel/tracing"
    static let debugfsRoot = "/sys/kernel/debug/tracing"

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cachedRoot: String?

    /// Root of a mounted tracefs, mounting it at /sys/kernel/tracing if needed.
    public static func ensureMounted() throws -> String {
        lock.lock(); defer { lock.unlock() }
        if let cachedRoot, isTracefsRoot(cachedRoot) { return cachedRoot }
        for candidate in [standardRoot, debugfsRoot] where isTracefsRoot(candidate) {
            cachedRoot = candidate
            return candidate
        }
        guard FileManager.default.fileExists(atPath: standardRoot) else {
            throw RuntimeError.tracefsUnavailable(reason: "\(standardRoot) does not exist")
        }
        if mount("tracefs", standardRoot, "tracefs", 0, nil) != 0 {
            let code = errno
            // Someone may have mounted it meanwhile.
            if isTracefsRoot(standardRoot) { cachedRoot = standardRoot; return standardRoot }
            throw RuntimeError.tracefsUnavailable(
                reason: "mounting tracefs at \(standardRoot) failed: \(errnoDescription(code))")
        }
        cachedRoot = standardRoot
        return standardRoot
    }

    /// Reads a file below the tracefs root.
    static func read(_ relativePath: String) throws -> String {
        let path = try ensureMounted() + "/" + relativePath
        return try readTextFile(path)
    }

    /// Path of the `format` file of a tracepoint.
    static func formatPath(category: String, name: String) throws -> String {
        try ensureMounted() + "/events/\(category)/\(name)/format"
    }

    private static func isTracefsRoot(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path + "/events")
            && FileManager.default.fileExists(atPath: path + "/available_events")
    }
}

/// Reads a whole (possibly pseudo-) file as text; procfs/tracefs files report size 0, so read
/// until end of file.
func readTextFile(_ path: String) throws -> String {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { throw RuntimeError.fileUnreadable(path: path, reason: errnoDescription(errno)) }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EINTR { continue }
            throw RuntimeError.fileUnreadable(path: path, reason: errnoDescription(errno))
        }
        if count == 0 { break }
        bytes.append(contentsOf: chunk[0..<count])
    }
    return String(decoding: bytes, as: UTF8.self)
}
