// The tutorial one-liners (lessons 1-5 of the seed, lesson 8 of bpftrace's tutorial) as
// specifications: a program, the events the workload causes, the exact expected output.
import Foundation
import XCTest

final class TutorialTests: XCTestCase {
    override func setUpWithError() throws {
        try Executables.requireRoot()
    }

    // Lesson 1: swtrace -l 'tracepoint:syscalls:sys_enter_*'
    func testLesson1ListsExactlyTheSyscallEntryTracepointsOfTracefs() throws {
        let expected = try Tracefs.tracepoints(category: "syscalls", prefix: "sys_enter_")

        let result = try Swtrace.runToEnd(["-l", "tracepoint:syscalls:sys_enter_*"])

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdoutLines, expected, result.transcript)
        XCTAssertEqual(result.stderr, "", result.transcript)
    }

    // Lesson 1, verbose: the arguments of one tracepoint, as its tracefs format declares them.
    func testLesson1VerboseListingShowsTracepointArguments() throws {
        let result = try Swtrace.runToEnd(["-lv", "tracepoint:syscalls:sys_enter_openat"])

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdout, """
            tracepoint:syscalls:sys_enter_openat
                int __syscall_nr
                int dfd
                const char * filename
                int flags
                umode_t mode

            """, result.transcript)
    }

    // Lesson 1 with no pattern lists everything, tracepoints included.
    func testLesson1ListingWithoutPatternIncludesEveryTracepoint() throws {
        let getppid = "tracepoint:syscalls:sys_enter_getppid"

        let result = try Swtrace.runToEnd(["-l"])

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stdoutLines.contains(getppid), "no \(getppid) in -l output")
        XCTAssertTrue(result.stdoutLines.contains("tracepoint:sched:sched_switch"))
    }

    // Lesson 2: swtrace -e 'BEGIN { printf("hello world\n"); }'.
    func testLesson2HelloWorld() throws {
        // A BEGIN-only program ends by itself once BEGIN has run (bpftrace >= 0.24): no Ctrl-C.
        let result = try Swtrace.runToEnd(["-e", #"BEGIN { printf("hello world\n"); }"#], timeout: 60)

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertFalse(result.crashed, result.transcript)
        XCTAssertEqual(result.stderr, "Attached 1 probe\n", result.transcript)
        XCTAssertEqual(result.report, "hello world", result.transcript)
    }

    // Lesson 3: every openat, with the process name and the path.
    // Events: the workload opens a path nobody else uses, 3 times (it does not exist: ENOENT).
    func testLesson3PrintsCommAndPathOfEachOpenat() throws {
        let path = "/tmp/" + uniqueName("swtrace-lesson3-", length: 40)
        let workload = try Workload(["open", path, "3"])

        let result = try Swtrace.trace(
            program: #"tracepoint:syscalls:sys_enter_openat { printf("%s %s\n", comm, str(args.filename)); }"#,
            during: workload)

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdoutLines.filter { $0.hasSuffix(path) }, [
            "swtrace-workloa \(path)",
            "swtrace-workloa \(path)",
            "swtrace-workloa \(path)",
        ], result.transcript)
    }

    // Lesson 4: system calls counted by process name, printed at Ctrl-C.
    // Events: a process named uniquely makes 250 getppid() calls and one exit_group().
    func testLesson4CountsSyscallsByComm() throws {
        let comm = uniqueName("swt4-")
        let workload = try Workload(["getppid", "250"], comm: comm)

        let result = try Swtrace.trace(
            program: "tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }",
            during: workload)

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdoutLines.filter { $0.hasPrefix("@[\(comm)]") }, [
            "@[\(comm)]: 251",
        ], result.transcript)
        let values = result.stdoutLines.compactMap { line in
            line.hasPrefix("@[") ? line.split(separator: " ").last.flatMap { Int($0) } : nil
        }
        XCTAssertEqual(values, values.sorted(), "keyed maps print in ascending value order")
    }

    // Lesson 5: a histogram of read() return values for one process.
    // Events: reads from /dev/zero returning 0 (x2), 1 (x4), 100 (x8) and 5000 (x2) bytes.
    func testLesson5HistogramOfReadSizes() throws {
        let workload = try Workload(["read", "0", "2", "read", "1", "4", "read", "100", "8",
                                     "read", "5000", "2"])

        let result = try Swtrace.trace(
            program: "tracepoint:syscalls:sys_exit_read /pid == \(workload.pid)/ { @bytes = hist(args.ret); }",
            during: workload)

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, """
            @bytes:
            [0]                    2 |@@@@@@@@@@@@@                                       |
            [1]                    4 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
            [2, 4)                 0 |                                                    |
            [4, 8)                 0 |                                                    |
            [8, 16)                0 |                                                    |
            [16, 32)               0 |                                                    |
            [32, 64)               0 |                                                    |
            [64, 128)              8 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
            [128, 256)             0 |                                                    |
            [256, 512)             0 |                                                    |
            [512, 1K)              0 |                                                    |
            [1K, 2K)               0 |                                                    |
            [2K, 4K)               0 |                                                    |
            [4K, 8K)               2 |@@@@@@@@@@@@@                                       |
            """, result.transcript)
    }

    // The "done" criterion: 1000 getppid() calls of one process, counted exactly.
    func testCountsExactlyOneThousandGetppidCalls() throws {
        let workload = try Workload(["getppid", "1000"])

        let result = try Swtrace.trace(
            program: "tracepoint:syscalls:sys_enter_getppid /pid == \(workload.pid)/ { @ = count(); }",
            during: workload)

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stderr, "Attached 1 probe\n", result.transcript)
        XCTAssertEqual(result.report, "@: 1000", result.transcript)
    }

    // bpftrace tutorial lesson 8: scheduler tracepoints counted by probe name; the interval
    // probe ends the run by itself (1 s here instead of 5 s).
    func testLesson8CountsSchedulerTracepointsAndExitsByItself() throws {
        let schedProbes = try Tracefs.tracepoints(category: "sched", prefix: "sched")

        let result = try Swtrace.runToEnd(
            ["-e", "tracepoint:sched:sched* { @[probe] = count(); } interval:s:1 { exit(); }"],
            timeout: 60)

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertFalse(result.timedOut, "exit() in interval:s:1 did not end the run")
        XCTAssertEqual(result.stderr, "Attached \(schedProbes.count + 1) probes\n", result.transcript)
        let lines = result.stdoutLines
        XCTAssertFalse(lines.isEmpty, result.transcript)
        var values: [Int] = []
        for line in lines {
            let parts = line.split(separator: "]: ")
            guard parts.count == 2, line.hasPrefix("@[tracepoint:sched:sched"),
                  let value = Int(parts[1]), value > 0,
                  schedProbes.contains(String(parts[0].dropFirst(2))) else {
                XCTFail("unexpected line '\(line)'\n\(result.transcript)")
                continue
            }
            values.append(value)
        }
        XCTAssertEqual(values, values.sorted(), "keyed maps print in ascending value order")
        XCTAssertTrue(lines.contains { $0.hasPrefix("@[tracepoint:sched:sched_switch]: ") },
                      "a second of tracing always sees context switches\n\(result.transcript)")
    }
}
