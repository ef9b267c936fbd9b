// Running test:/bench: programs on demand (BPF_PROG_TEST_RUN) and timing them, for --test and
// --bench. They are raw tracepoint programs, like BEGIN/END: the kernel runs those without an
// event, but refuses its `repeat` count and reports no duration for them. So the repetition is
// here, and the time is the kernel's own account of the program's run time (BPF run-time
// statistics, on while swtrace holds them), which leaves out the syscalls around the runs.

import CLibbpf
import Glibc

public struct TestRunResult: Sendable, Equatable {
    /// The program's return value (of its last run).
    public var returnValue: UInt32
    /// Time the program ran, over all the runs, in nanoseconds.
    public var nanoseconds: UInt64
}

extension LoadedProgram {
    /// Runs the program `times` times in a row and times the runs.
    public func testRun(programNamed name: String, times: Int = 1) throws -> TestRunResult {
        let fd = try programFD(named: name)
        var opts = bpf_test_run_opts()
        opts.sz = MemoryLayout<bpf_test_run_opts>.size
        let statistics = RunTimeStatistics.enabled
        let kernelBefore = statistics ? Self.runTime(fd) : nil
        let start = Self.monotonicNanoseconds()
        for _ in 0..<max(1, times) {
            let result = bpf_prog_test_run_opts(fd, &opts)
            if result != 0 {
                throw RuntimeError.testRunFailed(program: name, reason: errnoDescription(result))
            }
        }
        let wallClock = Self.monotonicNanoseconds() &- start
        // Without statistics (an older kernel, no CAP_SYS_ADMIN), the clock around the calls.
        if let kernelBefore, let kernelAfter = Self.runTime(fd), kernelAfter >= kernelBefore {
            return TestRunResult(returnValue: opts.retval, nanoseconds: kernelAfter - kernelBefore)
        }
        return TestRunResult(returnValue: opts.retval, nanoseconds: wallClock)
    }

    /// The program's total run time so far, as the kernel counts it with statistics on.
    static func runTime(_ fd: Int32) -> UInt64? {
        var info = bpf_prog_info()
        var length = UInt32(MemoryLayout<bpf_prog_info>.size)
        guard bpf_obj_get_info_by_fd(fd, &info, &length) == 0 else { return nil }
        return info.run_time_ns
    }

    static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}

/// BPF run-time statistics cost every BPF program on the system a clock read per run, so they
/// are turned on (for as long as the descriptor stays open: until swtrace exits) only when a
/// test or benchmark first runs.
enum RunTimeStatistics {
    static let enabled: Bool = bpf_enable_stats(BPF_STATS_RUN_TIME) >= 0
}
