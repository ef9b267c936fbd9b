// Runs swtrace and the workload as subprocesses with hard time limits: a test never hangs.
import Foundation
import XCTest

struct HarnessError: Error, CustomStringConvertible {
    var description: String
}

/// What a finished swtrace run left behind.
struct TraceResult {
    var stdout: String
    var stderr: String
    /// Exit status, or the signal number when `crashed`.
    var status: Int32
    /// Ended by a signal it did not handle (a crash, or our SIGKILL after a timeout).
    var crashed: Bool
    var timedOut: Bool
    /// stdout exactly as written (`stdout` shows bytes that are not UTF-8 as U+FFFD).
    var stdoutBytes: [UInt8] = []

    /// stdout without the blank lines that frame the exit report (their exact count is the
    /// text printer's business, tested in SwtraceOutputTests); inner blank lines are kept.
    var report: String {
        var lines = stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while let first = lines.first, first.isEmpty { lines.removeFirst() }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    var stdoutLines: [String] {
        stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    var stderrLines: [String] {
        stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// For assertion messages.
    var transcript: String {
        "exit status \(status)\(crashed ? " (signal)" : "")\(timedOut ? " (timed out)" : "")\n"
            + "--- stdout ---\n\(stdout)\n--- stderr ---\n\(stderr)"
    }
}

/// Polls `condition` every 10 ms until it holds or `timeout` seconds pass.
func poll(timeout: TimeInterval, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}

/// One swtrace process whose output goes to temporary files (no pipe can fill up and block it).
final class TracerProcess {
    let arguments: [String]
    private let process = Process()
    private let stdoutURL: URL
    private let stderrURL: URL
    private var killedAfterTimeout = false

    /// `environment` is added to swtrace's inherited environment.
    init(_ arguments: [String], standardInput: String? = nil, environment: [String: String] = [:]) throws {
        self.arguments = arguments
        let directory = FileManager.default.temporaryDirectory
        let id = UUID().uuidString
        stdoutURL = directory.appendingPathComponent("swtrace-it-\(id).stdout")
        stderrURL = directory.appendingPathComponent("swtrace-it-\(id).stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: Executables.swtrace)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        if let standardInput {
            let stdinURL = directory.appendingPathComponent("swtrace-it-\(id).stdin")
            try standardInput.write(to: stdinURL, atomically: true, encoding: .utf8)
            process.standardInput = try FileHandle(forReadingFrom: stdinURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: stdoutURL)
        try? FileManager.default.removeItem(at: stderrURL)
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    var stdout: String { String(decoding: stdoutBytes, as: UTF8.self) }
    var stdoutBytes: [UInt8] { (try? [UInt8](Data(contentsOf: stdoutURL))) ?? [] }
    var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    /// Waits for `Attached N probe(s)` on stderr, the JSON `attached_probes` record on stdout,
    /// or (with -q) a line the program's BEGIN probe prints. Throws if swtrace exits first.
    func waitUntilAttached(marker: String? = nil, timeout: TimeInterval = 90) throws {
        let attached = poll(timeout: timeout) {
            if !process.isRunning { return true }
            if let marker { return stdout.contains(marker) }
            return stderr.contains("Attached ") || stdout.contains("\"attached_probes\"")
        }
        if !process.isRunning || !attached {
            let result = finish(timeout: 5)
            throw HarnessError(description: "swtrace \(arguments) did not attach\n\(result.transcript)")
        }
    }

    func interrupt() {
        if process.isRunning { kill(process.processIdentifier, SIGINT) }
    }

    /// Waits for exit; after `timeout` seconds sends SIGKILL and reports `timedOut`.
    @discardableResult
    func finish(timeout: TimeInterval = 60) -> TraceResult {
        if !poll(timeout: timeout, { !process.isRunning }) {
            killedAfterTimeout = true
            kill(process.processIdentifier, SIGKILL)
            _ = poll(timeout: 10) { !process.isRunning }
        }
        let crashed = process.isRunning ? true : process.terminationReason == .uncaughtSignal
        let status = process.isRunning ? SIGKILL : process.terminationStatus
        return TraceResult(stdout: stdout, stderr: stderr, status: status,
                           crashed: crashed, timedOut: killedAfterTimeout, stdoutBytes: stdoutBytes)
    }
}

/// A swtrace-workload process that has done its set-up and is blocked until `release()`.
final class Workload {
    let steps: [String]
    private let process = Process()

    /// `steps` are swtrace-workload steps, e.g. ["getppid", "1000"]; `comm` renames the process.
    init(_ steps: [String], comm: String? = nil) throws {
        self.steps = steps
        process.executableURL = URL(fileURLWithPath: Executables.workload)
        process.arguments = (comm.map { ["--comm", $0] } ?? []) + ["wait-signal"] + steps
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let number = Workload.rtSigtimedwait
        let blocked = poll(timeout: 20) {
            guard let text = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/syscall",
                                         encoding: .utf8) else { return false }
            return text.split(separator: " ").first == Substring(String(number))
        }
        guard blocked else {
            kill(process.processIdentifier, SIGKILL)
            throw HarnessError(description: "workload \(steps) never reached wait-signal")
        }
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    var pid: Int32 { process.processIdentifier }

    /// Lets the steps run (SIGUSR1) and waits for the workload to exit.
    func release(timeout: TimeInterval = 60) throws {
        kill(process.processIdentifier, SIGUSR1)
        guard poll(timeout: timeout, { !process.isRunning }) else {
            kill(process.processIdentifier, SIGKILL)
            throw HarnessError(description: "workload \(steps) did not finish in \(timeout) s")
        }
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw HarnessError(description: "workload \(steps) failed: status \(process.terminationStatus)")
        }
    }

    #if arch(x86_64)
    static let rtSigtimedwait = 128
    #elseif arch(arm64)
    static let rtSigtimedwait = 137
    #endif
}

/// The shapes of run the tests need.
enum Swtrace {
    /// Starts `swtrace ARGUMENTS`, waits until it has attached, lets `workload` run to the end,
    /// then presses Ctrl-C (SIGINT) and collects the output.
    static func trace(_ arguments: [String], during workload: Workload? = nil,
                      marker: String? = nil) throws -> TraceResult {
        let tracer = try TracerProcess(arguments)
        try tracer.waitUntilAttached(marker: marker)
        try workload?.release()
        // Events already sit in maps; give the ring-buffer reader a moment for printf lines.
        usleep(300_000)
        tracer.interrupt()
        return tracer.finish()
    }

    /// `trace` for a one-liner: `swtrace -e PROGRAM`.
    static func trace(program: String, during workload: Workload? = nil) throws -> TraceResult {
        try trace(["-e", program], during: workload)
    }

    /// Starts swtrace and lets it end by itself (exit(), -c child ended, -p process ended,
    /// errors, listings): attaching, if any, is not waited for, except to release `workload`.
    static func runToEnd(_ arguments: [String], during workload: Workload? = nil,
                         standardInput: String? = nil, environment: [String: String] = [:],
                         timeout: TimeInterval = 120) throws -> TraceResult {
        let tracer = try TracerProcess(arguments, standardInput: standardInput, environment: environment)
        if let workload {
            try tracer.waitUntilAttached()
            try workload.release()
        }
        return tracer.finish(timeout: timeout)
    }
}

/// A name no other process on the machine has: for paths and comms the tests look for.
func uniqueName(_ prefix: String, length: Int = 15) -> String {
    let suffix = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    return String((prefix + suffix).prefix(length))
}
