// syscount against swtrace-workload: exact counts of the system calls the workload makes.
import Foundation
import SwtraceCLI
import XCTest

final class SyscountTests: XCTestCase {
    static let header = "Tracing syscalls, printing top"

    /// `getppid` padded like BCC's `%-22s %8llu`.
    func row(_ name: String, _ count: Int) -> String {
        ToolText.pad(name, 22) + " " + ToolText.pad(String(count), 8, left: false)
    }

    func testCountsTheSystemCallsOfOneProcess() throws {
        try Built.requireRoot("syscount")
        let workload = try HeldWorkload(["getppid", "100"])
        let result = try trace("syscount", ["-p", String(workload.pid)], header: Self.header, workload: workload)
        XCTAssertEqual(result.status, 0, result.transcript)
        let lines = result.lines
        XCTAssertEqual(lines.first, "Tracing syscalls, printing top 10... Ctrl+C to quit.", result.transcript)
        XCTAssertTrue(lines.count > 2 && lines[1].range(of: #"^\[\d\d:\d\d:\d\d\]$"#, options: .regularExpression) != nil,
                      result.transcript)
        XCTAssertEqual(Array(lines.dropFirst(2)), [
            "SYSCALL                   COUNT",
            "getppid                     100",
            // The wait the workload was held in returns after syscount attached.
            row("rt_sigtimedwait", 1),
            "", "",
        ], result.transcript)
        XCTAssertEqual(result.stderr, "", "a tool prints no warnings about its own program")
    }

    func testFailuresErrnoCommAndTop() throws {
        try Built.requireRoot("syscount")
        let comm = "sysc" + String(UUID().uuidString.prefix(8))
        let missing = "/nonexistent-" + UUID().uuidString
        let steps = ["open", missing, "3", "open", "/dev/null", "2", "getppid", "5"]

        let failed = try HeldWorkload(steps, comm: comm)
        let xResult = try trace("syscount", ["-p", String(failed.pid), "-x"], header: Self.header, workload: failed)
        XCTAssertEqual(xResult.lines.dropFirst(2).first, "SYSCALL                   COUNT", xResult.transcript)
        XCTAssertEqual(Array(xResult.lines.dropFirst(3)), [row("openat", 3), "", ""], xResult.transcript)

        let byErrno = try HeldWorkload(steps, comm: comm)
        let eResult = try trace("syscount", ["--comm", comm, "-e", "ENOENT", "-T", "1"], header: "printing top 1...",
                                workload: byErrno, interrupt: true)
        XCTAssertEqual(Array(eResult.lines.dropFirst(3)), [row("openat", 3), "", ""], eResult.transcript)

        let byCount = try HeldWorkload(steps, comm: comm)
        let tResult = try trace("syscount", ["--comm", comm, "-T", "2"], header: Self.header,
                                workload: byCount, interrupt: true)
        // openat 5 (3 failed, 2 opened), getppid 5: ties sort by name; close 2 is cut by -T 2.
        XCTAssertEqual(Array(tResult.lines.dropFirst(3)), [row("getppid", 5), row("openat", 5), "", ""],
                       tResult.transcript)
    }

    /// --comm with a name longer than the 15 bytes the kernel keeps matches the process by those.
    func testLongCommIsCutAsTheKernelCutsIt() throws {
        try Built.requireRoot("syscount")
        let name = "sc" + String(UUID().uuidString.prefix(8)).lowercased() + "-long-name"
        let workload = try HeldWorkload(["getppid", "100"], comm: name)
        let result = try trace("syscount", ["--comm", name, "-T", "1"], header: "printing top 1...",
                               workload: workload, interrupt: true)
        XCTAssertEqual(Array(result.lines.dropFirst(2)), ["SYSCALL                   COUNT", row("getppid", 100), "", ""],
                       result.transcript)
        XCTAssertEqual(result.stderr, "syscount: process names are at most 15 bytes: matching '\(name.prefix(15))'\n",
                       result.transcript)
    }

    /// -L with -f json: each row has its total time, under the unit's name (time_us, or time_ms with -m).
    func testLatencyInJSON() throws {
        try Built.requireRoot("syscount")
        for (unit, scale) in [("time_us", 1000.0), ("time_ms", 1.0)] {
            let workload = try HeldWorkload(["getppid", "100", "sleep", "50"])
            let result = try trace("syscount", ["-p", String(workload.pid), "-L", "-f", "json"]
                                   + (unit == "time_ms" ? ["-m"] : []),
                                   header: "attached_probes", workload: workload)
            XCTAssertEqual(result.status, 0, result.transcript)
            XCTAssertEqual(result.lines.count, 3, result.transcript)
            let summary = result.lines[1]
            let pattern = #"^\{"type": "syscount", "data": \{"time": "\d\d:\d\d:\d\d", "rows": \["#
                + #"\{"syscall": "nanosleep", "count": 1, ""# + unit + #"": ([0-9.]+)\}, "#
                + #"\{"syscall": "getppid", "count": 100, ""# + unit + #"": ([0-9.]+)\}\]\}\}$"#
            let match = try XCTUnwrap(try NSRegularExpression(pattern: pattern)
                .firstMatch(in: summary, range: NSRange(summary.startIndex..., in: summary)), result.transcript)
            let sleep = try XCTUnwrap(Double(summary[Range(match.range(at: 1), in: summary)!]))
            XCTAssertTrue(sleep >= 50 * scale && sleep < 1000 * scale, summary)
            XCTAssertEqual(String(summary[Range(match.range(at: 1), in: summary)!]).split(separator: ".").last?.count, 3,
                           "three decimals, as the text columns: \(summary)")
        }
    }

    func testLatencyPerProcessAndJSON() throws {
        try Built.requireRoot("syscount")
        let workload = try HeldWorkload(["getppid", "100", "sleep", "50"])
        let result = try trace("syscount", ["-p", String(workload.pid), "-L", "-m"], header: Self.header,
                               workload: workload)
        let lines = result.lines
        XCTAssertEqual(lines.dropFirst(2).first, "SYSCALL                   COUNT        TIME (ms)", result.transcript)
        // Sorted by time: the 50 ms sleep first; its time is at least 50 ms. Calls whose entry
        // happened before attaching (the held wait) have no latency and are not counted.
        let sleepRow = try XCTUnwrap(lines.dropFirst(3).first, result.transcript)
        XCTAssertTrue(sleepRow.hasPrefix(row("nanosleep", 1) + " "), result.transcript)
        let milliseconds = try XCTUnwrap(Double(sleepRow.split(separator: " ").last ?? ""), result.transcript)
        XCTAssertTrue(milliseconds >= 50 && milliseconds < 1000, result.transcript)
        XCTAssertTrue(lines.dropFirst(4).first?.hasPrefix(row("getppid", 100) + " ") == true, result.transcript)
        XCTAssertEqual(lines.count, 7, result.transcript)

        let perProcess = try HeldWorkload(["getppid", "100"], comm: "syscount-proc")
        let pResult = try trace("syscount", ["-p", String(perProcess.pid), "-P"], header: Self.header,
                                workload: perProcess)
        XCTAssertEqual(Array(pResult.lines.dropFirst(2)), [
            "PID    COMM               COUNT",
            ToolText.pad(String(perProcess.pid), 6) + " " + ToolText.pad("syscount-proc", 15) + "      101",
            "", "",
        ], pResult.transcript)

        let perProcessJSON = try HeldWorkload(["getppid", "100"], comm: "syscount-proc")
        let pjResult = try trace("syscount", ["-p", String(perProcessJSON.pid), "-P", "-f", "json"],
                                 header: "attached_probes", workload: perProcessJSON)
        let pjSummary = pjResult.lines.dropFirst().first ?? ""
        XCTAssertTrue(pjSummary.hasSuffix(#", "rows": [{"pid": \#(perProcessJSON.pid), "comm": "syscount-proc", "#
                                          + #""count": 101}]}}"#), pjResult.transcript)
        XCTAssertEqual(pjResult.lines.count, 3, pjResult.transcript)

        let jsonWorkload = try HeldWorkload(["getppid", "100"])
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("syscount-\(UUID()).json").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let jResult = try Child("syscount", ["-p", String(jsonWorkload.pid), "-f", "json", "-o", output, "-T", "1"])
        XCTAssertTrue(waitUntil(60) { ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").contains("attached_probes") })
        jsonWorkload.go()
        XCTAssertEqual(jResult.finish().status, 0)
        let records = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(records.count, 2, records.joined(separator: "\n"))
        let summary = String(records.last ?? "")
        XCTAssertTrue(summary.hasPrefix(#"{"type": "syscount", "data": {"time": ""#), summary)
        XCTAssertTrue(summary.hasSuffix(#", "rows": [{"syscall": "getppid", "count": 100}]}}"#), summary)
    }

    func testIntervalAndDuration() throws {
        try Built.requireRoot("syscount")
        let workload = try HeldWorkload(["getppid", "10", "sleep", "2500", "getppid", "20"])
        let started = Date()
        let result = try trace("syscount", ["-p", String(workload.pid), "-i", "1", "-d", "30"], header: Self.header,
                               workload: workload)
        XCTAssertLessThan(Date().timeIntervalSince(started), 25, "-p ends the run when the process exits")
        let stamps = result.lines.filter { $0.hasPrefix("[") && $0.hasSuffix("]") }
        XCTAssertGreaterThanOrEqual(stamps.count, 2, result.transcript)
        let getppid = result.lines.filter { $0.hasPrefix("getppid ") }
            .compactMap { Int($0.split(separator: " ").last ?? "") }
        XCTAssertEqual(getppid.reduce(0, +), 30, result.transcript)
        XCTAssertGreaterThanOrEqual(getppid.count, 2, result.transcript)

        // -d a multiple of -i: the last tick ends the run and the exit prints its summary, no
        // second near-empty one after it (syscount's own map reads are what it counts here).
        let own = try runTool("syscount", ["--comm", "syscount", "-i", "1", "-d", "2"])
        XCTAssertEqual(own.status, 0, own.transcript)
        XCTAssertEqual(own.lines.filter { $0.hasPrefix("[") && $0.hasSuffix("]") }.count, 2, own.transcript)
        XCTAssertEqual(own.lines.filter { $0 == "SYSCALL                   COUNT" }.count, 2, own.transcript)

        let timed = Date()
        let alone = try runTool("syscount", ["-d", "1", "--comm", "no-such-comm-x", "-v"])
        XCTAssertEqual(alone.status, 0, alone.transcript)
        XCTAssertEqual(alone.stdout, "Tracing syscalls, printing top 10... Ctrl+C to quit.\n", alone.transcript)
        // -v: libbpf's own debug lines, as the C tools' -v.
        XCTAssertTrue(alone.stderr.contains("libbpf: loading object"), alone.transcript)
        XCTAssertLessThan(Date().timeIntervalSince(timed), 15)
    }

    /// The cgroup v2 hierarchy's mount point (/sys/fs/cgroup, or /sys/fs/cgroup/unified on hybrid systems).
    static var cgroup2Root: String? {
        let mounts = (try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)) ?? ""
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count > 2, fields[2] == "cgroup2" { return String(fields[1]) }
        }
        return nil
    }

    /// -c counts only the processes of one cgroup: the workload is moved into a fresh one.
    /// With -L (microseconds), the wait it was held in started before attaching and is not timed.
    func testCgroupWithLatencyInMicroseconds() throws {
        try Built.requireRoot("syscount")
        let root = try XCTUnwrap(Self.cgroup2Root, "no cgroup v2 hierarchy mounted")
        let cgroup = root + "/swtrace-syscount-\(getpid())"
        // A read-only cgroup file system (some containers) cannot host the test's own cgroup.
        guard (try? FileManager.default.createDirectory(atPath: cgroup, withIntermediateDirectories: false)) != nil else {
            throw XCTSkip("cannot create the cgroup \(cgroup)")
        }
        defer { rmdir(cgroup) }
        let workload = try HeldWorkload(["getppid", "100", "open", "/dev/null", "1"])
        guard (try? "\(workload.pid)\n".write(toFile: cgroup + "/cgroup.procs", atomically: false, encoding: .utf8)) != nil
        else { throw XCTSkip("cannot move a process into \(cgroup)") }
        let result = try trace("syscount", ["-c", cgroup, "-L", "-T", "3"], header: Self.header, workload: workload,
                               interrupt: true)
        XCTAssertEqual(result.status, 0, result.transcript)
        let lines = Array(result.lines.dropFirst(2))
        XCTAssertEqual(lines.first, "SYSCALL                   COUNT        TIME (us)", result.transcript)
        let rows = lines.dropFirst().filter { !$0.isEmpty }
        XCTAssertEqual(rows.map { String($0.prefix(31)) }.sorted(),
                       [row("close", 1), row("getppid", 100), row("openat", 1)], result.transcript)
        for row in rows {
            let microseconds = try XCTUnwrap(Double(row.dropFirst(32).trimmingCharacters(in: .whitespaces)), row)
            XCTAssertTrue(microseconds > 0 && microseconds < 1_000_000, row)
        }
        XCTAssertEqual(try runTool("syscount", ["-c", "/proc"]).status, 64, "not a cgroup v2 directory")
    }

    func testListEmitAndBadOptions() throws {
        try Built.require("syscount")
        let list = try runTool("syscount", ["-l"])
        XCTAssertTrue(list.lines.contains("110: getppid"), list.transcript)
        XCTAssertEqual(list.lines.first, "  0: read")

        let emitted = try runTool("syscount", ["--emit", "-x", "--comm", "a\"b", "-P", "-L", "-i", "2", "-d", "5"])
        let template = try String(contentsOfFile: Built.packageRoot + "/Tools/syscount/syscount.bt", encoding: .utf8)
        XCTAssertEqual(emitted.stdout, """
            #define TASK_FILTER (comm == "a\\"b")
            #define RESULT_FILTER (args.ret < 0)
            #define BY_PROCESS
            #define LATENCY

            """ + template + """

            interval:s:2
            {
              print(@syscalls);
              clear(@syscalls);
            }

            interval:s:5
            {
              exit();
            }

            """)
        let ticks = try runTool("syscount", ["--emit", "-i", "2", "-d", "6"])
        XCTAssertEqual(ticks.stdout, template + """

            interval:s:2
            {
              @tool_ticks = @tool_ticks + 1;
              if (@tool_ticks < 3) {
                print(@syscalls);
                clear(@syscalls);
              } else {
                exit();
              }
            }

            END
            {
              clear(@tool_ticks);
            }

            """)
        let errno = try runTool("syscount", ["--emit", "-e", "eacces"])
        XCTAssertTrue(errno.stdout.hasPrefix("#define RESULT_FILTER (args.ret == -13)\n"), errno.transcript)
        let numbered = try runTool("syscount", ["--emit", "-e", "4095"])
        XCTAssertTrue(numbered.stdout.hasPrefix("#define RESULT_FILTER (args.ret == -4095)\n"), numbered.transcript)

        for bad in [["-e", "ENOTANERRNO"], ["-e", "0"], ["-e", "4096"], ["-T", "0"], ["-c", "/no/such/cgroup"], ["-p", "0"], ["-p", "2147483647"], ["-d", "0"]] {
            let result = try runTool("syscount", bad)
            XCTAssertEqual(result.status, 64, "\(bad): \(result.transcript)")
        }
    }

    /// System calls of kernels newer than the headers the tables are generated from are named too:
    /// this test process makes each once (with arguments every kernel refuses) under syscount -p.
    func testNewerSystemCallsByName() throws {
        try Built.requireRoot("syscount")
        let newer = ["cachestat", "fchmodat2", "map_shadow_stack", "futex_wake", "futex_wait", "futex_requeue",
                     "statmount", "listmount", "lsm_get_self_attr", "lsm_set_self_attr", "lsm_list_modules", "mseal",
                     "setxattrat", "getxattrat", "listxattrat", "removexattrat", "open_tree_attr", "file_getattr",
                     "file_setattr"]
        // syscall(2) is variadic, which Swift cannot call: its symbol is called with six integers,
        // which is how it reads them.
        typealias RawSyscall = @convention(c) (Int, Int, Int, Int, Int, Int) -> Int
        let raw = unsafeBitCast(try XCTUnwrap(dlsym(dlopen(nil, RTLD_NOW), "syscall")), to: RawSyscall.self)
        let child = try Child("syscount", ["-p", String(getpid()), "-T", "1000"])
        try child.waitFor(Self.header)
        for number in 451...469 { _ = raw(number, -1, 0, 0, 0, 0) }
        let result = child.finish(interrupt: true)
        XCTAssertEqual(result.status, 0, result.transcript)
        let rows = result.lines.filter { row in newer.contains { row.hasPrefix($0 + " ") } }
        XCTAssertEqual(rows, newer.map { row($0, 1) }.sorted(), result.transcript)
        XCTAssertFalse(result.stdout.contains("[4"), "a newer call without a name: \(result.transcript)")

        // x86-64's own newer calls (made only from uprobe trampolines: listed, not made here).
        #if arch(x86_64)
        let list = try runTool("syscount", ["-l"]).lines
        XCTAssertEqual(list.filter { $0.hasSuffix("probe") }, ["335: uretprobe", "336: uprobe"])
        XCTAssertEqual(list.filter { !$0.isEmpty }.last, "469: file_setattr")
        #endif
    }

    /// The arm64 table holds arm64's numbers (the ABI's, which the generic header defines through
    /// __NR3264_* aliases for some), not x86-64's.
    func testArm64TableHasTheGenericNumbers() throws {
        let committed = try String(contentsOfFile: Built.packageRoot + "/Tools/syscount/SyscallTables.swift",
                                   encoding: .utf8)
        let start = try XCTUnwrap(committed.range(of: "static let arm64: [Int: String] = [\n"))
        let end = try XCTUnwrap(committed.range(of: "    ]\n", range: start.upperBound..<committed.endIndex))
        let table = committed[start.upperBound..<end.lowerBound]
        for (number, name) in [(0, "io_setup"), (25, "fcntl"), (56, "openat"), (63, "read"), (79, "newfstatat"),
                               (80, "fstat"), (173, "getppid"), (221, "execve"), (435, "clone3"), (437, "openat2")] {
            XCTAssertTrue(table.contains("        \(number): \"\(name)\",\n"), "\(number): \(name)")
        }
        let numbers = table.split(separator: "\n").compactMap { Int($0.drop { $0 == " " }.prefix { $0 != ":" }) }
        XCTAssertEqual(numbers, numbers.sorted(), "in number order")
        XCTAssertEqual(Set(numbers).count, numbers.count, "no number twice (a duplicate key traps at run time)")
        XCTAssertFalse(table.contains("\"open\""), "arm64 has no open(2), only openat(2)")
    }

    func testGeneratedTablesMatchTheHeaders() throws {
        let header = "/usr/include/x86_64-linux-gnu/asm/unistd_64.h"
        try XCTSkipUnless(FileManager.default.fileExists(atPath: header), "no x86-64 kernel headers")
        let generated = try runTool("/bin/sh", [Built.packageRoot + "/Tools/syscount/generate-tables.sh"])
        let committed = try String(contentsOfFile: Built.packageRoot + "/Tools/syscount/SyscallTables.swift",
                                   encoding: .utf8)
        XCTAssertEqual(generated.stdout, committed, "regenerate with Tools/syscount/generate-tables.sh")
    }
}
