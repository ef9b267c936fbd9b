// The bpftrace tool scripts Debian installs (/usr/sbin/*.bt, bpftrace 0.17's tools) run as
// written: each attaches, sees the events the test causes, prints what bpftrace prints, and
// exits cleanly on Ctrl-C. Scripts that need kprobes are refused in one located error.
import Foundation
import XCTest

final class InstalledToolScriptsTests: XCTestCase {
    override func setUpWithError() throws {
        try Executables.requireRoot()
    }

    /// The installed script, or a skip where the bpftrace tools are not installed.
    private func script(_ name: String) throws -> String {
        let path = "/usr/sbin/\(name).bt"
        try XCTSkipUnless(FileManager.default.fileExists(atPath: path), "\(path) is not installed")
        return path
    }

    /// Starts swtrace on the script, waits for it to attach, causes the events, then Ctrl-C.
    private func run(_ path: String, events: () throws -> Void) throws -> TraceResult {
        let tracer = try TracerProcess([path])
        try tracer.waitUntilAttached()
        try events()
        // printf events travel through the ring buffer: let the reader catch up.
        usleep(300_000)
        tracer.interrupt()
        return tracer.finish()
    }

    /// Runs a program to its end and returns its pid (the events of a non-workload command).
    private func runCommand(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    private static var ownComm: String {
        ((try? String(contentsOfFile: "/proc/self/comm", encoding: .utf8)) ?? "")
            .trimmingCharacters(in: .newlines)
    }

    private func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    // syscount.bt prints and clears both maps in END: nothing may follow its two top-10 lists
    // (the probes are gone before END runs, as in bpftrace, so swtrace's own exit-time system
    // calls are not counted into maps printed at exit).
    func testSyscountPrintsTopTenListsAndNothingAfterEnd() throws {
        let path = try script("syscount")
        let comm = uniqueName("swtsc-")
        let workload = try Workload(["getppid", "300000"], comm: comm)

        let result = try run(path) { try workload.release() }

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertFalse(result.crashed, result.transcript)
        let lines = result.stdoutLines
        XCTAssertEqual(lines.first, "Counting syscalls... Hit Ctrl-C to end.", result.transcript)
        guard let ids = lines.firstIndex(of: "Top 10 syscalls IDs:"),
              let processes = lines.firstIndex(of: "Top 10 processes:"), ids < processes else {
            return XCTFail("no top-10 headers\n\(result.transcript)")
        }
        let syscalls = Array(lines[(ids + 1)..<processes])
        let tail = Array(lines[(processes + 1)...])
        XCTAssertTrue((1...10).contains(syscalls.count), result.transcript)
        XCTAssertTrue(syscalls.allSatisfy { $0.hasPrefix("@syscall[") }, result.transcript)
        XCTAssertTrue((1...10).contains(tail.count), result.transcript)
        XCTAssertTrue(tail.allSatisfy { $0.hasPrefix("@process[") }, result.transcript)
        // 300000 getppid() and the exit_group() after them.
        XCTAssertTrue(tail.contains("@process[\(comm)]: 300001"), result.transcript)
        XCTAssertEqual(result.stderr, "Attached 3 probes\n", result.transcript)
    }

    // opensnoop.bt: one line per openat() with the fd or the errno, as bpftrace prints them.
    func testOpensnoopPrintsEachOpenWithResult() throws {
        let path = try script("opensnoop")
        let missing = "/tmp/" + uniqueName("swtrace-opensnoop-", length: 40)
        let comm = uniqueName("swtos-")
        let workload = try Workload(["open", missing, "2", "open", "/etc/hostname", "1"], comm: comm)

        let result = try run(path) { try workload.release() }

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(Array(result.stdoutLines.prefix(2)), [
            "Tracing open syscalls... Hit Ctrl-C to end.",
            "PID    COMM               FD ERR PATH",
        ], result.transcript)
        let pid = padded(String(workload.pid), 6)
        XCTAssertEqual(result.stdoutLines.filter { $0.hasPrefix(pid + " " + comm) }, [
            "\(pid) \(padded(comm, 16))   -1   2 \(missing)",
            "\(pid) \(padded(comm, 16))   -1   2 \(missing)",
            "\(pid) \(padded(comm, 16))    3   0 /etc/hostname",
        ], result.transcript)
        XCTAssertEqual(result.stderr, "Attached 6 probes\n", result.transcript)
    }

    // naptime.bt: a nanosleep() with its parent, process and duration (task struct fields).
    func testNaptimePrintsParentProcessAndSeconds() throws {
        let path = try script("naptime")
        let comm = uniqueName("swtnap-")
        let workload = try Workload(["sleep", "12"], comm: comm)

        let result = try run(path) { try workload.release() }

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(Array(result.stdoutLines.prefix(2)), [
            "Tracing sleeps. Hit Ctrl-C to end.",
            "TIME     PPID   PCOMM            PID    COMM             SECONDS",
        ], result.transcript)
        // The time of day (HH:MM:SS and a space) aside, the line is exact.
        let rest = "\(padded(String(getpid()), 6)) \(padded(Self.ownComm, 16)) "
            + "\(padded(String(workload.pid), 6)) \(padded(comm, 16)) 0.012"
        XCTAssertEqual(result.stdoutLines.filter { $0.contains(comm) }.map { String($0.dropFirst(9)) },
                       [rest], result.transcript)
    }

    // statsnoop.bt: stat(1)'s statx() of a missing path (ENOENT) and of an existing one.
    func testStatsnoopPrintsEachStatWithErrno() throws {
        let path = try script("statsnoop")
        let missing = "/tmp/" + uniqueName("swtrace-statsnoop-", length: 40)
        var pid: Int32 = 0

        let result = try run(path) { pid = try runCommand("/usr/bin/stat", [missing, "/etc/hostname"]) }

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(Array(result.stdoutLines.prefix(2)), [
            "Tracing stat syscalls... Hit Ctrl-C to end.",
            "PID    COMM             ERR PATH",
        ], result.transcript)
        let prefix = "\(padded(String(pid), 6)) \(padded("stat", 16)) "
        XCTAssertEqual(result.stdoutLines.filter { $0.hasPrefix(prefix) && !$0.hasSuffix("selinux") }, [
            prefix + "  2 \(missing)",
            prefix + "  0 /etc/hostname",
        ], result.transcript)
    }
}
