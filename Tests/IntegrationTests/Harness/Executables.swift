// Finds the built `swtrace` and `swtrace-workload` executables next to the test bundle.
import Foundation
import XCTest

enum Executables {
    /// Override with SWTRACE_BIN_DIR=/path/to/dir (for example to test an installed build).
    static let directory: URL = {
        let fileManager = FileManager.default
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["SWTRACE_BIN_DIR"] {
            candidates.append(URL(fileURLWithPath: override))
        }
        // On Linux the test bundle is itself an executable in the build directory.
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        if let path = try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: path).deletingLastPathComponent())
        }
        candidates.append(Bundle.main.bundleURL)
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        // Tests/IntegrationTests/Harness/Executables.swift -> package root -> .build/debug
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug"))
        for candidate in candidates
        where fileManager.isExecutableFile(atPath: candidate.appendingPathComponent("swtrace").path)
            && fileManager.isExecutableFile(atPath: candidate.appendingPathComponent("swtrace-workload").path) {
            return candidate
        }
        return candidates[0]
    }()

    static var swtrace: String { directory.appendingPathComponent("swtrace").path }
    static var workload: String { directory.appendingPathComponent("swtrace-workload").path }

    /// The workload's comm as the kernel reports it: its file name cut to 15 bytes.
    static let workloadComm = "swtrace-workloa"

    static func requireBuilt() throws {
        for path in [swtrace, workload] where !FileManager.default.isExecutableFile(atPath: path) {
            XCTFail("missing executable \(path): run `swift build` first (or set SWTRACE_BIN_DIR)")
            throw XCTSkip("executables not built")
        }
    }

    /// Tracing needs root; tests that attach probes call this first.
    static func requireRoot() throws {
        try requireBuilt()
        try XCTSkipUnless(geteuid() == 0, "tracing needs root (CAP_BPF and CAP_PERFMON)")
    }
}

/// The tracefs mount: /sys/kernel/tracing, or the old debugfs location.
enum Tracefs {
    static var root: String? {
        for path in ["/sys/kernel/tracing", "/sys/kernel/debug/tracing"]
        where FileManager.default.fileExists(atPath: path + "/events") {
            return path
        }
        return nil
    }

    /// `tracepoint:CATEGORY:NAME` for every event of a category whose name has `prefix`, sorted.
    static func tracepoints(category: String, prefix: String) throws -> [String] {
        guard let root else { throw XCTSkip("tracefs is not mounted") }
        let names = try FileManager.default.contentsOfDirectory(atPath: "\(root)/events/\(category)")
        return names
            .filter { $0.hasPrefix(prefix) }
            .filter { FileManager.default.fileExists(atPath: "\(root)/events/\(category)/\($0)/format") }
            .map { "tracepoint:\(category):\($0)" }
            .sorted()
    }
}
