// Whole programs exercising each section of bpftrace's language reference (written for these tests).

import XCTest
@testable import SwtraceCore

final class ParserLanguageTests: XCTestCase {
    func testActionBlocksWithSharedProbes() {
        let text = """
            begin {
            \tprintf("Watching opens. Ctrl-C stops.\\n");
            }

            tracepoint:syscalls:sys_enter_open,
            tracepoint:syscalls:sys_enter_openat {
            \tprintf("%-6d %-16s %s\\n", pid, comm, str(args.filename));
            }
            """
        let program = parseOK(text)
        XCTAssertEqual(program?.probes.count, 2)
        XCTAssertEqual(program?.probes.last?.attachPoints.map(\.raw),
                       ["tracepoint:syscalls:sys_enter_open", "tracepoint:syscalls:sys_enter_openat"])
    }

    func testArgsAndArgN() {
        XCTAssertEqual(dump("kprobe:do_sys_open { $f = (struct filename *)arg1; print($f.name); print(args) }"),
                       "kprobe:do_sys_open { (= $f (cast struct filename * arg1)); print((. $f name)); print(args) }")
    }

    func testPositionalParameters() {
        XCTAssertEqual(dump(#"begin { printf("%d, %s (%d args)\n", $1, str($2), $#); printf("%s\n", str($1 + 1)) }"#),
                       #"begin { printf("%d, %s (%d args)\n", $1, str($2), $#); printf("%s\n", str((+ $1 1))) }"#)
        XCTAssertEqual(dump("tracepoint:block:block_rq_issue /args.bytes > $1/ { }"),
                       "tracepoint:block:block_rq_issue /(> (. args bytes) $1)/ { }")
    }

    func testDataTypesAndCasts() {
        XCTAssertEqual(dump(#"begin { $x = 1<<16; printf("%d %d\n", (uint16)$x, $x); }"#),
                       #"begin { (= $x (<< 1 16)); printf("%d %d\n", (cast uint16 $x), $x) }"#)
        XCTAssertEqual(dump("begin { $c = (uint64)1; $d = (int64)-1; $a = (int8[8])12345; $y = (uint64)$a }"),
                       "begin { (= $c (cast uint64 1)); (= $d (cast int64 (u- 1))); (= $a (cast int8[8] 12345)); (= $y (cast uint64 $a)) }")
    }

    func testLoopsSection() {
        let text = """
            interval:s:1 {
              $i = 0;
              while ($i <= 100) {
                printf("%d ", $i);
                if ($i > 5) {
                  break;
                }
                $i++
              }
              @map[10, 11] = 20;
              for ($kv : @map) {
                print($kv.0.0);
                print($kv.1);
              }
              unroll(2) { print("x") }
            }
            """
        XCTAssertEqual(dump(text), """
            interval:s:1 { (= $i 0); (while (<= $i 100) { printf("%d ", $i); (if (> $i 5) { break }); (post++ $i) }); \
            (= @map[10, 11] 20); (for $kv @map { print((. (. $kv 0) 0)); print((. $kv 1)) }); (unroll 2 { print("x") }) }
            """)
    }

    func testIncrementSection() {
        XCTAssertEqual(dump("begin { $x = 10; $y = $x--; $a = 10; $b = --$a; }"),
                       "begin { (= $x 10); (= $y (post-- $x)); (= $a 10); (= $b (pre-- $a)) }")
    }

    func testMapsSection() {
        let text = """
            kprobe:do_nanosleep {
              @start[tid] = nsecs;
            }

            kretprobe:do_nanosleep /has_key(@start, tid)/ {
              printf("slept for %d ms\\n", (nsecs - @start[tid]) / 1000000);
              delete(@start, tid);
            }
            """
        XCTAssertEqual(dump(text), """
            kprobe:do_nanosleep { (= @start[tid] nsecs) }
            kretprobe:do_nanosleep /has_key(@start, tid)/ { printf("slept for %d ms\\n", (/ (- nsecs @start[tid]) 1000000)); delete(@start, tid) }
            """)
        XCTAssertEqual(dump("k:f { @[pid, comm]++; @[(pid, comm)]++ }"),
                       "k:f { (post++ @[pid, comm]); (post++ @[(tuple pid comm)]) }")
    }

    func testTuplesSection() {
        XCTAssertEqual(dump(#"interval:s:1 { $a = (1,"hello"); $b = (3,4, $a); print($b.0); print($a[1]); }"#),
                       #"interval:s:1 { (= $a (tuple 1 "hello")); (= $b (tuple 3 4 $a)); print((. $b 0)); print((index $a 1)) }"#)
    }

    func testStructsAndPointers() {
        XCTAssertEqual(dump("kprobe:dummy { $ptr = (struct MyStruct *) arg0; $st = *$ptr; print($st.a); print($ptr->a); }"),
                       "kprobe:dummy { (= $ptr (cast struct MyStruct * arg0)); (= $st (u* $ptr)); print((. $st a)); print((-> $ptr a)) }")
    }

    func testIteratorAndFentryProbes() {
        XCTAssertEqual(dump(#"iter:task { printf("%s:%d\n", ctx.task.comm, ctx.task.pid); }"#),
                       #"iter:task { printf("%s:%d\n", (. (. ctx task) comm), (. (. ctx task) pid)) }"#)
        XCTAssertEqual(dump(#"fexit:fget { printf("fd %d name %s\n", args.fd, str(retval.f_path.dentry.d_name.name)); }"#),
                       #"fexit:fget { printf("fd %d name %s\n", (. args fd), str((. (. (. (. retval f_path) dentry) d_name) name))) }"#)
    }

    func testWatchpointAndRawTracepoint() {
        XCTAssertEqual(dump(#"watchpoint:0x10000000:8:rw { printf("hit!\n"); exit() }"#),
                       #"watchpoint:0x10000000:8:rw { printf("hit!\n"); exit() }"#)
        XCTAssertEqual(dump(#"rawtracepoint:vmlinux:kfree_skb { printf("%llx %llx\n", arg0, args.skb); }"#),
                       #"rawtracepoint:vmlinux:kfree_skb { printf("%llx %llx\n", arg0, (. args skb)) }"#)
    }

    func testStackArgumentThroughRegister() {
        XCTAssertEqual(dump(#"kprobe:f { $stack_arg0 = **(int64**)reg("sp") + 16; }"#),
                       #"kprobe:f { (= $stack_arg0 (+ (u* (u* (cast int64 ** reg("sp")))) 16)) }"#)
    }

    func testTracepointCountsWithIntervalExit() {
        XCTAssertEqual(dump("tracepoint:sched:sched* { @[probe] = count(); } interval:s:5 { exit(); }"),
                       "tracepoint:sched:sched* { (= @[probe] count()) }\ninterval:s:5 { exit() }")
    }

    func testProfileAndStacks() {
        XCTAssertEqual(dump("profile:hz:99 /pid == 189/ { @[kstack] = count(); @[ustack(perf, 3)] = count() }"),
                       "profile:hz:99 /(== pid 189)/ { (= @[kstack] count()); (= @[ustack(perf, 3)] count()) }")
    }

    func testKernelStructsThroughCasts() {
        let text = """
            #include <linux/sched.h>
            kprobe:finish_task_switch {
              $prev = (struct task_struct *)arg0;
              $cur = (struct task_struct *)curtask;
              @[$prev->comm, $cur->mm->owner->pid] = count();
            }
            """
        XCTAssertEqual(dump(text), """
            kprobe:finish_task_switch { (= $prev (cast struct task_struct * arg0)); (= $cur (cast struct task_struct * curtask)); \
            (= @[(-> $prev comm), (-> (-> (-> $cur mm) owner) pid)] count()) }
            """)
    }

    func testUserFunctionWithEarlyReturn() {
        let text = """
            fn clamp($v: int64, $hi: int64): int64 {
              if ($v > $hi) { return $hi; }
              return $v;
            }
            kretprobe:vfs_read { @ = lhist(clamp(retval, 1000), 0, 1000, 100) }
            """
        XCTAssertEqual(dump(text), """
            fn clamp($v: int64, $hi: int64): int64 { (if (> $v $hi) { (return $hi) }); (return $v) }
            kretprobe:vfs_read { (= @ lhist(clamp(retval, 1000), 0, 1000, 100)) }
            """)
    }
}
