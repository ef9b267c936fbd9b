// Every program here is compiled to a BPF ELF and must pass the kernel verifier.
import XCTest

final class VerifierTests: XCTestCase {
    override func setUpWithError() throws { try ProgramCompiling.requireRoot() }

    func testSeedTutorialOneLiners() throws {
        for program in [
            #"BEGIN { printf("hello world\n"); }"#,
            #"tracepoint:syscalls:sys_enter_openat { printf("%s %s\n", comm, str(args.filename)); }"#,
            #"tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }"#,
            #"tracepoint:syscalls:sys_exit_read /pid == 18644/ { @bytes = hist(args.ret); }"#,
            #"kretprobe:vfs_read { @bytes = lhist(retval, 0, 2000, 200); }"#,
            #"kprobe:vfs_read { @start[tid] = nsecs; } kretprobe:vfs_read /@start[tid]/ { @ns[comm] = hist(nsecs - @start[tid]); delete(@start[tid]); }"#,
            #"tracepoint:sched:sched* { @[probe] = count(); } interval:s:5 { exit(); }"#,
        ] {
            try ProgramCompiling.verify(program)
        }
    }

    func testOlderArrowSyntaxForArgs() throws {
        try ProgramCompiling.verify(#"tracepoint:syscalls:sys_enter_openat { printf("%s\n", str(args->filename)); }"#)
    }

    func testAggregationsOfEveryKind() throws {
        try ProgramCompiling.verify("""
        tracepoint:syscalls:sys_exit_read {
            @c[comm] = count(); @s[pid] = sum(args.ret); @a = avg(args.ret); @mn = min(args.ret);
            @mx = max(args.ret); @st = stats(args.ret); @h = hist(args.ret); @l = lhist(args.ret, -10, 100, 10);
        }
        """)
    }

    func testControlFlowAndVariables() throws {
        try ProgramCompiling.verify("""
        tracepoint:syscalls:sys_enter_read {
            $n = args.count;
            if ($n > 100 && comm != "swtrace") { $kind = "big"; } else if ($n == 0) { $kind = "none"; } else { $kind = "small"; }
            @kinds[$kind] = count();
            $i = 0;
            while ($i < 8) { $i++; if ($i == 5) { break; } }
            @x = $i * 3 / 2 % 7 - (-4 / 3);
            @y[cpu, tid] = $n > 10 ? 1 : 2;
            @t = (pid, comm);
            printf("%-10s %5d %x %u %c\\n", comm, pid, $n, uid, 65);
        }
        END { print(@x); clear(@kinds); zero(@y); delete(@y[0, 0]); }
        """)
    }

    func testIntervalAndStringComparison() throws {
        try ProgramCompiling.verify("""
        interval:ms:100 { @ticks++; if (@ticks >= 10) { exit(); } }
        tracepoint:sched:sched_process_exec /comm == "bash"/ { printf("%s\\n", str(args.filename)); }
        """)
    }
}
