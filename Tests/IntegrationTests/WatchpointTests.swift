// watchpoint/asyncwatchpoint probes, run for real on the breakpoint PMU: the workload stores to
// an address it maps at a fixed place (user space, via -c and -p), and the kernel writes a
// task's voluntary-switch counter (a kernel address) once per blocking read.
import Foundation
import XCTest

final class WatchpointTests: XCTestCase {
    private func requireBreakpoints() throws {
        try Executables.requireRoot()
        try XCTSkipUnless(FileManager.default.fileExists(atPath: "/sys/bus/event_source/devices/breakpoint"),
                          "this kernel has no breakpoint PMU")
    }

    /// -c: addresses are in the command's process, the probe is named after its program; every
    /// 8-byte store is one hit for an 8-byte write watch and for a 4-byte read/write watch inside it.
    func testWatchpointCountsEveryStoreOfTheCommand() throws {
        try requireBreakpoints()
        let program = """
            watchpoint:0x10000000:8:w { @[probe] = count(); }
            aw:0x10000008:4:wr { @async[probe] = count(); }
            w:0x10000010:8:w { @untouched = count(); }
            """
        let command = "\(Executables.workload) store 10000000 7 store 10000008 3"

        let result = try Swtrace.runToEnd(["-e", program, "-c", command])

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stderr, "Attached 3 probes\n", result.transcript)
        XCTAssertEqual(result.report, """
            @[watchpoint:\(Executables.workload):268435456:8:w]: 7
            @async[asyncwatchpoint:\(Executables.workload):268435464:4:rw]: 3
            """, result.transcript)
    }

    /// Threads the command starts after attaching are watched too: one store by the main
    /// thread, four by the thread it creates.
    func testWatchpointFollowsNewThreads() throws {
        try requireBreakpoints()
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/gcc") else { throw XCTSkip("gcc is not installed") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swtrace-watch-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("threads.c"), program = directory.appendingPathComponent("threads").path
        try """
            #include <pthread.h>
            #include <sys/mman.h>
            static void *worker(void *p) { volatile long *v = p; for (int i = 0; i < 4; i++) *v = i; return 0; }
            int main(void) {
                volatile long *p = mmap((void *)0x10000000, 4096, PROT_READ | PROT_WRITE,
                                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
                if (p != (void *)0x10000000) return 1;
                *p = 1;
                pthread_t thread;
                pthread_create(&thread, 0, worker, (void *)p);
                pthread_join(thread, 0);
                return 0;
            }
            """.write(to: source, atomically: true, encoding: .utf8)
        let compiler = Process()
        compiler.executableURL = URL(fileURLWithPath: "/usr/bin/gcc")
        compiler.arguments = ["-O1", "-pthread", "-o", program, source.path]
        try compiler.run()
        compiler.waitUntilExit()
        XCTAssertEqual(compiler.terminationStatus, 0)

        let result = try Swtrace.runToEnd(["-q", "-e", "w:0x10000000:8:w { if (tid == pid) { @main = count(); } else { @thread = count(); } }",
                                           "-c", program])

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "@main: 1\n@thread: 4", result.transcript)
    }

    /// -p: the address is in that process, which the probe name gives as /proc/PID/exe.
    func testWatchpointInTheProcessOfPid() throws {
        try requireBreakpoints()
        let workload = try Workload(["store", "10000000", "5"])

        let result = try Swtrace.runToEnd(["-e", "watchpoint:268435456:8:w { @[probe, pid] = count(); }",
                                           "-p", String(workload.pid)], during: workload)

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "@[watchpoint:/proc/\(workload.pid)/exe:268435456:8:w, \(workload.pid)]: 5",
                       result.transcript)
    }

    /// Without -p/-c the address is a kernel one: the workload's task_struct.nvcsw, which the
    /// scheduler increments each time the task blocks (here: five timer reads of 10 ms). Its
    /// address is read from a first run, while the workload sleeps once.
    func testWatchpointOnAKernelAddress() throws {
        try requireBreakpoints()
        let workload = try Workload(["sleep", "1", "wait-signal", "sleep-read", "10", "5"])
        let finder = try TracerProcess(["-e", """
            tracepoint:syscalls:sys_exit_nanosleep /pid == \(workload.pid)/ {
              printf("%lu\\n", (uint64)curtask + offsetof(struct task_struct, nvcsw)); exit();
            }
            """])
        try finder.waitUntilAttached()
        kill(workload.pid, SIGUSR1)
        let found = finder.finish()
        let address = try XCTUnwrap(UInt64(found.stdoutLines.first ?? ""), found.transcript)
        XCTAssertTrue(poll(timeout: 20) {
            (try? String(contentsOfFile: "/proc/\(workload.pid)/syscall", encoding: .utf8))?
                .split(separator: " ").first == Substring(String(Workload.rtSigtimedwait))
        }, "the workload never reached its second wait-signal")

        // Counting stops at exit_group: the exiting task's last switch also writes nvcsw.
        let hex = "0x" + String(address, radix: 16)
        let tracer = try TracerProcess(["-e", """
            watchpoint:\(hex):8:w /pid == \(workload.pid) && @exiting == 0/ { @switches[probe] = count(); }
            tracepoint:syscalls:sys_enter_exit_group /pid == \(workload.pid)/ { @exiting = 1; exit(); }
            """])
        do {
            try tracer.waitUntilAttached()
        } catch {
            let refused = tracer.finish()
            let refusal = "ERROR: failed to attach probe watchpoint:\(address):8:w: this kernel does not allow breakpoints "
                + "on kernel addresses (perf_event_open: Operation not permitted (errno 1))\n"
            if refused.status == 1 && refused.stderr == refusal {
                throw XCTSkip("this kernel refuses data breakpoints in kernel memory even to root (one clear error line)")
            }
            throw error
        }
        try workload.release()
        let result = tracer.finish(timeout: 120)

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, """
            @exiting: 1
            @switches[watchpoint:\(address):8:w]: 5
            """, result.transcript)
    }

    /// The breakpoint registers watch naturally aligned ranges only: an error naming the probe.
    func testMisalignedWatchpointFailsToAttach() throws {
        try requireBreakpoints()
        let result = try Swtrace.runToEnd(["-e", "w:0x10000004:8:w { @ = count(); }",
                                           "-c", "\(Executables.workload) store 10000000 1"])

        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertEqual(result.stderr, "ERROR: failed to attach probe watchpoint:\(Executables.workload):268435460:8:w: "
                       + "address 0x10000004 is not aligned to the watched length 8\n", result.transcript)
    }

    /// bpftrace's checks, each an error at the attach point; x86-64 has no read-only watch.
    func testInvalidWatchpointsAreErrorsWithHints() throws {
        try requireBreakpoints()
        let result = try Swtrace.runToEnd(["-e", "w:0x1000:8:r {} w:0:8:w {} w:0x1000:3:w {} w:0x1000:8:ww {} w:f+arg1:8:w {} w:1:8 {}"])

        XCTAssertEqual(result.status, 1, result.transcript)
        let errors = result.stderrLines.filter { $0.contains("ERROR") || $0.hasPrefix("HINT") }
        XCTAssertEqual(errors, [
            "stdin:1:1-13: ERROR: Invalid attach point 'w:0x1000:8:r': invalid watchpoint mode: r",
            "HINT: supported modes: rw,w,x",
            "stdin:1:17-24: ERROR: Invalid attach point 'w:0:8:w': watchpoint must be attached to a non-zero address",
            "stdin:1:28-40: ERROR: Invalid attach point 'w:0x1000:3:w': watchpoint length must be one of (1,2,4,8)",
            "stdin:1:44-57: ERROR: Invalid attach point 'w:0x1000:8:ww': watchpoint modes may not be duplicated",
            "stdin:1:61-73: ERROR: Invalid attach point 'w:f+arg1:8:w': Invalid function/address argument: f+arg1",
            "HINT: only absolute addresses can be watched, not function+argN",
            "stdin:1:77-82: ERROR: Invalid attach point 'w:1:8': watchpoint probe type requires 3 arguments, found 2",
            "HINT: write watchpoint:ADDRESS:LENGTH:MODE, e.g. watchpoint:0x10000000:8:w",
        ], result.transcript)
    }
}
