// Test programs compiled at test time for the standard library's tests (user stacks and
// symbols need functions whose names the test knows), and kernel symbol names to check
// symbolised kernel stacks against.
import Foundation
import XCTest

/// A C program built in a temporary directory with frame pointers and symbols.
struct CompiledCProgram {
    let directory: URL
    let path: String

    init(name: String, source: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("swtrace-c-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let sourceURL = directory.appendingPathComponent("\(name).c")
        try source.write(to: sourceURL, atomically: true, encoding: .utf8)
        path = directory.appendingPathComponent(name).path
        let candidates = ["/usr/bin/gcc", "/usr/bin/cc", "/usr/bin/clang", "/opt/swift/usr/bin/clang"]
        guard let compiler = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("no C compiler")
        }
        let build = Process()
        build.executableURL = URL(fileURLWithPath: compiler)
        build.arguments = ["-g", "-O0", "-fno-omit-frame-pointer", "-o", path, sourceURL.path]
        try build.run()
        build.waitUntilExit()
        guard build.terminationStatus == 0 else { throw XCTSkip("\(compiler) could not build \(name).c") }
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// A running process of a compiled program, stopped until `signal()`.
final class CProgramProcess {
    private let process = Process()
    private let program: CompiledCProgram

    init(_ program: CompiledCProgram, arguments: [String] = []) throws {
        self.program = program
        process.executableURL = URL(fileURLWithPath: program.path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        guard waitForSigwait() else {
            stop()
            throw HarnessError(description: "\(program.path) never reached its first sigwait")
        }
    }

    var pid: Int32 { process.processIdentifier }

    /// Sends SIGUSR1 (the programs wait for it between phases).
    func signal() { kill(process.processIdentifier, SIGUSR1) }

    /// Runs `swtrace -e program` while this process does its next phase (after SIGUSR1), then
    /// presses Ctrl-C once the phase is over; the process stays alive, so user symbols still
    /// resolve at exit.
    func trace(_ program: String) throws -> TraceResult {
        let tracer = try TracerProcess(["-e", program])
        try tracer.waitUntilAttached()
        signal()
        let finished = waitForSigwait()
        usleep(100_000)  // the last printf events, already in the ring buffer, reach the reader
        tracer.interrupt()
        let result = tracer.finish()
        guard finished else { throw HarnessError(description: "the phase did not end\n\(result.transcript)") }
        return result
    }

    /// Waits until the process sleeps in sigwait with no SIGUSR1 pending: after `signal()`, that
    /// is the next sigwait, so the phase in between is over. (/proc/PID/syscall shows a syscall
    /// only while the task sleeps in it; a task woken by the signal reads as "running".)
    private func waitForSigwait(timeout: TimeInterval = 30) -> Bool {
        let pid = process.processIdentifier
        return poll(timeout: timeout) {
            guard process.isRunning else { return true }
            guard let syscall = try? String(contentsOfFile: "/proc/\(pid)/syscall", encoding: .utf8),
                  syscall.split(separator: " ").first == Substring(String(Workload.rtSigtimedwait)),
                  let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return false }
            let usr1: UInt64 = 1 << (UInt64(SIGUSR1) - 1)
            for line in status.split(separator: "\n") where line.hasPrefix("SigPnd:") || line.hasPrefix("ShdPnd:") {
                guard let mask = UInt64(line.split(separator: "\t").last ?? "", radix: 16), mask & usr1 == 0 else { return false }
            }
            return true
        }
    }

    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }
}

enum KernelSymbolNames {
    /// Every function name in /proc/kallsyms.
    static func all() throws -> Set<String> {
        // /proc files report size 0: read them to the end rather than by their size.
        guard let handle = FileHandle(forReadingAtPath: "/proc/kallsyms") else { throw XCTSkip("no /proc/kallsyms") }
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        var names = Set<String>()
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 3)
            if parts.count >= 3 { names.insert(String(parts[2])) }
        }
        return names
    }
}

extension TraceResult {
    /// Frames of the stacks in the exit report: lines indented by 8 spaces, without `+offset`.
    var stackFrameNames: [String] {
        stdoutLines.filter { $0.hasPrefix("        ") }.map { line in
            let frame = line.trimmingCharacters(in: .whitespaces)
            return frame.split(separator: "+").first.map(String.init) ?? frame
        }
    }
}
