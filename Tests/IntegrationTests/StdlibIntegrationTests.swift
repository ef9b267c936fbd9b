// The standard library's builtins and functions, each checked against a value the test
// knows: the traced process's own ids and names, times it measured, strings it chose.
import Foundation
import XCTest

final class StdlibIntegrationTests: XCTestCase {
    override func setUpWithError() throws { try Executables.requireRoot() }

    /// `key=value` pairs of the printed lines, one line per event.
    private func fields(_ line: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in line.split(separator: " ") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { result[String(parts[0])] = String(parts[1]) }
        }
        return result
    }

    private func monotonicNanoseconds() -> UInt64 { nanoseconds(CLOCK_MONOTONIC) }

    private func nanoseconds(_ clock: clockid_t) -> UInt64 {
        var now = timespec()
        clock_gettime(clock, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    /// Events: one getppid() by a workload with a unique name, started by this test process.
    func testProcessBuiltinsOfAKnownProcess() throws {
        let comm = uniqueName("swtb-")
        let workload = try Workload(["getppid", "1"], comm: comm)
        let before = monotonicNanoseconds(), bootBefore = nanoseconds(CLOCK_BOOTTIME), taiBefore = nanoseconds(CLOCK_TAI)
        let result = try Swtrace.trace(program: """
            tracepoint:syscalls:sys_enter_getppid /comm == "\(comm)"/ {
              printf("clocks=%llu,%llu,%llu,%llu ids=%d,%d,%d,%d\\n", nsecs(monotonic), nsecs(boot), nsecs(tai), nsecs(sw_tai),
                     pid(curr_ns), pid(init), tid(curr_ns), tid(init));
              printf("pid=%d tid=%d ppid=%d uid=%d gid=%d comm=%s pcomm=%s username=%s usermode=%d\\n",
                     pid, tid, ppid, uid, gid, comm, pcomm, username, usermode);
              printf("nsecs=%llu elapsed=%llu cpu=%u ncpus=%u numaid=%u cgroup=%llu probe=%s\\n",
                     nsecs, elapsed, cpu, ncpus, numaid, cgroup, probe);
              printf("curtask=%llx jiffies=%llu rand=%u,%u call=%d,%s task=%d,%s type=%s\\n",
                     (uint64)curtask, jiffies, rand, rand, pid(), comm(), ppid(curtask), pcomm(curtask), probetype);
            }
            """, during: workload)
        let after = monotonicNanoseconds(), bootAfter = nanoseconds(CLOCK_BOOTTIME), taiAfter = nanoseconds(CLOCK_TAI)

        XCTAssertEqual(result.status, 0, result.transcript)
        let values = result.stdoutLines.map(fields).reduce(into: [String: String]()) { $0.merge($1) { a, _ in a } }
        XCTAssertEqual(values["pid"], "\(workload.pid)", result.transcript)
        XCTAssertEqual(values["tid"], "\(workload.pid)", result.transcript)
        XCTAssertEqual(values["ppid"], "\(getpid())", "the workload's parent is this test process")
        XCTAssertEqual(values["ids"], "\(workload.pid),\(workload.pid),\(workload.pid),\(workload.pid)", "one pid namespace here")
        let clocks = try XCTUnwrap(values["clocks"]).split(separator: ",").compactMap { UInt64($0) }
        XCTAssertEqual(clocks.count, 4, result.transcript)
        XCTAssertTrue((before...after).contains(clocks[0]), "nsecs(monotonic) \(clocks[0]) not within \(before)...\(after)")
        XCTAssertTrue((bootBefore...bootAfter).contains(clocks[1]), "nsecs(boot) \(clocks[1]) not within \(bootBefore)...\(bootAfter)")
        XCTAssertTrue((taiBefore...taiAfter).contains(clocks[2]), "nsecs(tai) \(clocks[2]) not within \(taiBefore)...\(taiAfter)")
        XCTAssertTrue((taiBefore - 1_000_000...taiAfter + 1_000_000).contains(clocks[3]), "nsecs(sw_tai) \(clocks[3]) is TAI within 1 ms")
        XCTAssertEqual(values["uid"], "0")
        XCTAssertEqual(values["gid"], "0")
        XCTAssertEqual(values["comm"], comm)
        XCTAssertEqual(values["pcomm"], comm)
        XCTAssertEqual(values["username"], "root")
        XCTAssertEqual(values["usermode"], "0", "a tracepoint fires in the kernel")
        XCTAssertEqual(values["probe"], "tracepoint:syscalls:sys_enter_getppid")
        XCTAssertEqual(values["call"], "\(workload.pid),\(comm)", "builtins can be called as functions")
        XCTAssertEqual(values["task"], "\(getpid()),\(comm)", "ppid(task) and pcomm(task) of the current task")
        XCTAssertEqual(values["type"], "tracepoint")
        // nsecs is CLOCK_BOOTTIME, as in bpftrace (suspended time included).
        let nsecs = try XCTUnwrap(values["nsecs"].flatMap { UInt64($0) }, result.transcript)
        XCTAssertTrue((bootBefore...bootAfter).contains(nsecs), "nsecs \(nsecs) not within \(bootBefore)...\(bootAfter)")
        let elapsed = try XCTUnwrap(values["elapsed"].flatMap { UInt64($0) })
        XCTAssertLessThan(elapsed, after - before + 5_000_000_000, "elapsed counts from swtrace's start")
        let cpus = sysconf(Int32(_SC_NPROCESSORS_CONF))
        XCTAssertEqual(values["ncpus"], "\(cpus)")
        XCTAssertLessThan(try XCTUnwrap(values["cpu"].flatMap { Int($0) }), cpus)
        XCTAssertEqual(values["numaid"], "0")
        XCTAssertEqual(values["cgroup"], try XCTUnwrap(cgroupID(of: getpid())).description, "children start in their parent's cgroup")
        let task = try XCTUnwrap(values["curtask"].flatMap { UInt64($0, radix: 16) })
        XCTAssertGreaterThanOrEqual(task, 0xffff_8000_0000_0000, "curtask is a kernel address")
        // jiffies start 5 minutes before the 32-bit wrap (INITIAL_JIFFIES) and only grow.
        XCTAssertGreaterThan(try XCTUnwrap(values["jiffies"].flatMap { UInt64($0) }), 4_294_667_296 as UInt64)
        let randoms = try XCTUnwrap(values["rand"]).split(separator: ",")
        XCTAssertEqual(randoms.count, 2)
        XCTAssertNotEqual(randoms.first, randoms.last, "two rand reads differ")
    }

    /// String functions on strings the program itself holds (comm of BEGIN is "swtrace").
    func testStringFunctions() throws {
        let result = try Swtrace.runToEnd(["-e", """
            BEGIN {
              $s = "hello world";
              printf("strlen %d %d %d\\n", strlen($s), strlen(""), strlen(comm));
              printf("strncmp %d %d %d\\n", strncmp($s, "hello", 5), strncmp($s, "help", 4), strncmp(comm, "swtrace", 7));
              printf("strcontains %d %d %d\\n", strcontains($s, "o w"), strcontains($s, "xyz"), strcontains($s, ""));
              printf("strstr %d %d %d\\n", strstr($s, "world"), strstr($s, "xyz"), strstr($s, "l"));
              $needle = "wor";
              printf("runtime %d %d\\n", strstr($s, $needle), strcontains(comm, $needle));
              printf("str_concat %s %s\\n", str_concat("ab", "cd"), str_concat(comm, "!"));
              printf("str %s|%s\\n", str("abcdef", 3), str($s));
              printf("buf %r|%rx|%rh\\n", buf("ab\\n", 3), buf("AB", 2), buf("AB", 2));
              exit();
            }
            """])

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, """
            strlen 11 0 7
            strncmp 0 1 0
            strcontains 1 0 1
            strstr 6 -1 2
            runtime 6 0
            str_concat abcd swtrace!
            str ab|hello world
            buf ab\\x0a|\\x41\\x42|41 42
            """, result.transcript)
    }

    /// Conversions with known answers: addresses, byte order, system call and error names,
    /// kernel symbols, map membership.
    func testConversionFunctions() throws {
        let result = try Swtrace.runToEnd(["-e", """
            BEGIN {
              printf("ntop %s %s %s\\n", ntop(0x0100007f), ntop(pton("fe80::1")), ntop(2, pton("10.1.2.3")));
              printf("bswap %x %x %x\\n", bswap((uint16)0x1234), bswap((uint32)0x12345678), bswap((uint8)0x12));
              printf("names %s %s %s\\n", syscall_name(39), syscall_name(0), strerror(2));
              printf("macaddr %s\\n", macaddr(comm));
              printf("ksym %s\\n", ksym(kaddr("vfs_read")));
              printf("user %s %d\\n", username, uid);
              @m[1, "a"] = 1;
              printf("has_key %d %d\\n", has_key(@m, (1, "a")), has_key(@m, (2, "a")));
              print(syscall_name(60));
              print((has_key(@m, (1, "a")), strcontains("ab", "x"), has_cpid, probetype));
              delete(@m, (1, "a"));
              exit();
            }
            """])

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, """
            ntop 127.0.0.1 fe80::1 10.1.2.3
            bswap 3412 78563412 12
            names getpid read No such file or directory
            macaddr 73:77:74:72:61:63
            ksym vfs_read
            user root 0
            has_key 1 0
            exit
            (true, false, false, special)
            """, result.transcript)

        // Compile-time lookups name what they could not find, where it is written; functions
        // the probe cannot run are refused before loading.
        let refusals: [(String, String)] = [
            (#"BEGIN { @ = kaddr("swtrace_no_such_symbol"); exit(); }"#,
             "stdin:1:19-43: ERROR: kaddr(): no kernel symbol named 'swtrace_no_such_symbol'"),
            (#"BEGIN { @ = cgroupid("/swtrace/no/such/cgroup"); exit(); }"#,
             "stdin:1:22-47: ERROR: cgroupid(): no cgroup at '/swtrace/no/such/cgroup'"),
            (#"BEGIN { print(path(1)); }"#, "stdin:1:15-22: ERROR: The path builtin can not be used with 'BEGIN' probes"),
            (#"BEGIN { print(uaddr("main")); }"#, "stdin:1:15-28: ERROR: uaddr() can only be used with uprobe, uretprobe and usdt probes"),
            (#"tracepoint:syscalls:sys_enter_getuid { override(1); }"#,
             "stdin:1:40-51: ERROR: override() is an unsafe function being used in safe mode"),
            (#"tracepoint:sock:inet_sock_set_state { print(socket_cookie(args.skaddr)); }"#,
             "stdin:1:45-71: ERROR: The socket_cookie builtin can not be used with 'tracepoint' probes"),
            (#"BEGIN { $s = kstack; print(len($s)); }"#,
             "stdin:1:32-34: ERROR: len(): the stack must be taken here: len(kstack) or len(ustack(...))"),
        ]
        for (program, message) in refusals {
            let refused = try Swtrace.runToEnd(["-e", program])
            XCTAssertNotEqual(refused.status, 0, refused.transcript)
            XCTAssertEqual(refused.stderrLines.first, message, refused.transcript)
        }
    }

    /// cgroupid() of the cgroup2 root and cgroup_path() back; strftime() of a timestamp the
    /// program also prints raw, checked against this machine's clocks.
    func testTimeAndCgroupFunctions() throws {
        guard let mount = try mountPoint(of: "cgroup2") else { throw XCTSkip("no cgroup2 mount") }
        var info = stat()
        XCTAssertEqual(stat(mount, &info), 0)
        let result = try Swtrace.runToEnd(["-e", """
            BEGIN {
              printf("cgroupid %llu\\n", cgroupid("\(mount)"));
              printf("cgroup_path %s\\n", cgroup_path(cgroupid("\(mount)")));
              printf("filtered %s|%s|%s\\n", cgroup_path(cgroupid("\(mount)"), "unified"), cgroup_path(cgroupid("\(mount)"), "uni*"),
                     cgroup_path(cgroupid("\(mount)"), "cpu"));
              $t = nsecs;
              printf("strftime %s %llu\\n", strftime("%s %f", $t), $t);
              exit();
            }
            """])

        XCTAssertEqual(result.status, 0, result.transcript)
        let lines = result.stdoutLines
        XCTAssertEqual(lines.first, "cgroupid \(info.st_ino)", result.transcript)
        XCTAssertEqual(lines.dropFirst().first, "cgroup_path unified:/", result.transcript)
        // The filter matches hierarchy names with wildcards; cgroup2 is "unified".
        XCTAssertEqual(lines.dropFirst(2).first, "filtered unified:/|unified:/|", result.transcript)
        let parts = try XCTUnwrap(lines.last?.split(separator: " "), result.transcript)
        XCTAssertEqual(parts.count, 4, result.transcript)
        let seconds = try XCTUnwrap(Int64(parts[1])), micros = try XCTUnwrap(Int64(parts[2]))
        let boot = try XCTUnwrap(Int64(parts[3]))
        XCTAssertEqual(parts[2].count, 6, "%f is zero-padded microseconds")
        var realtime = timespec(), now = timespec()
        clock_gettime(CLOCK_REALTIME, &realtime)
        clock_gettime(CLOCK_BOOTTIME, &now)
        let offset = (Int64(realtime.tv_sec) - Int64(now.tv_sec)) * 1_000_000_000 + Int64(realtime.tv_nsec) - Int64(now.tv_nsec)
        let expected = boot + offset
        let printed = seconds * 1_000_000_000 + micros * 1000
        XCTAssertLessThan(abs(printed - expected), 5_000_000, "strftime shows the wall-clock time of the timestamp")
    }

    /// path() as bpftrace's iterator example uses it, `path(ctx->file->f_path)`: the full path
    /// of each descriptor of a waiting workload, exactly what /proc/PID/fd's links say (pipes
    /// and anonymous inodes included: both come from the kernel's d_path). fentry's path() is
    /// checked in the guest (GuestKernelTests).
    func testPathOfEveryOpenFileMatchesProc() throws {
        try XCTSkipUnless(FileManager.default.fileExists(atPath: "/sys/kernel/btf/vmlinux"), "BPF iterators need kernel BTF")
        let workload = try Workload(["read", "1", "1"])
        let directory = "/proc/\(workload.pid)/fd"
        let fds = try FileManager.default.contentsOfDirectory(atPath: directory).compactMap(Int.init).sorted()
        let targets = try fds.map { try FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/\($0)") }
        XCTAssertTrue(targets.contains("/dev/zero"), "the read step's descriptor")

        let result = try Swtrace.runToEnd(["-q", "-e", """
            config = { max_strlen = 256 }
            iter:task_file /ctx->task->pid == \(workload.pid)/ { printf("%d %s|%s\\n", ctx->fd, path(ctx->file->f_path), path(ctx->file->f_path, 5)); }
            """], timeout: 60)

        XCTAssertEqual(result.status, 0, result.transcript)
        // A size too small for the path keeps its end, as in bpftrace ("/dev/zero" -> "zero").
        let lines = result.stdoutLines.map { line -> String in
            let parts = line.split(separator: "|", omittingEmptySubsequences: false)
            return parts.first.map(String.init) ?? line
        }
        XCTAssertEqual(lines, zip(fds, targets).map { "\($0) \($1)" }, result.transcript)
        let ends = result.stdoutLines.compactMap { line in line.split(separator: "|", omittingEmptySubsequences: false).last.map(String.init) }
        for (end, target) in zip(ends, targets) where target.hasPrefix("/") {
            XCTAssertEqual(end, String(target.suffix(4)), result.transcript)
        }
        try workload.release()
    }

    /// exit(code) ends the run with that exit status, after END and the maps, as in bpftrace
    /// 0.21; plain exit() is status 0; the first exit of a run decides.
    func testExitCodeIsTheProcessStatus() throws {
        let coded = try Swtrace.runToEnd(["-e", "BEGIN { @a = 1; exit(3); } END { printf(\"end\\n\"); }"])
        XCTAssertEqual(coded.status, 3, coded.transcript)
        XCTAssertEqual(coded.stdoutLines, ["end", "@a: 1"], coded.transcript)

        let computed = try Swtrace.runToEnd(["-e", "BEGIN { $c = 40; exit($c + 2); exit(7); }"])
        XCTAssertEqual(computed.status, 42, computed.transcript)

        let plain = try Swtrace.runToEnd(["-e", "BEGIN { exit(); }"])
        XCTAssertEqual(plain.status, 0, plain.transcript)
    }

    /// As bpftrace: the events queued behind the first exit() are dropped (the probe keeps
    /// firing until it is detached), and END's output is printed.
    func testEventsAfterExitAreDroppedButEndStillPrints() throws {
        let workload = try Workload(["getppid", "2000"])
        let result = try Swtrace.runToEnd(["-e", """
            tracepoint:syscalls:sys_enter_getppid /pid == \(workload.pid)/ { @hits = count(); printf("x\\n"); exit(); }
            END { printf("end\\n"); }
            """], during: workload)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdoutLines.filter { $0 != "" && !$0.hasPrefix("@hits") }, ["x", "end"], result.transcript)
    }

    /// debugf() writes through the kernel's bpf_trace_printk (three arguments at most) or
    /// bpf_trace_vprintk (more) into the trace buffer; the kernel formats the line. Conversions
    /// the kernel cannot format are refused when compiling.
    func testDebugfWritesToTheKernelTraceBuffer() throws {
        let marker = uniqueName("swtdebugf", length: 20)
        let result = try Swtrace.runToEnd(["-e", """
            BEGIN {
              debugf("\(marker) plain");
              debugf("\(marker) %s %d %x", "a", 1, 16);
              debugf("\(marker) %s|%5d|%-3u|%lld|%c|%X", comm, -7, 3, -9000000000, 65, 255);
              exit();
            }
            """])
        XCTAssertEqual(result.status, 0, result.transcript)
        // tracefs files report a made-up size: read them to the end.
        let trace = ["/sys/kernel/tracing/trace", "/sys/kernel/debug/tracing/trace"]
            .lazy.compactMap { FileHandle(forReadingAtPath: $0)?.readDataToEndOfFile() }.first
        let lines = String(decoding: try XCTUnwrap(trace, "no tracefs trace file"), as: UTF8.self).split(separator: "\n")
        let messages = lines.filter { $0.contains(marker) }.compactMap { line in
            line.range(of: "bpf_trace_printk: ").map { String(line[$0.upperBound...]) }
        }
        XCTAssertEqual(messages, ["\(marker) plain", "\(marker) a 1 10", "\(marker) swtrace|   -7|3  |-9000000000|A|FF"],
                       lines.filter { $0.contains(marker) }.joined(separator: "\n"))

        let refusals: [(String, String)] = [
            (#"BEGIN { debugf("%o", 1); }"#, "stdin:1:16-20: ERROR: debugf: %o is not supported by bpf_trace_printk (use d, i, u, x, X, c, s or p)"),
            (#"BEGIN { debugf("%.2s", "abc"); }"#, "stdin:1:16-22: ERROR: debugf: %.2s is not supported by bpf_trace_printk: no precision"),
            (#"BEGIN { debugf("%hd", 1); }"#, "stdin:1:16-21: ERROR: debugf: %hd is not supported by bpf_trace_printk: the only length modifiers are l and ll"),
            (#"BEGIN { debugf("%s", 1); }"#, "stdin:1:22-23: ERROR: debugf: %s specifier expects a string (argument 1 is int64)"),
        ]
        for (program, message) in refusals {
            let refused = try Swtrace.runToEnd(["-e", program])
            XCTAssertNotEqual(refused.status, 0, refused.transcript)
            XCTAssertEqual(refused.stderrLines.first, message, refused.transcript)
        }
    }

    /// time() prints the local wall-clock time: by default as `%H:%M:%S` and a newline, else in
    /// the strftime(3) format given (no newline added).
    func testTimePrintsTheWallClock() throws {
        func now(_ format: String) -> String {
            var seconds = Glibc.time(nil), parts = tm()
            localtime_r(&seconds, &parts)
            var buffer = [CChar](repeating: 0, count: 64)
            strftime(&buffer, buffer.count, format, &parts)
            return String(cString: buffer)
        }
        let before = now("%H:%M:%S"), dayBefore = now("%Y-%m-%d")
        let result = try Swtrace.runToEnd(["-e", #"BEGIN { time(); time("[%Y-%m-%d]"); time("%%|\n"); exit(); }"#])
        let after = now("%H:%M:%S"), dayAfter = now("%Y-%m-%d")

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdoutLines.count, 2, result.transcript)
        XCTAssertTrue([before, after].contains(result.stdoutLines.first ?? ""), "\(before)...\(after)\n\(result.transcript)")
        XCTAssertTrue(["[\(dayBefore)]%|", "[\(dayAfter)]%|"].contains(result.stdoutLines.last ?? ""), result.transcript)
    }

    /// errorf/warnf go to stderr with the call's location; cat prints a file; system needs
    /// --unsafe and prints the command's output.
    func testOutputFunctions() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(uniqueName("swtcat-", length: 30))
        try "first line\nsecond line\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let program = """
            BEGIN { errorf("bad %d %s", 10, "arg2"); warnf("careful %d", 1); cat("%s", "\(file.path)"); system("echo system %d", 42); exit(); }
            """
        let result = try Swtrace.runToEnd(["--unsafe", "-e", program])

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "first line\nsecond line\nsystem 42", result.transcript)
        XCTAssertEqual(result.stderrLines, [
            "Attached 1 probe",
            "stdin:1:9-40: ERROR: bad 10 arg2",
            "stdin:1:42-64: WARNING: careful 1",
        ], result.transcript)

        let refused = try Swtrace.runToEnd(["-e", program])
        XCTAssertNotEqual(refused.status, 0, refused.transcript)
        let call = "system(\"echo system %d\", 42)"
        let start = try XCTUnwrap(program.range(of: call)).lowerBound.utf16Offset(in: program) + 1
        XCTAssertEqual(refused.stderrLines.first,
                       "stdin:1:\(start)-\(start + call.utf8.count): ERROR: system() is an unsafe function being used in safe mode",
                       refused.transcript)
    }

    /// join() of execve's argv; str() of openat's user pointer as is, as uptr() and as kptr();
    /// signal() and signal_thread() kill the -c child from inside the kernel.
    func testJoinAndSignal() throws {
        let marker = uniqueName("swtjoin-", length: 20)
        let long = String(repeating: "0123456789", count: 30)
        let result = try Swtrace.runToEnd(["-c", "/bin/echo \(marker) two \(long)", "-e", """
            BEGIN { print(has_cpid); }
            tracepoint:syscalls:sys_enter_execve /pid == cpid/ { join(args.argv); join(args.argv, ","); }
            tracepoint:syscalls:sys_enter_openat /pid == cpid/ {
              printf("open %s|%s|%s\\n", str(args.filename), str(uptr(args.filename)), str(kptr(args.filename)));
            }
            """])
        XCTAssertEqual(result.status, 0, result.transcript)
        // Each argument keeps up to 1023 bytes, as in bpftrace: the 300-byte one arrives whole.
        XCTAssertTrue(result.stdoutLines.contains("/bin/echo \(marker) two \(long)"), result.transcript)
        XCTAssertTrue(result.stdoutLines.contains("/bin/echo,\(marker),two,\(long)"), result.transcript)
        XCTAssertEqual(result.stdoutLines.first, "true", "has_cpid with -c")
        // A user pointer reads the same as itself marked uptr(), and as nothing marked kptr().
        // (A name in a page not yet faulted in reads as nothing at all: those lines prove nothing.)
        let opens = result.stdoutLines.filter { $0.hasPrefix("open /") }
        XCTAssertFalse(opens.isEmpty, result.transcript)
        for line in opens {
            let parts = line.dropFirst(5).split(separator: "|", omittingEmptySubsequences: false)
            XCTAssertEqual(parts.count, 3, line)
            XCTAssertEqual(parts.dropFirst().first, parts.first, line)
            XCTAssertEqual(parts.last, "", line)
        }

        let started = Date()
        let killed = try Swtrace.runToEnd(["--unsafe", "-c", "/bin/sleep 30", "-e", """
            tracepoint:syscalls:sys_enter_clock_nanosleep /pid == cpid/ { signal("SIGKILL"); }
            """], timeout: 25)
        XCTAssertEqual(killed.status, 0, killed.transcript)
        XCTAssertLessThan(Date().timeIntervalSince(started), 20, "the child was killed long before its 30 s sleep ended")

        let threadStarted = Date()
        let threadKilled = try Swtrace.runToEnd(["--unsafe", "-c", "/bin/sleep 30", "-e", """
            tracepoint:syscalls:sys_enter_clock_nanosleep /pid == cpid/ { signal_thread(9); }
            """], timeout: 25)
        XCTAssertEqual(threadKilled.status, 0, threadKilled.transcript)
        XCTAssertLessThan(Date().timeIntervalSince(threadStarted), 20, "signal_thread(9) killed the child's only thread")
    }

    /// The map functions and print(@m, top, div), with values whose results are known.
    func testMapFunctions() throws {
        let result = try Swtrace.runToEnd(["-e", """
            BEGIN {
              @c = count(); @c = count(); @s = sum(5); @s = sum(6); @a = avg(2); @a = avg(4);
              @mn = min(5); @mn = min(-3); @mx = max(5); @mx = max(9); @st = stats(10); @st = stats(20);
              @h = hist(3); @h = hist(100); @l = lhist(5, 0, 10, 5);
              @k[1] = 10; @k[2] = 20; @k[3] = 30; print(@k, 2); print(@k, 2, 10);
              @d[1] = 1; @d[2] = 2; delete(@d, 1); @z[1] = 5; zero(@z); @cl[1] = 1; clear(@cl);
              exit();
            }
            """])

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, """
            @k[2]: 20
            @k[3]: 30
            @k[2]: 2
            @k[3]: 3


            @a: 3
            @c: 2
            @d[2]: 2
            @h:
            [2, 4)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
            [4, 8)                 0 |                                                    |
            [8, 16)                0 |                                                    |
            [16, 32)               0 |                                                    |
            [32, 64)               0 |                                                    |
            [64, 128)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|

            @k[1]: 10
            @k[2]: 20
            @k[3]: 30
            @l:
            [5, 10)                1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|

            @mn: -3
            @mx: 9
            @s: 11
            @st: count 2, average 15, total 30
            @z[1]: 0
            """, result.transcript)
    }

    /// percpu_kaddr() needs the variable and __per_cpu_offset in /proc/kallsyms (data symbols:
    /// CONFIG_KALLSYMS_ALL); where they are missing, as on this host, the name is refused where
    /// it is written. The addresses themselves are checked in the guest (GuestKernelTests).
    func testPercpuKaddrNeedsDataSymbols() throws {
        let program = #"BEGIN { $rq = (struct rq *)percpu_kaddr("runqueues", 0); printf("%d\n", $rq->cpu); exit(); }"#
        let result = try Swtrace.runToEnd(["-e", program])
        let kallsyms = String(decoding: FileHandle(forReadingAtPath: "/proc/kallsyms")?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
        if kallsyms.contains(" runqueues\n") {
            XCTAssertEqual(result.status, 0, result.transcript)
            XCTAssertEqual(result.stdoutLines, ["0"], result.transcript)
        } else {
            XCTAssertNotEqual(result.status, 0, result.transcript)
            XCTAssertEqual(result.stderrLines.first, "stdin:1:41-52: ERROR: percpu_kaddr(): no per-CPU kernel variable named 'runqueues'",
                           result.transcript)
        }
    }

    /// print(@m[key]) prints that one value (bpftrace 0.21), a missing key as zero; top and div
    /// belong to whole maps.
    func testPrintOfOneMapValue() throws {
        let result = try Swtrace.runToEnd(["-q", "-e", #"BEGIN { @m[1] = 5; @m[2] = 6; @s["k", 2] = "v"; print(@m[2]); print(@m[9]); print(@s["k", 2]); clear(@m); clear(@s); exit(); }"#])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdoutLines, ["6", "0", "v"], result.transcript)

        let refused = try Swtrace.runToEnd(["-e", "BEGIN { @m[1] = 5; print(@m[1], 2); exit(); }"])
        XCTAssertNotEqual(refused.status, 0, refused.transcript)
        XCTAssertEqual(refused.stderrLines.first,
                       "stdin:1:20-35: ERROR: Single-value (i.e. indexed) map print cannot take additional arguments.", refused.transcript)
    }

    /// tseries buckets a known series: values written within one 10 s interval, reduced by
    /// each aggregation.
    func testTimeSeriesReducesValuesOfOneInterval() throws {
        let result = try Swtrace.runToEnd(["-e", """
            BEGIN {
              @avg = tseries(2, 10s, 3, "avg"); @avg = tseries(4, 10s, 3, "avg");
              @sum = tseries(2, 10s, 3, "sum"); @sum = tseries(4, 10s, 3, "sum");
              @min = tseries(7, 10s, 3, "min"); @min = tseries(-4, 10s, 3, "min");
              @last = tseries(9, 10s, 3); @last = tseries(5, 10s, 3);
              exit();
            }
            """])

        XCTAssertEqual(result.status, 0, result.transcript)
        let rows = result.stdoutLines.filter { $0.range(of: "^[0-9]{2}:[0-9]{2}:[0-9]{2}\\.", options: .regularExpression) != nil }
        XCTAssertEqual(rows.map { $0.split(separator: " ").last.map(String.init) ?? "" }, ["3", "5", "-4", "6"], result.transcript)
        XCTAssertEqual(result.stdoutLines.filter { $0.hasPrefix("@") }, ["@avg:", "@last:", "@min:", "@sum:"], result.transcript)
    }

    /// One run over a PIE test program: usym() of a function address it passes to write(2),
    /// resolved in that process; in a uprobe on that function, `func`, `usermode`, uaddr() of its globals
    /// (relocated by the uprobe's instruction pointer) read through the pointer, reg() of the
    /// argument and instruction pointer registers, len() of a map and of a two-frame user stack;
    /// `func` in its uretprobe (the kernel's bpf_get_func_ip);
    /// arg1 and args.id of raw tracepoint sys_enter for its three getppid() calls.
    func testUserSymbolsAddressesRegistersAndRawTracepointArguments() throws {
        let program = try CompiledCProgram(name: "swtusym", source: """
            #include <signal.h>
            #include <unistd.h>
            #include <sys/syscall.h>
            int swtrace_value = 4242;
            short swtrace_short = -2;
            __attribute__((noinline)) void swtrace_target(long value) { __asm__ volatile ("" :: "r"(value) : "memory"); }
            __attribute__((noinline)) void swtrace_caller(void) { swtrace_target(77); }
            int main(void) {
                sigset_t set; int sig;
                sigemptyset(&set); sigaddset(&set, SIGUSR1); sigprocmask(SIG_BLOCK, &set, 0);
                sigwait(&set, &sig);
                write(-1, (const void *)swtrace_target, 0);
                swtrace_caller();
                for (int i = 0; i < 3; i++) syscall(SYS_getppid);
                sigwait(&set, &sig);
                return 0;
            }
            """)
        defer { program.remove() }
        let process = try CProgramProcess(program)
        defer { process.stop() }
        let result = try process.trace("""
            tracepoint:syscalls:sys_enter_write /pid == \(process.pid)/ { printf("%s\\n", usym(args.buf)); }
            uprobe:\(program.path):swtrace_target {
              printf("func %s usermode %d\\n", func, usermode);
              printf("uaddr %d %d\\n", *uaddr("swtrace_value"), *uaddr("swtrace_short"));
              @m[1] = 1; @m[2] = 2; @m[3] = 3;
              printf("len %d %d\\n", len(@m), len(ustack(2)));
              printf("reg %d %d %s\\n", reg("di"), reg("ip") == uaddr("swtrace_target"), usym(reg("ip")));
            }
            uretprobe:\(program.path):swtrace_target { printf("ret func %s\\n", func); }
            rawtracepoint:sys_enter /pid == \(process.pid)/ { @raw[arg1] = count(); @id[args.id] = count(); }
            """)

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(Array(result.stdoutLines.prefix(6)), [
            "swtrace_target", "func swtrace_target usermode 1", "uaddr 4242 65534", "len 3 2", "reg 77 1 swtrace_target",
            "ret func swtrace_target",
        ], result.transcript)
        let getppid = SyscallNumbers.getppid
        XCTAssertTrue(result.stdoutLines.contains("@raw[\(getppid)]: 3"), result.transcript)
        XCTAssertTrue(result.stdoutLines.contains("@id[\(getppid)]: 3"), result.transcript)
    }

    /// `-k`: a str() and a buf() of an address nothing is mapped at, and a user
    /// stack of a kernel thread, warn with the location, the error and the helper's return code;
    /// without checks they stay silent.
    func testHelperErrorWarnings() throws {
        let program = #"BEGIN { printf("[%s]\n", str(1234)); $b = buf(8, 4); exit(); }"#
        let checked = try Swtrace.runToEnd(["-k", "-e", program])

        XCTAssertEqual(checked.status, 0, checked.transcript)
        XCTAssertEqual(checked.report, "[]", checked.transcript)
        XCTAssertEqual(checked.stderrLines, [
            "Attached 1 probe",
            "stdin:1:26-35: WARNING: Numerical result out of range",
            "Additional Info - helper: probe_read_kernel_str, retcode: -34",
            program,
            "                         ~~~~~~~~~",
            "stdin:1:43-52: WARNING: Numerical result out of range",
            "Additional Info - helper: probe_read_kernel, retcode: -34",
            program,
            "                                          ~~~~~~~~~",
        ], checked.transcript)

        let unchecked = try Swtrace.runToEnd(["-e", program])
        XCTAssertEqual(unchecked.stderrLines, ["Attached 1 probe"], unchecked.transcript)
        // --no-warnings silences them, and warnf(), as in bpftrace; errorf() still shows.
        let silenced = try Swtrace.runToEnd(["--no-warnings", "-k", "-e", #"BEGIN { $s = str(1234); warnf("w"); errorf("e"); exit(); }"#])
        XCTAssertEqual(silenced.stderrLines, ["Attached 1 probe", "stdin:1:37-48: ERROR: e"], silenced.transcript)

        // Kernel threads (no mm), switched out all the time, have no user stack to record.
        // bpftrace 0.20's `-kk` is accepted as `-k`.
        let stack = try Swtrace.runToEnd(["-kk", "-e", "tracepoint:sched:sched_switch /curtask->mm == 0/ { @[ustack(3)] = count(); exit(); }"],
                                         timeout: 30)
        XCTAssertEqual(stack.status, 0, stack.transcript)
        XCTAssertTrue(stack.stderrLines.contains { $0.hasPrefix("stdin:1:54-63: WARNING: ") }, stack.transcript)
        XCTAssertTrue(stack.stderrLines.contains { $0.hasPrefix("Additional Info - helper: get_stackid, retcode: -") }, stack.transcript)
    }

    /// str() of a 713-byte path the -c child opens: cut to bpftrace's default of 64 bytes (63
    /// characters and the NUL), to BPFTRACE_MAX_STRLEN, or whole with `max_strlen = 1024` -
    /// in printf, strlen(), a tuple key and a tuple value of two such strings, all far beyond
    /// the 512-byte BPF stack.
    func testLongStringsHonourTheDefaultAndConfiguredLimits() throws {
        let path = "/swtrace-long" + String(repeating: "/abcdefghi", count: 70)
        XCTAssertEqual(path.utf8.count, 713)
        let body = """
            tracepoint:syscalls:sys_enter_openat /pid == cpid && strncmp(str(args.filename), "/swtrace-long", 13) == 0/ {
              $s = str(args.filename);
              printf("%s %d\\n", $s, strlen($s));
              @[$s, comm] = count();
              @t = ($s, 7, $s);
            }
            """
        let child = "\(Executables.workload) open \(path)"
        func expected(_ length: Int) -> [String] {
            let cut = String(path.prefix(length))
            return ["\(cut) \(length)", "@[\(cut), \(Executables.workloadComm)]: 1", "@t: (\(cut), 7, \(cut))"]
        }

        let fallback = try Swtrace.runToEnd(["-c", child, "-e", body])
        XCTAssertEqual(fallback.status, 0, fallback.transcript)
        XCTAssertEqual(fallback.stdoutLines, expected(63), fallback.transcript)

        let environment = try Swtrace.runToEnd(["-c", child, "-e", body], environment: ["BPFTRACE_MAX_STRLEN": "200"])
        XCTAssertEqual(environment.status, 0, environment.transcript)
        XCTAssertEqual(environment.stdoutLines, expected(199), environment.transcript)

        let configured = try Swtrace.runToEnd(["-c", child, "-e", "config = { max_strlen = 1024 }\n" + body])
        XCTAssertEqual(configured.status, 0, configured.transcript)
        XCTAssertEqual(configured.stdoutLines, expected(713), configured.transcript)
    }

    private func mountPoint(of type: String) throws -> String? {
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/mounts") else { return nil }
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            if fields.count > 2, fields[2] == type { return fields[1] }
        }
        return nil
    }

    /// printf's conversions, flags, widths and length modifiers, and the compile-time checks of
    /// argument count and types.
    func testPrintfConversionsAndChecks() throws {
        let result = try Swtrace.runToEnd(["-e", #"""
            BEGIN { printf("[%s] [%d] [%u] [%x] [%X] [%o] [%p] [%c] [%lld] [%llu] [%-10s] [%08x] [%5d] [%-5d] [%i] [%%] [%hhd] [%10s]\n", "str", -42, 42, 255, 255, 8, 4096, 65, -9000000000, 9000000000, "left", 255, 42, 42, 7, 300, "right"); exit(); }
            """#])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report,
                       "[str] [-42] [42] [ff] [FF] [10] [0x1000] [A] [-9000000000] [9000000000] [left      ] [000000ff] [   42] [42   ] [7] [%] [44] [     right]",
                       result.transcript)

        let checks: [(String, String)] = [
            (#"BEGIN { printf("%d %s\n", 1); }"#, "stdin:1:9-29: ERROR: printf: Not enough arguments for format string (1 supplied, 2 expected)"),
            (#"BEGIN { printf("%d\n", "x", 2); }"#, "stdin:1:9-31: ERROR: printf: Too many arguments for format string (2 supplied, 1 expected)"),
            (#"BEGIN { printf("%d\n", comm); }"#, "stdin:1:24-28: ERROR: printf: %d specifier expects an integer (argument 1 is string[16])"),
            (#"BEGIN { printf("%r\n", 3); }"#, "stdin:1:24-25: ERROR: printf: %r specifier expects a buffer from buf() (argument 1 is int64)"),
        ]
        for (program, message) in checks {
            let refused = try Swtrace.runToEnd(["-e", program])
            XCTAssertNotEqual(refused.status, 0, refused.transcript)
            XCTAssertEqual(refused.stderrLines.first, message, refused.transcript)
        }
    }

    /// The cgroup v2 id of a process: the inode number of its cgroup directory.
    private func cgroupID(of pid: Int32) throws -> UInt64? {
        guard let handle = FileHandle(forReadingAtPath: "/proc/\(pid)/cgroup") else { return nil }
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("0::") }) else { return nil }
        var info = stat()
        guard stat("/sys/fs/cgroup" + line.dropFirst(3), &info) == 0 else { return nil }
        return UInt64(info.st_ino)
    }
}

enum SyscallNumbers {
    #if arch(x86_64)
    static let getppid = 110
    #elseif arch(arm64)
    static let getppid = 173
    #endif
}

