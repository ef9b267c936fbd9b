// Kernel and user stacks (tutorial lessons 9 and 10, ustack in three modes), each checked
// against the symbols of the kernel and of a program built here.
import Foundation
import XCTest

final class StackIntegrationTests: XCTestCase {
    override func setUpWithError() throws { try Executables.requireRoot() }

    /// Lesson 9: sampled kernel stacks. Events: the workload spins on the CPU for a while.
    func testLesson9ProfileKernelStacksAreSymbolisedFromKallsyms() throws {
        let workload = try Workload(["spin", "400", "touch-pages", "2000"])

        let result = try Swtrace.trace(program: "profile:hz:99 { @[kstack] = count(); }", during: workload)

        XCTAssertEqual(result.status, 0, result.transcript)
        let frames = result.stackFrameNames
        XCTAssertFalse(frames.isEmpty, result.transcript)
        let kallsyms = try KernelSymbolNames.all()
        XCTAssertEqual(frames.filter { !kallsyms.contains($0) && !$0.hasPrefix("0x") }, [], result.transcript)
        XCTAssertTrue(result.stdoutLines.contains("@["), result.transcript)
        XCTAssertTrue(result.stdoutLines.contains { $0.hasPrefix("]: ") }, result.transcript)
    }

    /// Lesson 10: kernel stacks at every context switch; they all pass through the scheduler.
    func testLesson10SchedSwitchKernelStacksShowTheScheduler() throws {
        let workload = try Workload(["sleep", "20", "sleep", "20"])

        let result = try Swtrace.trace(program: "tracepoint:sched:sched_switch { @[kstack] = count(); }", during: workload)

        XCTAssertEqual(result.status, 0, result.transcript)
        let frames = result.stackFrameNames
        let kallsyms = try KernelSymbolNames.all()
        XCTAssertFalse(frames.isEmpty, result.transcript)
        XCTAssertEqual(frames.filter { !kallsyms.contains($0) && !$0.hasPrefix("0x") }, [], result.transcript)
        XCTAssertTrue(frames.contains("__schedule") || frames.contains("schedule"), result.transcript)
    }

    static let stackProgram = """
        #include <signal.h>
        #include <unistd.h>
        #include <sys/syscall.h>
        static void wait_for_usr1(void) {
            sigset_t set; int sig;
            sigemptyset(&set); sigaddset(&set, SIGUSR1);
            sigprocmask(SIG_BLOCK, &set, 0);
            sigwait(&set, &sig);
        }
        __attribute__((noinline)) void swtrace_leaf(void) {
        #if defined(__x86_64__)
            long result;
            __asm__ volatile ("syscall" : "=a"(result) : "0"((long)SYS_getppid) : "rcx", "r11", "memory");
        #else
            syscall(SYS_getppid);
        #endif
        }
        __attribute__((noinline)) void swtrace_middle(void) { for (int i = 0; i < 3; i++) swtrace_leaf(); }
        int main(void) {
            wait_for_usr1();
            swtrace_middle();
            wait_for_usr1();
            return 0;
        }
        """

    /// ustack on a syscall tracepoint shows the calling program's functions, innermost first,
    /// in the default, perf and raw modes, with a depth limit.
    func testUserStacksOfAProgramShowItsFunctions() throws {
        let program = try CompiledCProgram(name: "swtstack", source: Self.stackProgram)
        defer { program.remove() }
        let process = try CProgramProcess(program)
        defer { process.stop() }
        let result = try process.trace("""
            tracepoint:syscalls:sys_enter_getppid /pid == \(process.pid)/ {
              @[ustack] = count(); @perf[ustack(perf, 2)] = count(); @raw[ustack(raw, 1)] = count();
              @k[kstack(1)] = count();
            }
            """)

        XCTAssertEqual(result.status, 0, result.transcript)
        let lines = result.stdoutLines
        guard let start = lines.firstIndex(of: "@[") else { return XCTFail(result.transcript) }
        let frames = Array(lines[(start + 1)...].prefix(3))
        let patterns = ["swtrace_leaf", "swtrace_middle", "main"].map { "^        \($0)\\+[0-9]+$" }
        for (frame, pattern) in zip(frames, patterns) {
            XCTAssertNotNil(frame.range(of: pattern, options: .regularExpression), "\(frame) !~ \(pattern)\n\(result.transcript)")
        }
        XCTAssertTrue(lines.contains { $0.hasPrefix("]: 3") }, result.transcript)
        // perf: tab, hex address, symbol+offset, the module in parentheses; two frames.
        guard let perf = lines.firstIndex(of: "@perf[") else { return XCTFail(result.transcript) }
        XCTAssertNotNil(lines[perf + 1].range(of: "^\t[0-9a-f]+ swtrace_leaf\\+[0-9]+ \\(\(program.path)\\)$",
                                              options: .regularExpression), result.transcript)
        XCTAssertNotNil(lines[perf + 2].range(of: "^\t[0-9a-f]+ swtrace_middle\\+[0-9]+ \\(\(program.path)\\)$",
                                              options: .regularExpression), result.transcript)
        XCTAssertEqual(lines[perf + 3], "]: 3", result.transcript)
        // raw: the bare hex address of the one frame asked for.
        guard let raw = lines.firstIndex(of: "@raw[") else { return XCTFail(result.transcript) }
        XCTAssertNotNil(lines[raw + 1].range(of: "^[0-9a-f]+$", options: .regularExpression), result.transcript)
        XCTAssertEqual(lines[raw + 2], "]: 3", result.transcript)
        // A kernel stack limited to one frame: the syscall entry path, one line.
        guard let kernel = lines.firstIndex(of: "@k[") else { return XCTFail(result.transcript) }
        XCTAssertEqual(lines[kernel + 2], "]: 3", result.transcript)
    }

    /// A -c child that has exited by the time its user stacks are printed still shows its
    /// function names: swtrace keeps the memory map it read while the child ran (the child idles
    /// a second after loading, while swtrace reads its maps every 100 ms).
    func testUserStacksOfAnExitedChildShowItsFunctions() throws {
        let program = try CompiledCProgram(name: "swtexited", source: """
            #include <unistd.h>
            __attribute__((noinline)) void swtrace_leaf(long v) { __asm__ volatile ("" :: "r"(v) : "memory"); }
            __attribute__((noinline)) void swtrace_middle(void) { swtrace_leaf(7); }
            int main(void) { sleep(1); for (int i = 0; i < 3; i++) swtrace_middle(); return 0; }
            """)
        defer { program.remove() }
        let result = try Swtrace.runToEnd(["-c", program.path, "-e", "uprobe:\(program.path):swtrace_leaf { @[ustack(3)] = count(); }"])

        XCTAssertEqual(result.status, 0, result.transcript)
        guard let start = result.stdoutLines.firstIndex(of: "@[") else { return XCTFail(result.transcript) }
        let frames = Array(result.stdoutLines[(start + 1)...].prefix(4))
        let patterns = ["^        swtrace_leaf\\+0$", "^        swtrace_middle\\+[0-9]+$", "^        main\\+[0-9]+$", "^\\]: 3$"]
        for (frame, pattern) in zip(frames, patterns) {
            XCTAssertNotNil(frame.range(of: pattern, options: .regularExpression), "\(frame) !~ \(pattern)\n\(result.transcript)")
        }
    }

    /// `config = { stack_mode = ... }` and BPFTRACE_STACK_MODE choose the mode of stacks taken
    /// without one; an explicit mode still wins.
    func testStackModeSettingChoosesTheDefaultMode() throws {
        let raw = try Swtrace.runToEnd(["-e", """
            config = { stack_mode = raw }
            tracepoint:sched:sched_switch { @[kstack(2)] = count(); @p[kstack(perf, 1)] = count(); exit(); }
            """], timeout: 30)
        XCTAssertEqual(raw.status, 0, raw.transcript)
        guard let start = raw.stdoutLines.firstIndex(of: "@["), let perf = raw.stdoutLines.firstIndex(of: "@p[") else {
            return XCTFail(raw.transcript)
        }
        for line in raw.stdoutLines[(start + 1)...(start + 2)] {
            XCTAssertNotNil(line.range(of: "^[0-9a-f]+$", options: .regularExpression), raw.transcript)
        }
        XCTAssertNotNil(raw.stdoutLines[perf + 1].range(of: "^\t[0-9a-f]+ [A-Za-z_.0-9]+\\+[0-9]+$", options: .regularExpression),
                        raw.transcript)

        let perfDefault = try Swtrace.runToEnd(["-e", "tracepoint:sched:sched_switch { @[kstack(1)] = count(); exit(); }"],
                                               environment: ["BPFTRACE_STACK_MODE": "perf"], timeout: 30)
        XCTAssertEqual(perfDefault.status, 0, perfDefault.transcript)
        guard let first = perfDefault.stdoutLines.firstIndex(of: "@[") else { return XCTFail(perfDefault.transcript) }
        XCTAssertNotNil(perfDefault.stdoutLines[first + 1].range(of: "^\t[0-9a-f]+ [A-Za-z_.0-9]+\\+[0-9]+$", options: .regularExpression),
                        perfDefault.transcript)
    }
}
