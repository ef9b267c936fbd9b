// Side by side with the C tools of Debian's libbpf-tools (0.26), which users know: the same
// options on the same events print the same text, header and columns included, once the
// workload's pid and the HH:MM:SS stamps are set aside. (swtrace's opensnoop also traces
// openat2(2), which libbpf-tools 0.26 does not: the workloads here do not call it.)
import Foundation
import XCTest

final class LibbpfToolsComparisonTests: XCTestCase {
    let existing = FileManager.default.temporaryDirectory.appendingPathComponent("libbpf-cmp-\(UUID().uuidString)").path
    let missing = "/nonexistent/libbpf-cmp-" + UUID().uuidString

    override func setUpWithError() throws {
        try Built.requireRoot("opensnoop", "syscount")
        for tool in ["opensnoop", "syscount"] {
            try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/sbin/\(tool)"),
                              "libbpf-tools is not installed (make deps installs it)")
        }
        XCTAssertTrue(FileManager.default.createFile(atPath: existing, contents: Data()))
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: existing)
    }

    /// What `executable arguments` prints ("PID" in `arguments` is the workload's pid) while a fresh
    /// workload runs `steps`: the run ends with SIGINT (the C tools run until interrupted) once the
    /// workload has exited. The workload's pid reads "PID", stamps "[TIME]".
    func output(_ command: [String], _ arguments: [String], steps: [String], header: String, lines: Int,
                streams: Bool, settle: Bool = false) throws -> String {
        let workload = try HeldWorkload(steps)
        let child = try Child(command[0], Array(command.dropFirst()) + arguments.map { $0 == "PID" ? String(workload.pid) : $0 })
        try child.waitFor(header)
        // libbpf-tools' opensnoop prints its header before it opens its perf buffer: events of the
        // next moments are lost. Its own race, given time here (swtrace's tools print theirs after).
        if settle { usleep(1_000_000) }
        workload.go()
        // opensnoop prints as events arrive: its lines are awaited before the interrupt (events
        // still in the buffer would be lost). syscount prints at the end, from counts the kernel
        // has already made.
        if streams { _ = waitUntil(20) { child.stdout.split(separator: "\n").count >= lines || !child.running } }
        let finished = child.finish(interrupt: true)
        return finished.stdout.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.split(separator: " ", omittingEmptySubsequences: false)
                .map { $0 == String(workload.pid) ? "PID" : String($0) }.joined(separator: " ")
                .replacingOccurrences(of: #"^\[\d\d:\d\d:\d\d\]$"#, with: "[TIME]", options: .regularExpression)
        }.joined(separator: "\n")
    }

    /// Runs both versions and compares; `lines` is how many the C tool prints, so the comparison
    /// is never between two empty outputs.
    func compare(_ tool: String, _ arguments: [String], steps: [String], header: String, lines: Int,
                 file: StaticString = #filePath, line: UInt = #line) throws {
        // swtrace's tool first: it mounts tracefs if needed, which the C tools expect.
        let streams = tool == "opensnoop"
        let ours = try output([Built.path(tool)], arguments, steps: steps, header: header, lines: lines, streams: streams)
        // The C tools' stdio buffers a file in blocks: line buffering shows their header on time.
        let theirs = try output(["/usr/bin/stdbuf", "-oL", "/usr/sbin/\(tool)"], arguments, steps: steps,
                                header: header, lines: lines, streams: streams, settle: streams)
        // Even so, a machine slow enough can make the C tool miss events: that says nothing of
        // swtrace's tool, whose own counts the other tests check.
        try XCTSkipIf(theirs.split(separator: "\n").count < lines,
                      "libbpf-tools \(tool) \(arguments) missed events:\n\(theirs)")
        XCTAssertEqual(ours.split(separator: "\n").count, lines, "\(tool) \(arguments):\n\(ours)", file: file, line: line)
        XCTAssertEqual(ours, theirs, "\(tool) \(arguments)", file: file, line: line)
    }

    func testOpensnoopPrintsWhatLibbpfToolsPrints() throws {
        let steps = ["open", existing, "open", missing, "2"]
        try compare("opensnoop", ["-p", "PID"], steps: steps, header: "PATH", lines: 4)
        try compare("opensnoop", ["-p", "PID", "-x", "-U", "-e"], steps: steps, header: "PATH", lines: 3)
    }

    func testSyscountPrintsWhatLibbpfToolsPrints() throws {
        // Counts all differ (getppid 100, openat 5, close 2, rt_sigtimedwait 1): libbpf-tools'
        // order of equal counts is arbitrary.
        let steps = ["getppid", "100", "open", missing, "3", "open", existing, "2"]
        let header = "Ctrl+C to quit."
        // Header, stamp, column titles, getppid, openat, close, rt_sigtimedwait (the held wait).
        try compare("syscount", ["-p", "PID"], steps: steps, header: header, lines: 7)
        try compare("syscount", ["-p", "PID", "-x"], steps: steps, header: header, lines: 4)
        try compare("syscount", ["-p", "PID", "-e", "ENOENT", "-T", "1"], steps: steps, header: header, lines: 4)
        try compare("syscount", ["-p", "PID", "-P"], steps: steps, header: header, lines: 4)
    }
}
