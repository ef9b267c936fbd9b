// swtrace's command line end to end: process options (-p, -c), output options (-q, -o, -f),
// program sources (-e, file, stdin, $1) and errors, each with its exact expected output.
import Foundation
import XCTest

final class CommandLineTests: XCTestCase {
    static let countGetppid = "tracepoint:syscalls:sys_enter_getppid { @ = count(); }"

    // MARK: Without tracing (no root needed)

    func testVersion() throws {
        try Executables.requireBuilt()
        for flag in ["-V", "--version"] {
            let result = try Swtrace.runToEnd([flag], timeout: 30)
            XCTAssertEqual(result.status, 0, result.transcript)
            XCTAssertEqual(result.stdout, "swtrace v0.1.0\n", result.transcript)
        }
    }

    func testHelpDocumentsEveryOption() throws {
        try Executables.requireBuilt()
        let result = try Swtrace.runToEnd(["--help"], timeout: 30)
        XCTAssertEqual(result.status, 0, result.transcript)
        for option in ["-e <program>", "-l", "-v", "-p <pid>", "-c <command>", "-f, --format <format>",
                       "-o <file>", "-q", "-B <mode>", "--no-warnings", "-I <dir>", "--include <file>",
                       "-d <stage>", "--dry-run", "--unsafe", "--info",
                       "-V, --version", "-h, --help"] {
            XCTAssertTrue(result.stdout.contains("  \(option) "), "help lacks \(option)\n\(result.stdout)")
        }
    }

    func testInfoReportsSystemBuildFeaturesAndProbeTypes() throws {
        try Executables.requireRoot()
        let result = try Swtrace.runToEnd(["--info"], timeout: 30)
        XCTAssertEqual(result.status, 0, result.transcript)
        let lines = result.stdoutLines
        for section in ["System", "Build", "Kernel features", "Probe types"] {
            XCTAssertTrue(lines.contains(section), "no \(section) section\n\(result.stdout)")
        }
        let kprobes = FileManager.default.fileExists(atPath: "/sys/bus/event_source/devices/kprobe")
        for line in ["  BTF: yes", "  ring buffer: yes", "  kprobes: \(kprobes ? "yes" : "no")", "  tracepoint: yes",
                     "  LLVM: 14 (static: BPF target, IR core, passes)"] {
            XCTAssertTrue(lines.contains(line), "no '\(line)'\n\(result.stdout)")
        }
        let breakpoints = FileManager.default.fileExists(atPath: "/sys/bus/event_source/devices/breakpoint")
        XCTAssertTrue(lines.contains("  watchpoint: \(breakpoints ? "yes" : "no")"), result.stdout)
    }

    /// Everything swtrace opens while attaching (tracepoint ids, CPU lists) is read before the
    /// first probe is live, so an opensnoop-like program never reports the tracer itself.
    func testTracerDoesNotSeeItsOwnOpensWhileAttaching() throws {
        try Executables.requireRoot()
        let tracer = try TracerProcess(["-q", "-e", """
            tracepoint:syscalls:sys_enter_openat, tracepoint:syscalls:sys_enter_openat2, tracepoint:syscalls:sys_enter_open
            /comm == "swtrace"/ { @opens[pid, str(args.filename)] = count(); }
            tracepoint:sched:sched_switch, tracepoint:sched:sched_wakeup { @other = count(); }
            interval:ms:300 { exit(); }
            """])
        let result = tracer.finish(timeout: 60)
        XCTAssertEqual(result.status, 0, result.transcript)
        let own = result.stdoutLines.filter { $0.hasPrefix("@opens[\(tracer.pid), ") }
        XCTAssertEqual(own, [], result.transcript)
    }

    /// `-l` with a program (-e or a file) lists the probes its attach points match, not every
    /// probe of the machine; a program with a syntax error is an error.
    func testListingAProgramListsItsOwnProbes() throws {
        try Executables.requireRoot()
        let inline = try Swtrace.runToEnd(["-l", "-e", "t:sched:sched_switch, tracepoint:syscalls:sys_exit_getppid { } BEGIN { }"])
        XCTAssertEqual(inline.status, 0, inline.transcript)
        XCTAssertEqual(inline.stdout, "tracepoint:sched:sched_switch\ntracepoint:syscalls:sys_exit_getppid\n", inline.transcript)

        let events = try FileManager.default.contentsOfDirectory(atPath: "/sys/kernel/tracing/events/syscalls")
            .filter { $0.hasPrefix("sys_enter_getp") }.sorted()
        XCTAssertFalse(events.isEmpty)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("swtrace-list-\(getpid()).bt")
        try "tracepoint:syscalls:sys_enter_getp* { @ = count(); }\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let fromFile = try Swtrace.runToEnd(["-l", file.path])
        XCTAssertEqual(fromFile.status, 0, fromFile.transcript)
        XCTAssertEqual(fromFile.stdoutLines, events.map { "tracepoint:syscalls:\($0)" }, fromFile.transcript)

        let broken = try Swtrace.runToEnd(["-l", "-e", "tracepoint:syscalls:sys_enter_getppid {"])
        XCTAssertEqual(broken.status, 1, broken.transcript)
        XCTAssertEqual(broken.stdout, "", broken.transcript)
        XCTAssertTrue(broken.stderr.hasPrefix("stdin:1:"), broken.transcript)
    }

    func testNoProgramPrintsUsageAndFails() throws {
        try Executables.requireBuilt()
        let result = try Swtrace.runToEnd([], timeout: 30)
        XCTAssertNotEqual(result.status, 0, result.transcript)
        XCTAssertFalse(result.crashed, result.transcript)
        XCTAssertTrue(result.stderr.contains("USAGE: filename or -e 'program' required."), result.transcript)
        XCTAssertTrue(result.stderr.contains("swtrace [<options>] <filename>"), result.transcript)
        XCTAssertEqual(result.stdout, "", result.transcript)
    }

    func testProgramTextAndProgramFileTogetherIsAnError() throws {
        try Executables.requireBuilt()
        let result = try Swtrace.runToEnd(["-e", "BEGIN { exit(); }", "script.bt"], timeout: 30)
        XCTAssertNotEqual(result.status, 0, result.transcript)
        XCTAssertFalse(result.crashed, result.transcript)
        XCTAssertTrue(result.stderr.contains("cannot run both -e <program> and the program file 'script.bt'"),
                      result.transcript)
    }

    func testBadOptionValuesAreErrors() throws {
        try Executables.requireBuilt()
        for arguments in [["-f", "xml", "-e", "BEGIN {}"], ["-p", "abc", "-e", "BEGIN {}"],
                          ["-p", "0", "-e", "BEGIN {}"], ["--no-such-option"]] {
            let result = try Swtrace.runToEnd(arguments, timeout: 30)
            XCTAssertNotEqual(result.status, 0, "\(arguments)\n\(result.transcript)")
            XCTAssertFalse(result.crashed, "\(arguments)\n\(result.transcript)")
            XCTAssertTrue(result.stderr.hasPrefix("Error: "), "\(arguments)\n\(result.transcript)")
        }
    }

    // MARK: Errors in programs

    // An unknown identifier: non-zero exit, a located diagnostic, no crash.
    func testErrorInInlineProgramIsReportedAtStdinLocation() throws {
        try Executables.requireBuilt()
        let result = try Swtrace.runToEnd(["-e", "BEGIN { foo }"], timeout: 60)

        XCTAssertNotEqual(result.status, 0, result.transcript)
        XCTAssertFalse(result.crashed, result.transcript)
        XCTAssertEqual(result.stdout, "", result.transcript)
        let lines = result.stderrLines
        XCTAssertGreaterThanOrEqual(lines.count, 3, result.transcript)
        guard lines.count >= 3 else { return }
        XCTAssertNotNil(lines[0].range(of: #"^stdin:1:[0-9]+(-[0-9]+)?: ERROR: \S"#,
                                       options: .regularExpression), result.transcript)
        XCTAssertEqual(lines[1], "BEGIN { foo }", result.transcript)
        XCTAssertNotNil(lines[2].range(of: #"^ *~+ *$"#, options: .regularExpression), result.transcript)
    }

    // What the code generator cannot emit yet is reported like any other error, underlined.
    func testCodegenLimitationIsRenderedWithTheSourceLine() throws {
        try Executables.requireBuilt()
        let program = #"config = { max_strlen = 1024 } BEGIN { $h = str(0); $n = str(0); printf("%d\n", strcontains($h, $n)); }"#
        let result = try Swtrace.runToEnd(["-e", program], timeout: 60)

        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertEqual(result.stdout, "", result.transcript)
        XCTAssertEqual(result.stderr, """
            stdin:1:97-99: ERROR: strcontains() of a non-literal needle in strings this long (at most 4096 byte comparisons) is not supported by the code generator yet
            \(program)
                                                                                                            ~~

            """, result.transcript)
    }

    // The same for a program file: diagnostics name the file.
    func testErrorInProgramFileIsReportedAtFileLocation() throws {
        try Executables.requireBuilt()
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent(uniqueName("swtrace-bad-", length: 30) + ".bt")
        try "BEGIN {\n  printf(\"ok\\n\")\n}\nBEGIN { foo }\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }

        let result = try Swtrace.runToEnd([file.path], timeout: 60)

        XCTAssertNotEqual(result.status, 0, result.transcript)
        XCTAssertFalse(result.crashed, result.transcript)
        XCTAssertTrue(result.stderr.hasPrefix("\(file.path):"), result.transcript)
        XCTAssertTrue(result.stderrLines.first?.contains(": ERROR: ") ?? false, result.transcript)
    }

    func testMissingProgramFileIsAnError() throws {
        try Executables.requireBuilt()
        let result = try Swtrace.runToEnd(["/nonexistent/swtrace-program.bt"], timeout: 30)
        XCTAssertNotEqual(result.status, 0, result.transcript)
        XCTAssertFalse(result.crashed, result.transcript)
        XCTAssertTrue(result.stderr.contains("/nonexistent/swtrace-program.bt"), result.transcript)
    }

    // MARK: Program sources

    // A program file with a positional parameter: `swtrace FILE PID`, `/pid == $1/`.
    // Events: 40 getppid() calls.
    func testProgramFileWithPositionalParameter() throws {
        try Executables.requireRoot()
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent(uniqueName("swtrace-count-", length: 30) + ".bt")
        try """
            tracepoint:syscalls:sys_enter_getppid /pid == $1/
            {
              @calls = count();
            }

            """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let workload = try Workload(["getppid", "40"])

        let result = try Swtrace.trace([file.path, "\(workload.pid)"], during: workload)

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "@calls: 40", result.transcript)
    }

    // `swtrace -` reads the program from standard input.
    func testProgramFromStandardInput() throws {
        try Executables.requireRoot()
        let result = try Swtrace.runToEnd(["-"], standardInput: #"BEGIN { printf("from stdin\n"); exit(); }"#,
                                          timeout: 60)

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stderr, "Attached 1 probe\n", result.transcript)
        XCTAssertEqual(result.report, "from stdin", result.transcript)
    }

    // MARK: Process options

    // -p PID filters to one process and ends when it exits.
    // Events: the traced process makes 300 getppid() calls and exits.
    func testPidOptionFiltersAndEndsWithTheProcess() throws {
        try Executables.requireRoot()
        let workload = try Workload(["getppid", "300"])

        let result = try Swtrace.runToEnd(["-p", "\(workload.pid)", "-e", Self.countGetppid],
                                          during: workload, timeout: 30)

        XCTAssertFalse(result.timedOut, "swtrace -p did not exit with its process")
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "@: 300", result.transcript)
    }

    // -c CMD runs the command as a child, `cpid` is its pid, and swtrace ends with it.
    // Events: the child makes 120 getppid() calls.
    func testCommandOptionRunsChildAndEndsWithIt() throws {
        try Executables.requireRoot()
        let result = try Swtrace.runToEnd(
            ["-e", "tracepoint:syscalls:sys_enter_getppid /pid == cpid/ { @ = count(); }",
             "-c", "\(Executables.workload) getppid 120"],
            timeout: 120)

        XCTAssertFalse(result.timedOut, "swtrace -c did not exit with its child")
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stderr, "Attached 1 probe\n", result.transcript)
        XCTAssertEqual(result.report, "@: 120", result.transcript)
    }

    // MARK: Output options

    // -q: no "Attached" message; the program's own output is unchanged.
    // Events: 25 getppid() calls.
    func testQuietOmitsAttachedMessage() throws {
        try Executables.requireRoot()
        let workload = try Workload(["getppid", "25"])

        let result = try Swtrace.trace(
            ["-q", "-e", #"BEGIN { printf("ready\n"); } "#
                + "tracepoint:syscalls:sys_enter_getppid /pid == \(workload.pid)/ { @ = count(); }"],
            during: workload, marker: "ready\n")

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stderr, "", result.transcript)
        XCTAssertEqual(result.stdoutLines, ["ready", "@: 25"], result.transcript)
    }

    // -o FILE: the tracing output goes to the file, nothing to stdout.
    // Events: 7 getppid() calls.
    func testOutputFileReceivesTheReport() throws {
        try Executables.requireRoot()
        let output = FileManager.default.temporaryDirectory
            .appendingPathComponent(uniqueName("swtrace-out-", length: 30) + ".txt")
        defer { try? FileManager.default.removeItem(at: output) }
        let workload = try Workload(["getppid", "7"])

        let result = try Swtrace.trace(
            ["-o", output.path, "-e",
             "tracepoint:syscalls:sys_enter_getppid /pid == \(workload.pid)/ { @ = count(); }"],
            during: workload)

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdout, "", result.transcript)
        let written = try String(contentsOf: output, encoding: .utf8)
        XCTAssertEqual(written.split(separator: "\n").map(String.init), ["@: 7"], written)
    }

    // -f json: one JSON object per line.
    // Events: 1000 getppid() calls.
    func testJSONOutput() throws {
        try Executables.requireRoot()
        let workload = try Workload(["getppid", "1000"])

        let result = try Swtrace.trace(
            ["-f", "json", "-e",
             "tracepoint:syscalls:sys_enter_getppid /pid == \(workload.pid)/ { @ = count(); }"],
            during: workload)

        XCTAssertEqual(result.status, 0, result.transcript)
        let lines = result.stdoutLines
        XCTAssertEqual(lines.count, 2, result.transcript)
        guard lines.count == 2 else { return }
        // The attached_probes record: its type and probe count (bpftrace versions add fields).
        let attached = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        XCTAssertEqual(attached?["type"] as? String, "attached_probes", lines[0])
        XCTAssertEqual((attached?["data"] as? [String: Any])?["probes"] as? Int, 1, lines[0])
        XCTAssertEqual(lines[1], #"{"type": "map", "data": {"@": 1000}}"#, result.transcript)
    }

    // --dry-run compiles and loads, then stops without tracing.
    func testDryRunEndsWithoutOutput() throws {
        try Executables.requireRoot()
        let result = try Swtrace.runToEnd(["--dry-run", "-e", Self.countGetppid], timeout: 60)

        XCTAssertFalse(result.timedOut, "--dry-run kept running")
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdout, "", result.transcript)
    }
}
