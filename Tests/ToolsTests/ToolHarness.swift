// Runs the built tools (and swtrace-workload as the traced process) with time limits, so the
// tool tests read as: start a tool, cause known events, compare the exact output.
import Foundation
import XCTest

enum Built {
    /// The directory of the test bundle's build (override: SWTRACE_BIN_DIR).
    static let directory: String = {
        if let override = ProcessInfo.processInfo.environment["SWTRACE_BIN_DIR"] { return override }
        let bundle = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: bundle).deletingLastPathComponent().path
    }()

    static func path(_ executable: String) -> String { directory + "/" + executable }

    /// The package root (for Man/, Completions/, Tools/).
    static let packageRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func require(_ executables: String...) throws {
        for name in executables + ["swtrace-workload"] where !FileManager.default.isExecutableFile(atPath: path(name)) {
            throw XCTSkip("\(path(name)) is not built: run `swift build --build-tests` first")
        }
    }

    static func requireRoot(_ executables: String...) throws {
        for name in executables { try require(name) }
        try XCTSkipUnless(geteuid() == 0, "tracing needs root")
    }
}

/// What a finished process printed.
struct Finished {
    var stdout: String
    var stderr: String
    var status: Int32

    var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
    var transcript: String { "status \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
}

/// A child process whose output goes to temporary files (a full pipe can never block it).
final class Child {
    private let process = Process()
    private let outURL: URL
    private let errURL: URL

    init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("toolstest-\(UUID().uuidString)")
        outURL = base.appendingPathExtension("out")
        errURL = base.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : Built.path(executable))
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
    }

    var pid: Int32 { process.processIdentifier }
    var running: Bool { process.isRunning }
    var stdout: String { (try? String(contentsOf: outURL, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: errURL, encoding: .utf8)) ?? "" }

    /// Waits until `text` appears on stdout (the tool's header: it has attached).
    func waitFor(_ text: String, timeout: TimeInterval = 60) throws {
        guard waitUntil(timeout, { stdout.contains(text) || !process.isRunning }), process.isRunning else {
            throw XCTSkip("tool did not start: \(finish(timeout: 5).transcript)")
        }
    }

    /// Waits for exit (SIGINT first if `interrupt`), killing it after `timeout` seconds.
    @discardableResult
    func finish(interrupt: Bool = false, timeout: TimeInterval = 60) -> Finished {
        if interrupt && process.isRunning { kill(process.processIdentifier, SIGINT) }
        if !waitUntil(timeout, { !process.isRunning }) {
            kill(process.processIdentifier, SIGKILL)
            _ = waitUntil(10) { !process.isRunning }
        }
        return Finished(stdout: stdout, stderr: stderr, status: process.isRunning ? -1 : process.terminationStatus)
    }
}

func waitUntil(_ timeout: TimeInterval, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}

/// swtrace-workload held at `wait-signal` until `go()`, so a tool can attach to it first.
final class HeldWorkload {
    let child: Child

    init(_ steps: [String], comm: String? = nil) throws {
        child = try Child("swtrace-workload", (comm.map { ["--comm", $0] } ?? []) + ["wait-signal"] + steps)
        // Blocked in rt_sigtimedwait(2) once /proc/PID/syscall names it (x86-64: 128, arm64: 137).
        let waitNumber = { () -> String in
            #if arch(arm64)
            return "137"
            #else
            return "128"
            #endif
        }()
        let held = waitUntil(20) {
            let text = (try? String(contentsOfFile: "/proc/\(child.pid)/syscall", encoding: .utf8)) ?? ""
            return text.hasPrefix(waitNumber + " ")
        }
        if !held { throw XCTSkip("workload \(steps) did not reach wait-signal") }
    }

    var pid: Int32 { child.pid }

    /// Runs the steps and waits for the workload to exit.
    func go() {
        release()
        child.finish(timeout: 60)
    }

    /// Runs the steps without waiting (for workloads that block again at a later wait-signal;
    /// they are killed when the test lets go of them).
    func release() {
        kill(child.pid, SIGUSR1)
    }
}

/// Runs `tool arguments` until it has printed `header`, then the workload, then waits for the tool
/// to end by itself (-p ends with the process, -d with the duration) or interrupts it.
func trace(_ tool: String, _ arguments: [String], header: String, workload: HeldWorkload? = nil,
           interrupt: Bool = false) throws -> Finished {
    let child = try Child(tool, arguments)
    try child.waitFor(header)
    workload?.go()
    if interrupt { usleep(300_000) }
    return child.finish(interrupt: interrupt)
}

/// Runs a tool that needs no events (help, --emit, -l) and returns its output.
func runTool(_ tool: String, _ arguments: [String]) throws -> Finished {
    try Child(tool, arguments).finish(timeout: 60)
}

/// Like `trace`, for `-o FILE`: waits for `header` in the file, and returns the file's content
/// as `stdout` of the result (the tool's own stdout must stay empty: checked here).
func traceToFile(_ tool: String, _ arguments: [String], header: String, workload: HeldWorkload? = nil,
                 waitForWorkload: Bool = true, interrupt: Bool = false) throws -> Finished {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("toolstest-\(UUID().uuidString).o").path
    defer { try? FileManager.default.removeItem(atPath: file) }
    let read = { (try? String(contentsOfFile: file, encoding: .utf8)) ?? "" }
    let child = try Child(tool, arguments + ["-o", file])
    guard waitUntil(60, { read().contains(header) || !child.running }), child.running else {
        throw XCTSkip("tool did not start: \(child.finish(timeout: 5).transcript)\n--- \(file)\n\(read())")
    }
    if waitForWorkload { workload?.go() } else { workload?.release() }
    if interrupt { usleep(300_000) }
    let finished = child.finish(interrupt: interrupt)
    XCTAssertEqual(finished.stdout, "", "\(tool) \(arguments) -o wrote to stdout")
    return Finished(stdout: read(), stderr: finished.stderr, status: finished.status)
}
