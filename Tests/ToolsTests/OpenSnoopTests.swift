// opensnoop against swtrace-workload opening a named existing file and a missing one.
import Foundation
import SwtraceCLI
import XCTest

final class OpenSnoopTests: XCTestCase {
    let existing = FileManager.default.temporaryDirectory.appendingPathComponent("opensnoop-\(UUID().uuidString)").path
    let missing = "/nonexistent/opensnoop-" + UUID().uuidString

    override func setUpWithError() throws {
        try Built.requireRoot("opensnoop")
        XCTAssertTrue(FileManager.default.createFile(atPath: existing, contents: Data()))
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: existing)
    }

    /// A line as BCC prints it: `%-6d %-16s %3d %3d %s`.
    func line(_ pid: Int32, _ comm: String, fd: Int, err: Int, _ path: String) -> String {
        ToolText.pad(String(pid), 6) + " " + ToolText.pad(comm, 16) + " " + ToolText.pad(String(fd), 3, left: false)
            + " " + ToolText.pad(String(err), 3, left: false) + " " + path
    }

    func testOneLinePerOpenOfTheTracedProcess() throws {
        // -p: every thread of the process (the last open is made by a second thread).
        let workload = try HeldWorkload(["open", existing, "open", missing, "2", "thread-open", existing])
        let result = try trace("opensnoop", ["-p", String(workload.pid)], header: "PATH", workload: workload)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.lines, [
            "PID    COMM              FD ERR PATH",
            line(workload.pid, "swtrace-workloa", fd: 3, err: 0, existing),
            line(workload.pid, "swtrace-workloa", fd: -1, err: 2, missing),
            line(workload.pid, "swtrace-workloa", fd: -1, err: 2, missing),
            line(workload.pid, "swtrace-workloa", fd: 3, err: 0, existing),
            "",
        ], result.transcript)
        XCTAssertEqual(result.stderr, "", "a tool prints no warnings about its own program")
    }

    func testFailedOnlyWithUIDFlagsTimestampAndName() throws {
        let tag = String(UUID().uuidString.prefix(6)).lowercased()
        let workload = try HeldWorkload(["open", existing, "open", missing], comm: "osn-\(tag)-x")
        let result = try trace("opensnoop", ["-x", "-U", "-e", "-T", "-n", tag], header: "PATH", workload: workload,
                               interrupt: true)
        XCTAssertEqual(result.lines.first, "TIME     UID     PID    COMM              FD ERR FLAGS    PATH")
        let events = result.lines.dropFirst().filter { !$0.isEmpty }
        XCTAssertEqual(events.count, 1, result.transcript)
        let event = try XCTUnwrap(events.first)
        // HH:MM:SS, then the UID (root: 0), then BCC's columns and the flags (O_RDONLY) in octal.
        XCTAssertNotNil(event.range(of: #"^\d\d:\d\d:\d\d $"#, options: .regularExpression,
                                    range: event.startIndex..<event.index(event.startIndex, offsetBy: 9)), event)
        XCTAssertEqual(String(event.dropFirst(9)), ToolText.pad("0", 7) + " "
                       + line(workload.pid, "osn-\(tag)-x", fd: -1, err: 2, "").dropLast() + " 00000000 " + missing)
    }

    func testThreadUIDAndDuration() throws {
        // -t: the main thread only, not the second thread's open of the missing file.
        let workload = try HeldWorkload(["open", existing, "thread-open", missing])
        let started = Date()
        let result = try trace("opensnoop", ["-t", String(workload.pid), "-u", "0", "-d", "2"], header: "PATH",
                               workload: workload)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.lines, ["PID    COMM              FD ERR PATH",
                                      line(workload.pid, "swtrace-workloa", fd: 3, err: 0, existing), ""],
                       result.transcript)
        XCTAssertLessThan(Date().timeIntervalSince(started), 20)

        // Another user's opens only: the root-owned workload's open is not shown.
        let other = try HeldWorkload(["open", existing])
        let uResult = try trace("opensnoop", ["-p", String(other.pid), "-u", "65534"], header: "PATH", workload: other)
        XCTAssertEqual(uResult.lines, ["PID    COMM              FD ERR PATH", ""], uResult.transcript)

        let json = try HeldWorkload(["open", missing])
        let jResult = try trace("opensnoop", ["-p", String(json.pid), "-f", "json"], header: "attached_probes",
                                workload: json)
        XCTAssertEqual(Array(jResult.lines.dropFirst()), [
            #"{"type": "opensnoop", "data": {"pid": \#(json.pid), "comm": "swtrace-workloa", "fd": -1, "err": 2, "#
                + #""path": "\#(missing)"}}"#,
            "",
        ], jResult.transcript)
    }

    /// JSON with every optional column; -n matches inside a name that holds spaces.
    func testJSONWithAllColumnsAndANameWithSpaces() throws {
        let tag = String(UUID().uuidString.prefix(4)).lowercased()
        let workload = try HeldWorkload(["open", missing, "open", existing], comm: "o s \(tag) x")
        let result = try trace("opensnoop", ["-n", "s \(tag) ", "-T", "-U", "-e", "-f", "json"],
                               header: "attached_probes", workload: workload, interrupt: true)
        let records = result.lines.filter { $0.contains(#""type": "opensnoop""#) }
        XCTAssertEqual(records.count, 2, result.transcript)
        let stamp = #"^\{"type": "opensnoop", "data": \{"time": "\d\d:\d\d:\d\d", "#
        for record in records {
            XCTAssertNotNil(record.range(of: stamp, options: .regularExpression), record)
        }
        XCTAssertEqual(records.map { $0.replacingOccurrences(of: stamp, with: "", options: .regularExpression) }, [
            #""uid": 0, "pid": \#(workload.pid), "comm": "o s \#(tag) x", "fd": -1, "err": 2, "flags": "00000000", "#
                + #""path": "\#(missing)"}}"#,
            #""uid": 0, "pid": \#(workload.pid), "comm": "o s \#(tag) x", "fd": 3, "err": 0, "flags": "00000000", "#
                + #""path": "\#(existing)"}}"#,
        ], result.transcript)
    }

    /// -e: the flags in octal, of openat (O_RDONLY) and of openat2 (read from its struct open_how).
    func testFlagsOfOpenatAndOpenat2() throws {
        let workload = try HeldWorkload(["open", existing, "openat2", existing, "openat2", missing])
        let result = try trace("opensnoop", ["-p", String(workload.pid), "-e"], header: "PATH", workload: workload)
        XCTAssertEqual(result.status, 0, result.transcript)
        func flagged(_ flags: String, fd: Int, err: Int, _ path: String) -> String {
            line(workload.pid, "swtrace-workloa", fd: fd, err: err, "").dropLast() + " " + flags + " " + path
        }
        XCTAssertEqual(result.lines, [
            "PID    COMM              FD ERR FLAGS    PATH",
            flagged("00000000", fd: 3, err: 0, existing),
            flagged("02000000", fd: 3, err: 0, existing),
            flagged("02000000", fd: -1, err: 2, missing),
            "",
        ], result.transcript)
    }

    /// Paths are shown whole up to 255 bytes, as BCC's opensnoop shows them (bpftrace's default
    /// would cut them at 63), and cut there without a trailer.
    func testLongPathsAreShownUpTo255Bytes() throws {
        let base = "/nonexistent-" + UUID().uuidString
        let medium = base + "/" + String(repeating: "m", count: 150)
        let long = base + "/" + String(repeating: "a", count: 200) + "/" + String(repeating: "b", count: 100)
        let workload = try HeldWorkload(["open", medium, "open", long])
        let result = try trace("opensnoop", ["-p", String(workload.pid)], header: "PATH", workload: workload)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.lines, [
            "PID    COMM              FD ERR PATH",
            line(workload.pid, "swtrace-workloa", fd: -1, err: 2, medium),
            line(workload.pid, "swtrace-workloa", fd: -1, err: 2, String(long.prefix(255))),
            "",
        ], result.transcript)
    }

    /// -n with a whole name longer than the 15 bytes the kernel keeps finds the process by those.
    func testLongNameIsCutAsTheKernelCutsIt() throws {
        let name = "os" + String(UUID().uuidString.prefix(8)).lowercased() + "-long-name"
        let kept = String(name.prefix(15))
        let workload = try HeldWorkload(["open", missing], comm: name)
        let result = try trace("opensnoop", ["-n", name], header: "PATH", workload: workload, interrupt: true)
        XCTAssertEqual(result.lines.filter { $0.contains(kept) }, [line(workload.pid, kept, fd: -1, err: 2, missing)],
                       result.transcript)
        XCTAssertEqual(result.stderr, "opensnoop: process names are at most 15 bytes: matching '\(kept)'\n",
                       result.transcript)
    }

    func testOutputFileWithFailedOnly() throws {
        let workload = try HeldWorkload(["open", existing, "open", missing, "2", "open", existing])
        let result = try traceToFile("opensnoop", ["-p", String(workload.pid), "-x"], header: "PATH", workload: workload)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.lines, [
            "PID    COMM              FD ERR PATH",
            line(workload.pid, "swtrace-workloa", fd: -1, err: 2, missing),
            line(workload.pid, "swtrace-workloa", fd: -1, err: 2, missing),
            "",
        ], result.transcript)
    }

    /// On a kernel without open(2) (arm64) or openat2(2) (before 5.6) the tool defines NO_OPEN /
    /// NO_OPENAT2 (tracepoints that do not exist are errors); the program so defined runs here and
    /// traces openat alone.
    func testProgramForKernelsWithoutOpenAndOpenat2() throws {
        try Built.requireRoot("swtrace")
        let emitted = try runTool("opensnoop", ["--emit", "-e"])
        XCTAssertTrue(emitted.stdout.hasPrefix("#define EXTENDED\n"), "this kernel has all three: \(emitted.transcript)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("opensnoop-\(UUID()).bt").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try ("#define NO_OPEN\n#define NO_OPENAT2\n" + emitted.stdout).write(toFile: file, atomically: true, encoding: .utf8)
        let workload = try HeldWorkload(["open", existing, "openat2", existing, "open", missing])
        let run = try Child("swtrace", ["-p", String(workload.pid), file])
        XCTAssertTrue(waitUntil(60) { run.stderr.contains("Attached") || !run.running }, run.stderr)
        workload.go()
        let result = run.finish()
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stderr, "Attached 2 probes\n", result.transcript)
        func flagged(fd: Int, err: Int, _ path: String) -> String {
            line(workload.pid, "swtrace-workloa", fd: fd, err: err, "").dropLast() + " 00000000 " + path
        }
        // (The blank lines after them are swtrace's end of run, not opensnoop's.)
        XCTAssertEqual(result.lines.filter { !$0.isEmpty }, [flagged(fd: 3, err: 0, existing), flagged(fd: -1, err: 2, missing)],
                       result.transcript)
    }

    func testEmitShowsTheOptionsAsDefines() throws {
        let result = try runTool("opensnoop", ["--emit", "-t", "7", "-u", "1000", "-x", "-U", "-e"])
        let template = try String(contentsOfFile: Built.packageRoot + "/Tools/opensnoop/opensnoop.bt", encoding: .utf8)
        XCTAssertEqual(result.stdout, """
            #define TASK_FILTER (tid == 7 && uid == 1000)
            #define FAILED_ONLY
            #define PRINT_UID
            #define EXTENDED

            """ + template)
    }
}
