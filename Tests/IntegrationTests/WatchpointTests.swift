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
            w:0x10000008:4:wr { @inside[probe] = count(); }
            w:0x10000010:8:w { @untouched = count(); }
            """
        let command = "\(Executables.workload) store 10000000 7 store 10000008 3"

        let result = try Swtrace.runToEnd(["-e", program, "-c", command])

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stderr, "Attached 3 probes\n", result.transcript)
        XCTAssertEqual(result.report, """
            @[watchpoint:\(Executables.workload):268435456:8:w]: 7
            @inside[watchpoint:\(Executables.workload):268435464:4:rw]: 3
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

    /// unwatch() removes an address watchpoint too (as bpftrace: any probe on the address). The
    /// removal is asynchronous: the workload waits after its first store until it is done.
    func testUnwatchRemovesAnAddressWatchpoint() throws {
        try requireBreakpoints()
        let workload = try Workload(["store", "10000000", "1", "wait-signal", "store", "10000000", "4"])
        let tracer = try TracerProcess(["-e", "watchpoint:0x10000000:8:w { @ = count(); unwatch(0x10000000); }",
                                        "-p", String(workload.pid)])
        try tracer.waitUntilAttached()
        let attached = perfEventFiles(of: tracer.pid)
        kill(workload.pid, SIGUSR1)
        XCTAssertTrue(poll(timeout: 30) { perfEventFiles(of: tracer.pid) == attached - 1 }, "the breakpoint was never removed")
        XCTAssertTrue(poll(timeout: 20) {
            (try? String(contentsOfFile: "/proc/\(workload.pid)/syscall", encoding: .utf8))?
                .split(separator: " ").first == Substring(String(Workload.rtSigtimedwait))
        }, "the workload never reached its second wait-signal")
        try workload.release()
        let result = tracer.finish()

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "@: 1", result.transcript)
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
        let result = try Swtrace.runToEnd(["-e", "w:0x1000:8:r {} w:0:8:w {} w:0x1000:3:w {} w:0x1000:8:ww {} w:f+arg1:8:w {} w:1:8 {}\n"
                                           + "aw:0x1000:8:w {} w:f+argv:8:w {} w:f+arg1+2:8:w {} w:f+arg6:8:w {}"])

        XCTAssertEqual(result.status, 1, result.transcript)
        let errors = result.stderrLines.filter { $0.contains("ERROR") || $0.hasPrefix("HINT") }
        XCTAssertEqual(errors, [
            "stdin:1:1-13: ERROR: Invalid attach point 'w:0x1000:8:r': invalid watchpoint mode: r",
            "HINT: supported modes: rw,w,x",
            "stdin:1:17-24: ERROR: Invalid attach point 'w:0:8:w': watchpoint must be attached to a non-zero address",
            "stdin:1:28-40: ERROR: Invalid attach point 'w:0x1000:3:w': watchpoint length must be one of (1,2,4,8)",
            "stdin:1:44-57: ERROR: Invalid attach point 'w:0x1000:8:ww': watchpoint modes may not be duplicated",
            "stdin:1:61-73: ERROR: Invalid attach point 'w:f+arg1:8:w': -p PID or -c CMD required for watchpoint",
            "stdin:1:77-82: ERROR: Invalid attach point 'w:1:8': watchpoint probe type requires 3 arguments, found 2",
            "HINT: write watchpoint:ADDRESS:LENGTH:MODE or watchpoint:FUNCTION+argN:LENGTH:MODE, e.g. watchpoint:0x10000000:8:w",
            "stdin:2:1-14: ERROR: Invalid attach point 'aw:0x1000:8:w': asyncwatchpoint requires a function name",
            "stdin:2:18-30: ERROR: Invalid attach point 'w:f+argv:8:w': Invalid function argument",
            "stdin:2:34-48: ERROR: Invalid attach point 'w:f+arg1+2:8:w': Invalid function/address argument",
            "stdin:2:52-64: ERROR: Invalid attach point 'w:f+arg6:8:w': -p PID or -c CMD required for watchpoint",
        ], result.transcript)
        // With a traced process, the argument register is the first problem.
        let traced = try Swtrace.runToEnd(["-e", "w:increment+arg6:4:w { }", "-c", "\(Executables.workload) increment 1"])
        XCTAssertEqual(traced.status, 1, traced.transcript)
        XCTAssertEqual(traced.stderrLines.first, "stdin:1:1-21: ERROR: Invalid attach point 'w:increment+arg6:4:w': x86_64 doesn't support arg6",
                       traced.transcript)
    }

    // MARK: watchpoint:FUNCTION+argN (the workload's increment(int *) adds one to its argument)

    /// Each call stops the command in the arming uprobe until the breakpoint on the int it is
    /// given is in place: every one of the five stores is seen, by one breakpoint.
    func testFunctionWatchpointSeesEveryStoreOfTheCommand() throws {
        try requireBreakpoints()
        let result = try Swtrace.runToEnd(["-e", "watchpoint:increment+arg0:4:w { @[probe] = count(); }",
                                           "-c", "\(Executables.workload) increment 5"])

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stderr, "Attached 1 probe\n", result.transcript)
        XCTAssertEqual(result.report, "@[watchpoint:\(Executables.workload):increment:4:w]: 5", result.transcript)
    }

    /// The tracee is stopped once per address, not at every call: later calls find the address
    /// handled in the kernel and go on (bpftrace stops it at every call).
    func testTheTraceeIsStoppedOncePerAddress() throws {
        try requireBreakpoints()
        let program = """
            tracepoint:signal:signal_generate /args.sig == 19 && (uint64)args.pid == cpid/ { @stops = count(); }
            watchpoint:increment+arg0:4:w { @stores = count(); }
            """
        let result = try Swtrace.runToEnd(["-e", program, "-c", "\(Executables.workload) increment 1000 increment-each 2"])

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "@stops: 3\n@stores: 1002", result.transcript)
    }

    /// -p: the function is looked up in /proc/PID/exe, and only that process is stopped.
    func testFunctionWatchpointInTheProcessOfPid() throws {
        try requireBreakpoints()
        let workload = try Workload(["increment", "3"])

        let result = try Swtrace.runToEnd(["-e", "w:increment+arg0:4:w { @[probe, pid] = count(); }", "-p", String(workload.pid)],
                                          during: workload)

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "@[watchpoint:/proc/\(workload.pid)/exe:increment:4:w, \(workload.pid)]: 3", result.transcript)
    }

    /// language.md's example as written: wpfunc.c calls increment(0, i) forever; the probe on
    /// its second argument prints once and exits (the command is then ended).
    func testLanguageReferenceExample() throws {
        try requireBreakpoints()
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/gcc") else { throw XCTSkip("gcc is not installed") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swtrace-wpfunc-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("wpfunc.c"), program = directory.appendingPathComponent("wpfunc").path
        try """
            #include <stdio.h>
            #include <stdlib.h>
            #include <unistd.h>
            __attribute__((noinline)) void increment(__attribute__((unused)) int _, int *i) { (*i)++; }
            int main() {
                int *i = malloc(sizeof(int));
                while (1) { increment(0, i); (*i)++; usleep(1000); }
            }
            """.write(to: source, atomically: true, encoding: .utf8)
        let compiler = Process()
        compiler.executableURL = URL(fileURLWithPath: "/usr/bin/gcc")
        compiler.arguments = ["-O2", "-o", program, source.path]
        try compiler.run()
        compiler.waitUntilExit()
        XCTAssertEqual(compiler.terminationStatus, 0)

        let result = try Swtrace.runToEnd(["-e", #"watchpoint:increment+arg1:4:w { printf("hit!\n"); exit() }"#, "-c", program])

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stderr, "Attached 1 probe\n", result.transcript)
        // main()'s own (*i)++ hits the breakpoint too: its "hit!" may sit in the ring buffer
        // behind exit()'s event, which bpftrace drops and swtrace still prints.
        XCTAssertEqual(result.stdoutLines.first, "hit!", result.transcript)
        XCTAssertEqual(Set(result.stdoutLines), ["hit!"], result.transcript)
    }

    /// A wildcard names functions of the traced binary (here only increment matches), each
    /// attach point with an arming uprobe of its own; a pattern matching none is an error.
    func testWildcardFunctionsOfTheTracedBinary() throws {
        try requireBreakpoints()
        let result = try Swtrace.runToEnd(["-e", "watchpoint:incr*+arg0:4:w { @[probe] = count(); }",
                                           "-c", "\(Executables.workload) increment 2"])

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stderr, "Attached 1 probe\n", result.transcript)
        XCTAssertEqual(result.report, "@[watchpoint:\(Executables.workload):increment:4:w]: 2", result.transcript)

        let none = try Swtrace.runToEnd(["-e", "watchpoint:nosuch*+arg0:4:w { }", "-c", "\(Executables.workload) increment 1"])
        XCTAssertEqual(none.status, 1, none.transcript)
        XCTAssertEqual(none.stderrLines.filter { $0.contains("ERROR") || $0.hasPrefix("HINT") }, [
            "stdin:1:1-28: ERROR: No probes matched 'watchpoint:nosuch*+arg0:4:w'",
            "HINT: list what exists with: swtrace -l 'uprobe:\(Executables.workload):nosuch*'",
        ], none.transcript)
    }

    /// A run that ends while the tracee waits in an arming uprobe lets it go on: the process of
    /// -p finishes its calls (and exits by itself) after swtrace has exited.
    func testTheTraceeIsNotLeftStopped() throws {
        try requireBreakpoints()
        let workload = try Workload(["increment", "50"])

        let result = try Swtrace.runToEnd(["-e", "watchpoint:increment+arg0:4:w { exit(); }", "-p", String(workload.pid)],
                                          during: workload)

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stderr, "Attached 1 probe\n", result.transcript)
        XCTAssertEqual(result.report, "", result.transcript)
    }

    /// The argument number is part of the probe name (where an address would be), unless 0. The
    /// workload's second argument register holds no address: each attempt is a warning.
    func testArgumentNumberIsInTheProbeName() throws {
        try requireBreakpoints()
        let result = try Swtrace.runToEnd(["-e", "watchpoint:increment+arg1:4:w { @ = count(); }",
                                           "-c", "\(Executables.workload) increment 1"])

        XCTAssertEqual(result.status, 0, result.transcript)
        let probe = "watchpoint:\(Executables.workload):increment:1:4:w"
        XCTAssertEqual(result.stderrLines.first, "Attached 1 probe", result.transcript)
        XCTAssertEqual(result.stderrLines.dropFirst().last, "WARNING: Unable to attach probe: \(probe). Skipping.", result.transcript)
        XCTAssertEqual(result.report, "", result.transcript)
    }

    /// x86-64 has four debug registers: the fifth and sixth ints cannot be watched, as in
    /// bpftrace's own test (a warning each, the run goes on).
    func testBreakpointsBeyondTheDebugRegistersAreWarnings() throws {
        try requireBreakpoints()
        let result = try Swtrace.runToEnd(["-e", "watchpoint:increment+arg0:4:w { @ = count(); }",
                                           "-c", "\(Executables.workload) increment-each 6"])

        XCTAssertEqual(result.status, 0, result.transcript)
        let probe = "watchpoint:\(Executables.workload):increment:4:w"
        XCTAssertEqual(result.stderr, "Attached 1 probe\n" + String(repeating: """
            WARNING: No more HW registers left
            WARNING: Unable to attach probe: \(probe). Skipping.

            """, count: 2), result.transcript)
        XCTAssertEqual(result.report, "@: 4", result.transcript)

        // missing_probes = "error": the first failure ends the run (the tracee still finishes).
        let strict = try Swtrace.runToEnd(["-e", "config = { missing_probes = \"error\" } watchpoint:increment+arg0:4:w { @ = count(); }",
                                           "-c", "\(Executables.workload) increment-each 6"])
        XCTAssertEqual(strict.status, 1, strict.transcript)
        XCTAssertEqual(strict.stderr, """
            Attached 1 probe
            ERROR: No more HW registers left
            ERROR: Unable to attach probe: \(probe)

            """, strict.transcript)
        XCTAssertEqual(strict.report, "@: 4", strict.transcript)
        // "ignore": not a word.
        let quiet = try Swtrace.runToEnd(["-e", "config = { missing_probes = \"ignore\" } watchpoint:increment+arg0:4:w { @ = count(); }",
                                          "-c", "\(Executables.workload) increment-each 6"])
        XCTAssertEqual(quiet.status, 0, quiet.transcript)
        XCTAssertEqual(quiet.stderr, "Attached 1 probe\n", quiet.transcript)
        XCTAssertEqual(quiet.report, "@: 4", quiet.transcript)
    }

    /// unwatch() in the watchpoint's own probe: the first store is seen, then the breakpoint goes
    /// before the next call returns from its (stopping) uprobe, and the probe does not arm the
    /// same address again (bpftrace attaches once per probe and address).
    func testUnwatchRemovesTheBreakpoint() throws {
        try requireBreakpoints()
        let program = """
            uprobe:\(Executables.workload):increment { @address = arg0; }
            watchpoint:increment+arg0:4:w { @stores = count(); unwatch(@address); }
            tracepoint:signal:signal_generate /args.sig == 19 && (uint64)args.pid == cpid/ { @stops = count(); }
            END { clear(@address); }
            """
        let result = try Swtrace.runToEnd(["-e", program, "-c", "\(Executables.workload) increment 5"])

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stderr, "Attached 4 probes\n", result.transcript)
        // Stopped at the first call, and at the second (unwatch() made the address new again
        // in the kernel) until the breakpoint was gone.
        XCTAssertEqual(result.report, "@stops: 2\n@stores: 1", result.transcript)
    }

    /// asyncwatchpoint does not stop the tracee: the breakpoint comes some time after the first
    /// call. The workload waits after it until swtrace holds the breakpoint's perf event, marks
    /// the start of counting with a getppid, then stores 5 times.
    func testAsyncWatchpointDoesNotStopTheTracee() throws {
        try requireBreakpoints()
        let workload = try Workload(["increment", "1", "wait-signal", "getppid", "1", "increment", "5"])
        let tracer = try TracerProcess(["-e", """
            tracepoint:syscalls:sys_enter_getppid /pid == \(workload.pid)/ { @counting = 1; }
            asyncwatchpoint:increment+arg0:4:w /@counting/ { @[probe] = count(); }
            """, "-p", String(workload.pid)])
        try tracer.waitUntilAttached()
        // The tracepoint and the uprobe are perf events too: the breakpoint is one more.
        let attached = perfEventFiles(of: tracer.pid)
        kill(workload.pid, SIGUSR1)
        XCTAssertTrue(poll(timeout: 30) { perfEventFiles(of: tracer.pid) == attached + 1 }, "the breakpoint was never attached")
        XCTAssertTrue(poll(timeout: 20) {
            (try? String(contentsOfFile: "/proc/\(workload.pid)/syscall", encoding: .utf8))?
                .split(separator: " ").first == Substring(String(Workload.rtSigtimedwait))
        }, "the workload never reached its second wait-signal")
        try workload.release()
        let result = tracer.finish()

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, """
            @[asyncwatchpoint:/proc/\(workload.pid)/exe:increment:4:w]: 5
            @counting: 1
            """, result.transcript)
    }
}

/// Open perf event files of a process (uprobes and breakpoints are perf events).
private func perfEventFiles(of pid: Int32) -> Int {
    let directory = "/proc/\(pid)/fd"
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return entries.filter { (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/\($0)")) == "anon_inode:[perf_event]" }.count
}
