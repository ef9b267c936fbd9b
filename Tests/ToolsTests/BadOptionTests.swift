// Every tool refuses bad options with one clear message and a non-zero status, before tracing:
// usage errors exit 64 with the usage lines, an output file that cannot be opened exits 1.
import Foundation
import XCTest

final class BadOptionTests: XCTestCase {
    static let tools = ["opensnoop", "syscount", "readhist", "vfsreadlat"]

    /// What ArgumentParser prints after a validation message.
    func usage(_ tool: String) -> String {
        "Usage: \(tool) [<options>]\n  See '\(tool) --help' for more information.\n"
    }

    func testUsageErrorsSayWhatIsWrong() throws {
        for tool in Self.tools { try Built.require(tool) }
        let cases: [(String, [String], String)] = [
            ("opensnoop", ["-t", "0"], "Error: tid '0' is not a valid thread id.\n"),
            ("opensnoop", ["-n", ""], "Error: -n needs a name.\n"),
            ("syscount", ["--comm", ""], "Error: a process name cannot be empty.\n"),
            ("syscount", ["-T", "0"], "Error: top must be a positive number.\n"),
            ("readhist", ["-c", ""], "Error: a process name cannot be empty.\n"),
            ("readhist", ["-d", "0"], "Error: duration must be a positive number of seconds.\n"),
            ("vfsreadlat", ["-m", "-u"], "Error: -m and -u cannot be used together.\n"),
            ("vfsreadlat", ["-o", ""], "Error: -o needs a file name.\n"),
        ]
        for (tool, arguments, message) in cases {
            let result = try runTool(tool, arguments)
            XCTAssertEqual(result.status, 64, "\(tool) \(arguments): \(result.transcript)")
            XCTAssertEqual(result.stdout, "", "\(tool) \(arguments)")
            XCTAssertEqual(result.stderr, message + usage(tool), "\(tool) \(arguments)")
        }
    }

    /// -p takes a process id: a thread's id (which /proc also lists) is refused with the process's.
    func testThreadIdIsNotAProcessId() throws {
        for tool in Self.tools { try Built.require(tool) }
        // A thread of this test process, kept alive while the tools look at it.
        let started = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            started.signal()
            done.wait()
        }
        thread.start()
        started.wait()
        defer { done.signal() }
        let tasks = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").compactMap { Int32($0) }
        let tid = try XCTUnwrap(tasks.first { $0 != getpid() }, "\(tasks)")
        for tool in Self.tools {
            let result = try runTool(tool, ["-p", String(tid), "--emit"])
            XCTAssertEqual(result.status, 64, result.transcript)
            XCTAssertEqual(result.stderr, "Error: \(tid) is a thread of process \(getpid()): give -p \(getpid()).\n"
                           + usage(tool), result.transcript)
        }
        XCTAssertEqual(try runTool("opensnoop", ["-p", String(getpid()), "--emit"]).status, 0, "a process id is fine")
    }

    func testUnwritableOutputFileEndsTheRunBeforeTracing() throws {
        for tool in Self.tools { try Built.requireRoot(tool) }
        let path = "/nonexistent-\(UUID().uuidString)/out"
        for tool in Self.tools {
            let result = try runTool(tool, ["-d", "1", "-o", path])
            XCTAssertEqual(result.status, 1, result.transcript)
            XCTAssertEqual(result.stdout, "", result.transcript)
            let announce = tool == "vfsreadlat" ? "vfsreadlat: using tracepoint:syscalls:sys_enter_read/sys_exit_read "
                + "(this kernel has neither fentry nor kprobes)\n" : ""
            let error = "ERROR: cannot open output file '\(path)' for writing: No such file or directory\n"
            if tool == "vfsreadlat" {
                XCTAssertTrue(result.stderr.hasSuffix(error), result.transcript)
                if !FileManager.default.fileExists(atPath: "/sys/kernel/tracing/kprobe_events") {
                    XCTAssertEqual(result.stderr, announce + error, result.transcript)
                }
            } else {
                XCTAssertEqual(result.stderr, error, result.transcript)
            }
        }
    }
}
