// Probes: every attach point form, shared action blocks, predicates, and the preamble.

import XCTest
@testable import SwtraceCore

final class ParserProbeTests: XCTestCase {
    private func attachPoint(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> AttachPoint? {
        parseOK(text + " { }", file: file, line: line)?.probes.first?.attachPoints.first
    }

    func testAttachPointRawTextAndParts() {
        let cases: [(String, [String])] = [
            ("BEGIN", ["BEGIN"]),
            ("END", ["END"]),
            ("begin", ["begin"]),
            ("end", ["end"]),
            ("tracepoint:syscalls:sys_enter_openat", ["tracepoint", "syscalls", "sys_enter_openat"]),
            ("tracepoint:sched:sched*", ["tracepoint", "sched", "sched*"]),
            ("t:syscalls:sys_enter_rea?", ["t", "syscalls", "sys_enter_rea?"]),
            ("interval:s:1", ["interval", "s", "1"]),
            ("interval:ms:100", ["interval", "ms", "100"]),
            ("interval:1s", ["interval", "1s"]),
            ("i:s:5", ["i", "s", "5"]),
            ("profile:hz:99", ["profile", "hz", "99"]),
            ("kprobe:vfs_read", ["kprobe", "vfs_read"]),
            ("kprobe:vfs_read+8", ["kprobe", "vfs_read+8"]),
            ("kprobe:kvm:x86_emulate_insn", ["kprobe", "kvm", "x86_emulate_insn"]),
            ("kretprobe:vfs_read", ["kretprobe", "vfs_read"]),
            ("uprobe:/bin/bash:readline", ["uprobe", "/bin/bash", "readline"]),
            ("uprobe:/lib/x86_64-linux-gnu/libc.so.6:malloc", ["uprobe", "/lib/x86_64-linux-gnu/libc.so.6", "malloc"]),
            ("uprobe:libc:malloc", ["uprobe", "libc", "malloc"]),
            ("uretprobe:/bin/bash:readline", ["uretprobe", "/bin/bash", "readline"]),
            ("usdt:/path/to/bin:provider:name", ["usdt", "/path/to/bin", "provider", "name"]),
            ("usdt:*:loop", ["usdt", "*", "loop"]),
            ("fentry:vfs_read", ["fentry", "vfs_read"]),
            ("fexit:mod:func", ["fexit", "mod", "func"]),
            ("kfunc:vfs_read", ["kfunc", "vfs_read"]),
            ("software:page-faults:100", ["software", "page-faults", "100"]),
            ("hardware:cache-misses:1000000", ["hardware", "cache-misses", "1000000"]),
            ("hardware:cache-misses:1e6", ["hardware", "cache-misses", "1e6"]),
            ("watchpoint:0x1234:8:rw", ["watchpoint", "0x1234", "8", "rw"]),
            ("watchpoint:increment+arg1:4:w", ["watchpoint", "increment+arg1", "4", "w"]),
            ("rawtracepoint:sched_switch", ["rawtracepoint", "sched_switch"]),
            ("iter:task", ["iter", "task"]),
            ("iter:task_file:/sys/fs/bpf/files", ["iter", "task_file", "/sys/fs/bpf/files"]),
            ("uprobe:$1:main", ["uprobe", "$1", "main"]),
            ("software:faults:", ["software", "faults", ""]),
        ]
        for (raw, parts) in cases {
            let ap = attachPoint(raw)
            XCTAssertEqual(ap?.raw, raw)
            XCTAssertEqual(ap?.parts, parts, raw)
            XCTAssertEqual(ap?.range, SourceRange(0, raw.utf8.count), raw)
        }
    }

    func testQuotedPartKeepsColons() {
        let ap = attachPoint(#"uprobe:/bin/app:"ns::method""#)
        XCTAssertEqual(ap?.raw, #"uprobe:/bin/app:"ns::method""#)
        XCTAssertEqual(ap?.parts, ["uprobe", "/bin/app", "ns::method"])
    }

    func testSeveralAttachPointsShareABlock() {
        XCTAssertEqual(dump("tracepoint:syscalls:sys_enter_open,\ntracepoint:syscalls:sys_enter_openat { @ = count() }"),
                       "tracepoint:syscalls:sys_enter_open, tracepoint:syscalls:sys_enter_openat { (= @ count()) }")
        XCTAssertEqual(dump("kprobe:tcp_reset,kprobe:*socket* { }"), "kprobe:tcp_reset, kprobe:*socket* { }")
        XCTAssertEqual(dump("BEGIN , END{}"), "BEGIN, END { }")
    }

    func testPredicates() {
        XCTAssertEqual(dump("kprobe:vfs_read /arg2 < 16/ { }"), "kprobe:vfs_read /(< arg2 16)/ { }")
        XCTAssertEqual(dump(#"kprobe:vfs_read /comm == "bash"/ { }"#), #"kprobe:vfs_read /(== comm "bash")/ { }"#)
        XCTAssertEqual(dump("kprobe:f/pid/{ }"), "kprobe:f /pid/ { }")
        XCTAssertEqual(dump("uprobe:/bin/bash:readline /pid == 1/ { }"), "uprobe:/bin/bash:readline /(== pid 1)/ { }")
        XCTAssertEqual(dump("i:s:1 /$x / 2 > 1/ { }"), "i:s:1 /(> (/ $x 2) 1)/ { }")
        XCTAssertEqual(dump("i:s:1 /(a / b)/ { }"), "i:s:1 /(/ a b)/ { }")
        XCTAssertEqual(dump("kretprobe:d_lookup\n/@fname[tid]/\n{\n}"), "kretprobe:d_lookup /@fname[tid]/ { }")
    }

    func testProbeRangeCoversAttachPointsToClosingBrace() throws {
        let program = try XCTUnwrap(parseOK("  BEGIN { 1 }  "))
        XCTAssertEqual(program.probes[0].range, SourceRange(2, 13))
        XCTAssertEqual(program.probes[0].body.range, SourceRange(8, 13))
    }

    func testConfigBlock() {
        XCTAssertEqual(dump("config = {\n    stack_mode=perf;\n    max_map_keys=2\n}\nBEGIN { }"),
                       "config { stack_mode = perf; max_map_keys = 2 }\nBEGIN { }")
        XCTAssertEqual(dump(#"config = { license = "GPL"; print_maps_on_exit = false; } BEGIN {}"#),
                       #"config { license = "GPL"; print_maps_on_exit = false }"# + "\nBEGIN { }")
    }

    func testUserFunctions() {
        XCTAssertEqual(dump("fn add($a: int64, $b: int64): int64 { return $a + $b; } BEGIN { print(add(1, 2)); }"),
                       "fn add($a: int64, $b: int64): int64 { (return (+ $a $b)) }\nBEGIN { print(add(1, 2)) }")
        XCTAssertEqual(dump("fn hello() { printf(\"hi\\n\"); } BEGIN { hello() }"),
                       "fn hello() { printf(\"hi\\n\") }\nBEGIN { hello() }")
        XCTAssertEqual(dump("fn name($t: struct task_struct *): string { return $t->comm }"),
                       "fn name($t: struct task_struct *): string { (return (-> $t comm)) }")
    }

    func testMacros() {
        let text = """
            macro one() {
              1
            }
            macro add_one(x) {
              x + 1
            }
            macro add_one_to_each($a, @b) {
              $a += 1;
              @b += 1;
            }
            begin {
              print(one());
              print(one);
              side_effects({ printf("hi") })
            }
            """
        XCTAssertEqual(dump(text), """
            macro one() { 1 }
            macro add_one(x) { (+ x 1) }
            macro add_one_to_each($a, @b) { (+= $a 1); (+= @b 1) }
            begin { print(one()); print(one); side_effects((block { } printf("hi"))) }
            """)
    }

    func testIncludesAndDefinesInPreamble() {
        let text = """
            #include <linux/path.h>
            #include <linux/dcache.h>
            #define RED "\\033[31m"

            kprobe:vfs_open
            {
            \tprintf("%s open path: %s\\n", RED, str(((struct path *)arg0)->dentry->d_name.name));
            }
            """
        XCTAssertEqual(dump(text), #"kprobe:vfs_open { printf("%s open path: %s\n", ""# + "\u{1b}[31m"
                       + #"", str((. (-> (-> (cast struct path * arg0) dentry) d_name) name))) }"#)
    }

    func testCommentsAnywhere() {
        let text = """
            // A single line comment
            interval:s:1 { // can also be used to comment inline
            /*
             a multi line comment

            */
              print(/* inline comment block */ 1);
            }
            """
        XCTAssertEqual(dump(text), "interval:s:1 { print(1) }")
    }

    func testEmptyProgramHasNoProbes() throws {
        let program = try XCTUnwrap(parseOK("  // nothing\n"))
        XCTAssertTrue(program.probes.isEmpty)
    }
}
