// Routes libbpf's log: printed to stderr only in verbose mode, always captured so a verifier
// rejection can be reported with the log's tail.

import CLibbpf
import Foundation

public final class LibbpfLog: @unchecked Sendable {
    public static let shared = LibbpfLog()

    private let lock = NSLock()
    private var verbose = false
    private var captured = ""
    private static let captureLimit = 1 << 20

    private init() {}

    /// Installs the print callback (idempotent) and sets whether messages reach stderr.
    public static func install(verbose: Bool) {
        shared.lock.lock()
        shared.verbose = verbose
        shared.lock.unlock()
        _ = libbpf_set_print { level, format, arguments in
            guard let format, let arguments, let text = swtrace_vformat(format, arguments) else { return 0 }
            defer { free(text) }
            LibbpfLog.shared.record(level: level, message: String(cString: text))
            return 0
        }
    }

    private func record(level: libbpf_print_level, message: String) {
        lock.lock()
        let echo = verbose
        captured += message
        if captured.utf8.count > Self.captureLimit {
            captured = String(captured.suffix(Self.captureLimit / 2))
        }
        lock.unlock()
        if echo { FileHandle.standardError.write(message.data(using: .utf8) ?? Data()) }
    }

    /// Forgets what was captured (called before each load).
    func reset() {
        lock.lock(); captured = ""; lock.unlock()
    }

    /// All captured text since the last reset.
    public func text() -> String {
        lock.lock(); defer { lock.unlock() }
        return captured
    }

    /// The last `lines` lines of the most recent verifier log in the captured text, or of the
    /// captured warnings if no verifier log was printed.
    func verifierLogTail(lines: Int = 30) -> String {
        let all = text()
        var body = all
        if let begin = all.range(of: "-- BEGIN PROG LOAD LOG --", options: .backwards) {
            body = String(all[begin.upperBound...])
            if let end = body.range(of: "-- END PROG LOAD LOG --") { body = String(body[..<end.lowerBound]) }
        }
        let kept = body.split(separator: "\n", omittingEmptySubsequences: true).suffix(lines)
        return kept.joined(separator: "\n")
    }
}
