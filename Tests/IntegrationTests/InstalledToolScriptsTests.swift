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

    /// The script's BEGIN lines, printed once each and in order. Events of other processes
    /// (the test's own reads of swtrace's output files) may come before them: BEGIN runs once
    /// the probes are attached.
    private func assertHeader(_ result: TraceResult, _ header: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.stdoutLines.filter { header.contains($0) }, header, result.transcript, file: file, line: line)
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
        assertHeader(result, [
            "Tracing open syscalls... Hit Ctrl-C to end.",
            "PID    COMM               FD ERR PATH",
        ])
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
        assertHeader(result, [
            "Tracing sleeps. Hit Ctrl-C to end.",
            "TIME     PPID   PCOMM            PID    COMM             SECONDS",
        ])
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
        assertHeader(result, [
            "Tracing stat syscalls... Hit Ctrl-C to end.",
            "PID    COMM             ERR PATH",
        ])
        let prefix = "\(padded(String(pid), 6)) \(padded("stat", 16)) "
        XCTAssertEqual(result.stdoutLines.filter { $0.hasPrefix(prefix) && !$0.hasSuffix("selinux") }, [
            prefix + "  2 \(missing)",
            prefix + "  0 /etc/hostname",
        ], result.transcript)
    }

    /// Runs a program to its end with `input` on its standard input.
    private func runCommand(_ executable: String, _ arguments: [String], input: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardInput = pipe
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        pipe.fileHandleForWriting.write(Data(input.utf8))
        try pipe.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    // bashreadline.bt (uretprobe on bash's readline): each line an interactive bash reads.
    func testBashreadlinePrintsEachCommandLine() throws {
        let path = try script("bashreadline")
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "no script(1) for a pty")
        let word = uniqueName("swtrace-rl-", length: 30)

        let result = try run(path) {
            try runCommand("/usr/bin/script", ["-qc", "bash --norc --noprofile -i", "/dev/null"],
                           input: "echo \(word)\nexit\n")
        }

        XCTAssertEqual(result.status, 0, result.transcript)
        assertHeader(result, [
            "Tracing bash commands... Hit Ctrl-C to end.",
            "TIME      PID    COMMAND",
        ])
        // "HH:MM:SS  PID    COMMAND": the time and the pid of the bash script(1) started aside.
        let lines = result.stdoutLines.dropFirst(2).map { line -> (pid: String, command: String) in
            let rest = line.dropFirst(10)
            return (String(rest.prefix(6)).trimmingCharacters(in: .whitespaces), String(rest.dropFirst(7)))
        }
        let echo = lines.filter { $0.command.hasSuffix(word) }
        XCTAssertEqual(echo.map(\.command), ["echo \(word)"], result.transcript)
        XCTAssertNotNil(echo.first.flatMap { Int32($0.pid) }, result.transcript)
        XCTAssertTrue(lines.contains { $0.pid == echo.first?.pid && $0.command == "exit" }, result.transcript)
    }

    // gethostlatency.bt (uprobe + uretprobe on libc's getaddrinfo): getent's lookup of localhost.
    func testGethostlatencyPrintsEachLookup() throws {
        let path = try script("gethostlatency")
        var pid: Int32 = 0

        let result = try run(path) { pid = try runCommand("/usr/bin/getent", ["ahosts", "localhost"]) }

        XCTAssertEqual(result.status, 0, result.transcript)
        assertHeader(result, [
            "Tracing getaddr/gethost calls... Hit Ctrl-C to end.",
            "TIME      PID    COMM              LATms HOST",
        ])
        let ours = result.stdoutLines.filter { $0.dropFirst(10).hasPrefix(padded(String(pid), 6) + " ") }
        XCTAssertEqual(ours.count, 1, result.transcript)
        // The latency (milliseconds, right-aligned in 6) varies; the rest is exact.
        let fields = ours.first.map { $0.dropFirst(10).split(separator: " ").map(String.init) } ?? []
        XCTAssertEqual(fields.count, 4, result.transcript)
        if fields.count == 4 {
            XCTAssertEqual([fields[0], fields[1], fields[3]], [String(pid), "getent", "localhost"], result.transcript)
            XCTAssertNotNil(Int(fields[2]), result.transcript)
        }
        XCTAssertEqual(result.stderr, "Attached 7 probes\n", result.transcript)
    }

    // sslsnoop.bt names OpenSSL 1.1 internals (rsa_ossl_public_encrypt...) that OpenSSL 3 does
    // not export: as bpftrace (missing_probes = warn), those attach points are skipped with a
    // warning and the rest run. Shown on a small program: one function libc has, one it lacks.
    func testMissingLibraryFunctionIsSkippedWithWarning() throws {
        let program = "uprobe:libc:getaddrinfo, uprobe:libc:swtrace_no_such_function { @calls[comm] = count(); }"

        let tracer = try TracerProcess(["-e", program])
        try tracer.waitUntilAttached()
        _ = try runCommand("/usr/bin/getent", ["ahosts", "localhost"])
        tracer.interrupt()
        let traced = tracer.finish()

        XCTAssertEqual(traced.status, 0, traced.transcript)
        XCTAssertEqual(traced.report, "@calls[getent]: 1", traced.transcript)
        XCTAssertEqual(traced.stderrLines.count, 2, traced.transcript)
        // The library as swtrace resolved "libc" (a path that differs between distributions).
        let warning = traced.stderrLines.first ?? ""
        let library = warning.components(separatedBy: " in ").dropFirst().first?
            .components(separatedBy: ": ").first ?? ""
        XCTAssertTrue(library.hasPrefix("/") && library.contains("libc.so"), traced.transcript)
        XCTAssertEqual(warning, "WARNING: could not resolve symbol swtrace_no_such_function in \(library): "
            + "skipping probe uprobe:\(library):swtrace_no_such_function", traced.transcript)
        XCTAssertEqual(traced.stderrLines.last, "Attached 1 probe", traced.transcript)
    }

    // missing_probes = "error" turns the skip back into a refusal.
    func testMissingLibraryFunctionIsAnErrorWhenConfigured() throws {
        let program = #"config = { missing_probes = "error" } "#
            + "uprobe:libc:getaddrinfo, uprobe:libc:swtrace_no_such_function { @calls[comm] = count(); }"

        let result = try Swtrace.runToEnd(["-e", program])

        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertEqual(result.stdout, "", result.transcript)
        XCTAssertTrue(result.stderr.hasPrefix("ERROR: could not resolve symbol swtrace_no_such_function in /"),
                      result.transcript)
    }

    // MARK: scripts that need kprobes, on a kernel without them

    /// Every installed script with kprobes is refused in one error (whatever the number of its
    /// kprobe attach points), before anything is loaded; the exit status is 1, stdout empty.
    func testKprobeScriptsAreRefusedInOneErrorEach() throws {
        try XCTSkipIf(FileManager.default.fileExists(atPath: "/sys/bus/event_source/devices/kprobe"), "this kernel has kprobes")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/sbin")) ?? []).filter { $0.hasSuffix(".bt") }
        let scripts = names.sorted().map { "/usr/sbin/" + $0 }.filter { path in
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").contains { $0.hasPrefix("kprobe:") || $0.hasPrefix("kretprobe:") }
        }
        try XCTSkipIf(scripts.isEmpty, "no installed bpftrace tool script uses kprobes")

        for path in scripts {
            let result = try Swtrace.runToEnd([path], timeout: 60)

            XCTAssertEqual(result.status, 1, path + "\n" + result.transcript)
            XCTAssertFalse(result.crashed, path + "\n" + result.transcript)
            XCTAssertEqual(result.stdout, "", path + "\n" + result.transcript)
            XCTAssertEqual(result.stderrLines.filter { $0.contains("ERROR: this kernel does not support kprobes, which k") }.count,
                           1, path + "\n" + result.transcript)
        }
    }

    /// xfsdist.bt: eight kprobe/kretprobe attach points, none with a stable tracepoint twin.
    func testXfsdistIsRefusedAtItsFirstKprobe() throws {
        let path = try script("xfsdist")
        try XCTSkipIf(FileManager.default.fileExists(atPath: "/sys/bus/event_source/devices/kprobe"), "this kernel has kprobes")

        let result = try Swtrace.runToEnd([path])

        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertEqual(result.stderr, """
            \(path):24:1-26: ERROR: this kernel does not support kprobes, which kprobe:xfs_file_read_iter and 7 other attach points need
            kprobe:xfs_file_read_iter,
            ~~~~~~~~~~~~~~~~~~~~~~~~~
            HINT: tracepoints work on this kernel: list them with swtrace -l 'tracepoint:*'

            """, result.transcript)
    }

    // pidpersec.bt: once a second, "HH:MM:SS PIDs/sec: @: N" (print of a count map it then clears).
    func testPidpersecPrintsOneCountPerSecond() throws {
        let path = try script("pidpersec")
        let tracer = try TracerProcess([path])
        try tracer.waitUntilAttached()
        for _ in 0..<5 { _ = try runCommand("/bin/true", []) }
        // The first report comes a second after attaching: wait for it, not for a fixed time.
        _ = poll(timeout: 30) { tracer.stdout.contains(" PIDs/sec: @: ") }
        tracer.interrupt()
        let result = tracer.finish()

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdoutLines.first, "Tracing new processes... Hit Ctrl-C to end.", result.transcript)
        let reports = Array(result.stdoutLines.dropFirst())
        XCTAssertFalse(reports.isEmpty, result.transcript)
        for line in reports {
            let parts = line.split(separator: " ")
            XCTAssertEqual(parts.count, 4, result.transcript)
            XCTAssertEqual(parts.dropFirst().first.map(String.init), "PIDs/sec:", result.transcript)
            XCTAssertEqual(parts.dropFirst(2).first.map(String.init), "@:", result.transcript)
            XCTAssertNotNil(parts.last.flatMap { UInt64($0) }, result.transcript)
        }
    }

    // What pidpersec.bt relies on in a quiet second: print() of a cleared keyless map prints its
    // zero value (bpftrace issue #3006), counts and sums and plain integers alike; an empty
    // histogram prints nothing; at exit the empty maps are not printed.
    func testPrintOfEmptyKeylessMapsPrintsZero() throws {
        let program = """
            BEGIN { @ = count(); clear(@); print(@); @s = sum(5); clear(@s); print(@s);
                    @x = 5; delete(@x); print(@x); @h = hist(3); clear(@h); print(@h); exit(); }
            """

        let result = try Swtrace.runToEnd(["-e", program])

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "@: 0\n@s: 0\n@x: 0", result.transcript)
    }

    // threadsnoop.bt probes libpthread:pthread_create, a stub since glibc 2.34 moved the
    // function into libc: refused in one line that says where the function is now.
    func testThreadsnoopNamesTheLibraryThatHasPthreadCreate() throws {
        let path = try script("threadsnoop")
        let result = try Swtrace.runToEnd([path])
        try XCTSkipIf(result.status == 0, "this libpthread still defines pthread_create")

        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertEqual(result.stderrLines.count, 1, result.transcript)
        let line = result.stderrLines.first ?? ""
        XCTAssertTrue(line.hasPrefix("ERROR: could not resolve symbol pthread_create in /"), result.transcript)
        XCTAssertTrue(line.contains("libpthread.so"), result.transcript)
        XCTAssertTrue(line.hasSuffix("libc.so.6 (uprobe:libc:pthread_create)"), result.transcript)
    }

    // threadsnoop.bt with that advice taken: libc's pthread_create has two versioned global
    // symbols at one address (libbpf alone calls it ambiguous); one line per thread created.
    func testThreadsnoopOnLibcPrintsEachThreadCreation() throws {
        let path = try script("threadsnoop")
        let text = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "uprobe:libpthread:pthread_create", with: "uprobe:libc:pthread_create")
        let comm = uniqueName("swtthr-")
        let workload = try Workload(["thread-open", "/tmp/" + uniqueName("swtrace-thr-", length: 30)], comm: comm)

        let tracer = try TracerProcess(["-"], standardInput: text)
        try tracer.waitUntilAttached()
        try workload.release()
        usleep(300_000)
        tracer.interrupt()
        let result = tracer.finish()

        XCTAssertEqual(result.status, 0, result.transcript)
        assertHeader(result, ["TIME(ms)   PID    COMM             FUNC"])
        let ours = result.stdoutLines.map { $0.split(separator: " ").map(String.init) }
            .filter { $0.count == 4 && $0[1] == String(workload.pid) }
        XCTAssertEqual(ours.map { $0[2] }, [comm], result.transcript)
        // The start routine: its name while the workload lives, an address once it has exited
        // (symbols are looked up in user space after the event, as in bpftrace).
        XCTAssertFalse(ours.first?[3].isEmpty ?? true, result.transcript)
    }
}
