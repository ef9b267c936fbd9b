// The example programs of bpftrace's language reference (docs/language.md), restated in our
// own words: each must parse and type-check, and the ones the reference calls invalid must
// fail with the diagnostic it describes. Examples about kernel structs (BTF types) belong to
// the type checker of records and are tested there; the runnable examples also run for real in
// LanguageIntegrationTests.
import XCTest
@testable import SwtraceCore

/// FixedCatalogue plus the tracepoints, kernel types, function prototypes and USDT sites the
/// reference's examples use, with every probe kind available.
struct DocumentationCatalogue: KernelCatalogue {
    var base = FixedCatalogue()
    /// As -p/-c would set it (function watchpoints need it); none by default.
    var tracedProcess: TracedProcess?
    init() {
        base.formats += [
            TracepointFormat(category: "syscalls", name: "sys_enter_open", fields: [
                TracepointField(name: "filename", cType: "const char *", offset: 16, size: 8, isSigned: false),
            ]),
            TracepointFormat(category: "syscalls", name: "sys_enter_wait4", fields: [
                TracepointField(name: "ru", cType: "struct rusage *", offset: 40, size: 8, isSigned: false),
            ]),
            TracepointFormat(category: "syscalls", name: "sys_exit_wait4", fields: [
                TracepointField(name: "ret", cType: "long", offset: 16, size: 8, isSigned: true),
            ]),
            TracepointFormat(category: "block", name: "block_rq_issue", fields: [
                TracepointField(name: "bytes", cType: "unsigned int", offset: 16, size: 4, isSigned: false),
            ]),
            TracepointFormat(category: "raw_syscalls", name: "sys_enter", fields: [
                TracepointField(name: "id", cType: "long", offset: 8, size: 8, isSigned: true),
            ]),
            TracepointFormat(category: "skb", name: "kfree_skb", fields: [
                TracepointField(name: "skbaddr", cType: "void *", offset: 8, size: 8, isSigned: false),
            ]),
        ]
        base.features = KernelFeatures(kprobes: true, fentry: true, btf: true, ringBuffer: true)
    }
    var features: KernelFeatures { base.features }
    func tracepoints(category: String, name: String) throws -> [(category: String, name: String)] {
        try base.tracepoints(category: category, name: name)
    }
    func tracepointFormat(category: String, name: String) throws -> TracepointFormat? {
        try base.tracepointFormat(category: category, name: name)
    }

    /// The records of RecordTypeCheckingTests plus the ones the fentry/fexit/kprobe examples reach.
    var typeCatalogue: TypeCatalogue? {
        var records = Array(FakeKernelTypes.records.records.values)
        records += [
            RecordDefinition(name: "struct perf_event", size: 16, fields: [
                RecordField(name: "pmu", type: .pointer(.record(name: "struct pmu", size: 8)), offset: 8),
            ]),
            RecordDefinition(name: "struct pmu", size: 8, fields: [
                RecordField(name: "name", type: .pointer(.integer(bits: 8, signed: true)), offset: 0),
            ]),
            RecordDefinition(name: "struct file", size: 32, fields: [
                RecordField(name: "f_path", type: .record(name: "struct path", size: 16), offset: 16),
            ]),
            RecordDefinition(name: "struct sk_buff", size: 8, fields: [RecordField(name: "len", type: .uint32, offset: 0)]),
            RecordDefinition(name: "struct x86_emulate_ctxt", size: 16, fields: [
                RecordField(name: "eip", type: .uint64, offset: 8),
            ]),
            RecordDefinition(name: "struct bpf_iter__task", size: 16, fields: [
                RecordField(name: "meta", type: .pointer(.void), offset: 0),
                RecordField(name: "task", type: .pointer(FakeKernelTypes.task), offset: 8),
            ]),
            RecordDefinition(name: "struct bpf_iter__task_file", size: 32, fields: [
                RecordField(name: "meta", type: .pointer(.void), offset: 0),
                RecordField(name: "task", type: .pointer(FakeKernelTypes.task), offset: 8),
                RecordField(name: "fd", type: .uint32, offset: 16),
                RecordField(name: "file", type: .pointer(.record(name: "struct file", size: 32)), offset: 24),
            ]),
            RecordDefinition(name: "struct bpf_iter__task_vma", size: 24, fields: [
                RecordField(name: "meta", type: .pointer(.void), offset: 0),
                RecordField(name: "task", type: .pointer(FakeKernelTypes.task), offset: 8),
                RecordField(name: "vma", type: .pointer(.record(name: "struct vm_area_struct", size: 16)), offset: 16),
            ]),
            RecordDefinition(name: "struct vm_area_struct", size: 16, fields: [
                RecordField(name: "vm_start", type: .uint64, offset: 0),
                RecordField(name: "vm_end", type: .uint64, offset: 8),
            ]),
            RecordDefinition(name: "struct sock", size: 16, fields: [
                RecordField(name: "__sk_common", type: .record(name: "struct sock_common", size: 16), offset: 0),
            ]),
            RecordDefinition(name: "struct sock_common", size: 16, fields: [
                RecordField(name: "skc_daddr", type: .uint32, offset: 0),
                RecordField(name: "skc_rcv_saddr", type: .uint32, offset: 4),
            ]),
        ]
        return FixedTypeCatalogue(records, typedefs: FakeKernelTypes.records.typedefs)
    }

    func kernelFunctionPrototype(_ name: String) throws -> FunctionPrototype? {
        func field(_ name: String, _ cType: String, _ index: Int) -> TracepointField {
            TracepointField(name: name, cType: cType, offset: 8 * index, size: 8, isSigned: false)
        }
        switch name {
        case "x86_pmu_stop":
            return FunctionPrototype(name: name, parameters: [field("event", "struct perf_event *", 0), field("flags", "int", 1)],
                                     returnType: nil)
        case "tcp_connect":
            return FunctionPrototype(name: name, parameters: [field("sk", "struct sock *", 0)], returnType: field("retval", "int", 1))
        case "fget":
            return FunctionPrototype(name: name, parameters: [field("fd", "unsigned int", 0)],
                                     returnType: field("retval", "struct file *", 1))
        case "__bpf_trace_kfree_skb":
            return FunctionPrototype(name: name, parameters: [field("__data", "void *", 0), field("skb", "struct sk_buff *", 1),
                                                              field("location", "void *", 2)], returnType: nil)
        default:
            return nil
        }
    }

    func iterators() throws -> [String] { ["task", "task_file", "task_vma"] }

    /// The program bpftrace loads for the reference's `uprobe:./testprogs/uprobe_test:uprobeFunction1`
    /// (id 123), which its `fexit:bpf` example attaches to.
    func runningBPFFunctions() throws -> [RunningBPFFunction] {
        [RunningBPFFunction(programID: 123, name: "uprobe___testprogs_uprobe_test_uprobeFunction1_1")]
    }

    func usdtProbes(inBinary path: String) throws -> [USDTProbeSite] {
        [USDTProbeSite(path: path, provider: "tick", name: "loop", address: 0x1130, semaphoreAddress: 0,
                       arguments: ["8@%rdi", "-4@%esi"])]
    }
}

final class LanguageDocumentationTests: XCTestCase {
    /// nil when the program checks; otherwise the ids of its errors.
    func errors(_ text: String, arguments: [String] = []) -> [String]? {
        let source = SourceFile(name: "stdin", text: text)
        do {
            _ = try SemanticAnalyzer.analyze(try Parser.parse(source), source: source,
                options: SemanticOptions(catalogue: DocumentationCatalogue(), positionalArguments: arguments))
            return nil
        } catch let error as DiagnosticError {
            return error.diagnostics.filter { $0.severity == .error }.map { "\($0.id): \($0.message)" }
        } catch {
            return ["unexpected: \(error)"]
        }
    }

    func assertChecks(_ text: String, arguments: [String] = [], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertNil(errors(text, arguments: arguments), text, file: file, line: line)
    }

    // "Action Blocks": a header in begin, two syscalls sharing one action.
    func testActionBlocks() {
        assertChecks("""
        begin { printf("Tracing open syscalls... Hit Ctrl-C to end.\\n"); }
        tracepoint:syscalls:sys_enter_open,
        tracepoint:syscalls:sys_enter_openat {
            printf("%-6d %-16s %s\\n", pid, comm, str(args.filename));
        }
        """)
    }

    // "Command Line Parameters": positional values, $#, str() of a parameter and an offset into it.
    func testPositionalParameters() {
        assertChecks("begin { print(($1, $2)); }", arguments: ["p1", "20"])
        // Named parameters after `--`: getopt() with a default, and a flag.
        assertChecks(#"begin { print((getopt("aa", 1), getopt("bb"))); }"#, arguments: ["--aa=20", "--bb"])
        assertChecks(#"begin { print((getopt("aa", 1), getopt("bb"))); }"#)
        assertChecks("begin { printf(\"I got %d, %s (%d args)\\n\", $1, str($2), $#); }", arguments: ["42", "hello"])
        assertChecks("begin { printf(\"%s\\n\", str($1 + 1)) }", arguments: ["hello"])
        assertChecks("begin { printf(\"%s %d\\n\", str($1), $1 + 1) }", arguments: ["42"])
        assertChecks("tracepoint:block:block_rq_issue /args.bytes > $1/ { @ = count(); }", arguments: ["4096"])
        // In attach points a parameter stands for its text.
        assertChecks("interval:ms:$1 { exit(); } tracepoint:syscalls:$2 { @[probe] = count(); }", arguments: ["100", "sys_enter_openat"])
    }

    // "Comments", "Conditionals", "Filters/Predicates".
    func testCommentsConditionalsAndPredicates() {
        assertChecks("""
        // a line comment
        interval:s:1 { // a trailing comment
        /*
          a block comment
        */
            print(/* inside an argument list */ 1);
        }
        """)
        assertChecks("""
        begin {
            $a = 1;
            $a == 1 ? print("true") : print("false");
            $b = $a > 0 ? $a : -1;
            if ($b == 2) { print(2); } else if ($b == 1) { print(1); } else { print(0); }
        }
        """)
        assertChecks("kprobe:vfs_read /arg2 < 16/ { printf(\"small read: %d byte buffer\\n\", arg2); }")
        assertChecks("kprobe:vfs_read /comm == \"bash\"/ { printf(\"read by %s\\n\", comm); }")
    }

    // "Config Block", "Data Types" (upcasting, and the one mismatch no type can hold).
    func testConfigAndDataTypes() {
        assertChecks("config = { stack_mode=perf; max_map_keys=2 } begin { @a = 1; }")
        assertChecks("begin { $x = 1<<16; printf(\"%d %d\\n\", (uint16)$x, $x); }")
        assertChecks("begin { $a = 1; $b = -1000; $a = $b; $e = (uint64_t)1; }")
        XCTAssertEqual(errors("begin { $c = (uint64)1; $d = (int64)-1; $c = $d; }"),
                       ["integer-mismatch: Type mismatch for $c: trying to assign value of type 'int64' when variable already contains a value of type 'uint64'"])
    }

    // "Literals": scientific, separators, C suffixes, durations, character codes, escapes.
    func testLiterals() {
        assertChecks("""
        begin {
            $i = 2e3; $j = 1_000_123_000; $k = 123UL + 123U + 123LL;
            $a = 1m; print($a);
            printf("Echo A: %c\\n", 65);
            $s = "tab\\there, newline\\n, octal \\101, hex \\x41";
        }
        """)
    }

    // "Loops": for over maps (one key and several), over ranges (bounds fixed at start),
    // while with break, unroll.
    func testLoops() {
        assertChecks("begin { @map[10] = 20; for ($kv : @map) { print($kv.0); print($kv.1); } }")
        assertChecks("begin { @map[10, 11] = 20; for ($kv : @map) { print($kv.0.0); print($kv.0.1); print($kv.1); } }")
        assertChecks("begin { for ($cpu : 0..ncpus) { print($cpu); } }")
        // Counts, sums, minima, maxima and averages iterate as their totals (integers).
        assertChecks("begin { @c[1] = count(); @s[2] = sum(5); @m[3] = max(-1); for ($kv : @c) { $n = $kv.1 + 1; } for ($kv : @s) { } for ($kv : @m) { } }")
        assertChecks("begin { $a = 10; for ($i : 0..$a) { print($i); $a--; } }")
        assertChecks("""
        interval:s:1 {
            $i = 0;
            while ($i <= 100) { printf("%d ", $i); if ($i > 5) { break; } $i++ }
            printf("\\n");
        }
        """)
        assertChecks("interval:s:1 { unroll(3) { print(\"Unrolled\") } }")
    }

    // "Macros": the valid uses, and each invalid one with its error.
    func testMacros() {
        assertChecks("""
        macro one() { 1 }
        macro add_one(x) { x + 1 }
        macro add_one_to_each($a, @b) { $a += 1; @b += 1; }
        macro side_effects(x) { x; x; x; }
        macro add_two(x) { add_one(x) + 1 }
        begin {
            print(one()); print(one);
            $a = 10; print(add_one($a)); print(add_one(1 + 1));
            @b = 5; add_one_to_each($a, @b); print($a + @b);
            side_effects({ printf("hi") });
            print(add_two(1));
        }
        """)
        assertChecks("macro add_one(x) { let $x = x; $x + 1 } begin { print(add_one(2)); }")
        XCTAssertEqual(errors("macro unhygienic_access() { @x++ } begin { @x = 1; unhygienic_access(); }"),
                       ["macro-unhygienic-map: Unhygienic access to map: @x. Maps must be passed into the macro as arguments."])
        XCTAssertEqual(errors("macro wrong_parameter_type($x) { $x++ } begin { @x = 1; wrong_parameter_type(@x); }"),
                       ["macro-argument-kind: Mismatched arg to macro call. Macro expects a variable for arg $x but got a map."])
        XCTAssertEqual(errors("macro wrong_parameter_type($x) { $x++ } begin { wrong_parameter_type(1 + 1); }"),
                       ["macro-assigns-expression: Macro 'wrong_parameter_type' assigns to parameter '$x', meaning it expects a variable, not an expression."])
    }

    // "Operators and Expressions": increments, compound assignment, block expressions, `_ =`.
    func testOperatorsAndBlockExpressions() {
        assertChecks("begin { $x = 10; $y = $x--; $a = 10; $b = --$a; @ -= 5; @c <<= 1; @c >>= 1; @c *= 3; }")
        assertChecks("begin { let $a = { let $b = 1; $b }; $c = { 1 }; @a[1] = 1; _ = has_key(@a, 1); }")
        assertChecks("begin { $p = (uint32)5 + (uint8)3; }")
    }

    // "Relational Operators": strings, integer arrays and tuples compare with == and != only.
    func testEqualityOfStringsArraysAndTuples() {
        assertChecks("""
        begin {
          $same = "a" == "b" || (uint8[8])1 != (uint8[8])2 || (1, "x") == (2, "y") || (1, (comm, 2)) != (1, (comm, 3));
        }
        """)
        XCTAssertEqual(errors("begin { $x = (1, \"x\") == (1, 2); $y = (1, 2) < (1, 2); $z = (1, 2) == (1, 2, 3); }"), [
            "operand-types: Type mismatch for '==': comparing (int64, string[2]) with (int64, int64)",
            "invalid-operands: The < operator can not be used on expressions of types (int64, int64), (int64, int64)",
            "operand-types: Type mismatch for '==': comparing (int64, int64) with (int64, int64, int64)",
        ])
    }

    // "Tuples", "Variables and Maps", "Per-Thread Variables", "PERCPU types".
    func testTuplesVariablesAndMaps() {
        assertChecks("""
        interval:s:1 {
            $a = (1, "hello"); $b = (3, 4, $a);
            print($a); print($b); print($b.0); print($a[1]); print((1,)); print(());
        }
        """)
        assertChecks("begin { let $a = 1; let $b; if ($a == 1) { $b = \"hello\"; $a = 2; } }")
        assertChecks("begin { @name = 1; @name2[1] = 2; @name3[1, \"a\"] = 3; @name3[(2, \"b\")] = 4; @[pid, comm]++; @[(pid, comm)]++; }")
        assertChecks("""
        kprobe:do_nanosleep { @start[tid] = nsecs; }
        kretprobe:do_nanosleep /has_key(@start, tid)/ {
            printf("slept for %d ms\\n", (nsecs - @start[tid]) / 1000000);
            delete(@start, tid);
        }
        """)
        assertChecks("""
        tracepoint:syscalls:sys_enter_wait4 { @out[tid] = args.ru; }
        tracepoint:syscalls:sys_exit_wait4 {
            $ru = @out[tid];
            delete(@out, tid);
            if ($ru != 0) { printf("got usage\\n"); }
        }
        """)
        assertChecks("""
        begin {
            @c = count(); @s = sum(3); @s = sum(9);
            if (@s == 12) { printf("%d %d\\n", (int64)@c, (int64)@s); }
        }
        """)
    }

    // "Probes": several probes per block, "Map Printing" (clearing maps in end).
    func testProbesAndMapPrinting() {
        assertChecks("kprobe:tcp_reset,kprobe:tcp_v4_rcv { printf(\"Entered: %s\\n\", probe); }")
        assertChecks("begin { @map1 = 1; @map2[1] = 2; } end { clear(@map1); clear(@map2); }")
        assertChecks("config = { print_maps_on_exit=0 } begin { @a = 1; @b[1] = 1; }")
    }

    // User functions (bpftrace's `fn`), as its tests write them.
    func testUserFunctions() {
        assertChecks("fn add($a: int64, $b: int64): int64 { return $a + $b; } begin { print(add(5, 9)); }")
        assertChecks("fn greet($who: string) { printf(\"hi %s\\n\", $who); } begin { greet(\"x\"); }")
    }

    /// The warnings of a program that checks, as "id: message".
    func warnings(_ text: String, arguments: [String] = []) -> [String] {
        let source = SourceFile(name: "stdin", text: text)
        do {
            let checked = try SemanticAnalyzer.analyze(try Parser.parse(source), source: source,
                options: SemanticOptions(catalogue: DocumentationCatalogue(), positionalArguments: arguments))
            return checked.warnings.map { "\($0.id): \($0.message)" }
        } catch {
            return ["failed: \(error)"]
        }
    }

    // "Preamble": preprocessor definitions, a type definition, a config block and a map
    // declaration (an unstable feature, so it warns) before the probes.
    func testPreamble() {
        XCTAssertEqual(warnings("""
        #include <linux/socket.h>
        #define RED "\\033[31m"

        struct S {
          int x;
        }

        config = {
            stack_mode=perf
        }

        let @a = lruhash(100);

        begin { @a[1] = (uint64)sizeof(struct S); printf("%sred\\n", RED); }
        """), ["unstable-feature: Script is using an unstable feature: map declarations. To prevent this warning you must explicitly enable it in the config e.g. unstable_map_decl=enable"])
        assertChecks("""
        config = { unstable_map_decl=enable; }
        let @a = hash(100);
        let @b = percpulruhash(20);
        begin { @a[1] = 1; @b[pid] = count(); }
        """)
    }

    // "Arrays", "Structs", "Type conversion": types defined in the preamble, read through
    // pointer casts, dereferenced whole and indexed; integer and pointer casts.
    func testArraysStructsAndTypeConversion() {
        assertChecks("struct MyStruct { int y[4]; } kprobe:dummy { $s = (struct MyStruct *) arg0; print($s.y[0]); }")
        assertChecks("""
        struct MyStruct { int a; }
        kprobe:dummy {
          $ptr = (struct MyStruct *) arg0;
          $st = *$ptr;
          print($st.a);
          print($ptr.a);
        }
        """)
        assertChecks("begin { $z = 1; $y = (uint32) $z; $pz = (int8 *)0; $py = (int16 *) $pz; }")
        assertChecks("begin { $a = (uint8[8]) 12345; $x = (uint64) $a; }")
        assertChecks("begin { $a = (int8[8])12345; printf(\"%x %x\\n\", $a[0], $a[1]); printf(\"%d\\n\", (uint64)$a); }")
    }

    // "Block Expressions": discarded values warn, `_ =` and used values do not.
    func testDiscardedValuesWarn() {
        XCTAssertEqual(warnings("""
        begin {
          { 1 }
          $a = { 1 };
          @a[1] = 1;
          has_key(@a, 1);
          $b = has_key(@a, 1);
          _ = has_key(@a, 1);
        }
        """), ["discarded-value: Return value discarded.", "discarded-value: Return value discarded."])
    }

    // "Probes": each provider's example (kernel function probes check against this catalogue's
    // prototypes and types; the host has no kprobes, so they run in GuestKernelTests).
    func testProbeExamples() throws {
        for program in [
            "kprobe:tcp_* { printf(\"Entered: %s\\n\", probe); }",
            "kprobe:tcp_reset,kprobe:*socket* { printf(\"Entered: %s\\n\", probe); }",
            "tracepoint:raw_syscalls:sys_enter { @syscalls = count(); } interval:1s { print(@syscalls); clear(@syscalls); }",
            "fentry:x86_pmu_stop { printf(\"pmu %s stop\\n\", str(args.event.pmu.name)); }",
            "fexit:fget { printf(\"fd %d name %s\\n\", args.fd, str(retval.f_path.dentry.d_name.name)); }",
            "fexit:bpf:uprobe___testprogs_uprobe_test_uprobeFunction1_1 { print(\"bye\"); }",
            "fentry:bpf:123:* { print(probe); }",
            "kprobe:tcp_reset { @tcp_resets = count() }",
            """
            #include <linux/path.h>
            #include <linux/dcache.h>
            kprobe:vfs_open
            {
            \tprintf("open path: %s\\n", str(((struct path *)arg0).dentry.d_name.name));
            }
            """,
            "kprobe:kvm:x86_emulate_insn { $ctxt = (struct x86_emulate_ctxt *) arg0; printf(\"eip = 0x%lx\\n\", $ctxt.eip); }",
            """
            kprobe:d_lookup
            {
            \t$name = (struct qstr *)arg1;
            \t@fname[tid] = $name.name;
            }
            kretprobe:d_lookup
            /@fname[tid]/
            {
            \tprintf("%-8d %-6d %-16s M %s\\n", elapsed / 1e6, pid, comm, str(@fname[tid]));
            }
            """,
            "profile:hz:99 { @[tid] = count(); }",
            "software:faults:100 { @[comm] = count(); }",
            "tracepoint:syscalls:sys_enter_openat { printf(\"%s %s\\n\", comm, str(args.filename)); }",
            "uprobe:/bin/bash:readline { printf(\"arg0: %d\\n\", arg0); }",
            "uprobe:libc:malloc { printf(\"Allocated %d bytes\\n\", arg0); }",
            "uretprobe:./test:main.myprint { @=count(); }",
            "usdt:*:loop { printf(\"hi\\n\"); }",
            "usdt:/root/tick:loop { printf(\"%s: %d\\n\", str(arg0), arg1); }",
            "kprobe:do_nanosleep { printf(\"%d sleeping\\n\", pid); }",
            "hardware:cache-misses:1e6 { @[pid] = count(); }",
            "tracepoint:raw_syscalls:sys_enter { @syscalls = count(); } interval:1000000000 { print(@syscalls); clear(@syscalls); }",
            "watchpoint:0x10000000:8:rw { printf(\"hit!\\n\"); }",
            "rawtracepoint:vmlinux:kfree_skb { printf(\"%llx %llx\\n\", arg0, args.skb); }",
            "kprobe:f { $stack_arg0 = **(int64**)reg(\"sp\") + 16; }",
            "uprobe:libssl.so.3:SSL_write { @writes = count(); }",
            "kprobe:vfs_open { printf(\"open path: %s\\n\", str(((struct path *)arg0).dentry.d_name.name)); }",
            "fentry:tcp_connect { if (args.sk.__sk_common.skc_daddr == (uint32)pton(\"127.0.0.1\")) { print(1); } }",
        ] {
            assertChecks(program)
        }
        // "watchpoint", the function form: the address is the argument of a function of the
        // traced process, so -p or -c is required.
        var traced = DocumentationCatalogue()
        traced.tracedProcess = TracedProcess(pid: 4242, path: "./testprogs/watchpoint_func")
        let watched = SourceFile(name: "stdin", text: "watchpoint:increment+arg1:4:w { printf(\"hit!\\n\"); exit(); }")
        let points = try SemanticAnalyzer.analyze(try Parser.parse(watched), source: watched,
                                                  options: SemanticOptions(catalogue: traced)).probes.flatMap(\.attachPoints)
        let watch = FunctionWatchpoint(path: "./testprogs/watchpoint_func", function: "increment", argument: 1, length: 4, mode: "w",
                                       pid: 4242, stopsTracee: true)
        XCTAssertEqual(points, [ResolvedAttachPoint(target: .functionWatchpoint(watch),
                                                    probeName: "watchpoint:./testprogs/watchpoint_func:increment:1:4:w",
                                                    programKind: .perfEvent)])
        XCTAssertEqual(errors("watchpoint:increment+arg1:4:w { printf(\"hit!\\n\"); exit(); }"),
                       ["invalid-attach-point: Invalid attach point 'watchpoint:increment+arg1:4:w': -p PID or -c CMD required for watchpoint"])
        // "iterator": each iterator's example (one iter probe per program, as bpftrace requires),
        // and the pinned forms: a bare pin name is a file in /sys/fs/bpf, as in bpftrace.
        assertChecks(#"iter:task { printf("%s:%d\n", ctx.task.comm, ctx.task.pid); }"#)
        assertChecks(#"iter:task_file { printf("%s:%d %d:%s\n", ctx.task.comm, ctx.task.pid, ctx.fd, path(ctx.file.f_path)); }"#)
        assertChecks(#"iter:task_vma { printf("%s %d %lx-%lx\n", comm, pid, ctx.vma.vm_start, ctx.vma.vm_end); }"#)
        let pinned = [#"iter:task:list { printf("%s:%d\n", ctx.task.comm, ctx.task.pid); }"#,
                      #"iter:task_file:/sys/fs/bpf/files { printf("%s:%d %s\n", ctx.task.comm, ctx.task.pid, path(ctx.file.f_path)); }"#]
        for program in pinned { assertChecks(program) }
        let pinnedTargets = try pinned.map { text -> [AttachTarget] in
            let source = SourceFile(name: "stdin", text: text)
            return try SemanticAnalyzer.analyze(try Parser.parse(source), source: source,
                options: SemanticOptions(catalogue: DocumentationCatalogue())).probes.flatMap { $0.attachPoints.map(\.target) }
        }
        XCTAssertEqual(pinnedTargets, [[.iterator(name: "task", pin: "/sys/fs/bpf/list")],
                                       [.iterator(name: "task_file", pin: "/sys/fs/bpf/files")]])
        // An empty pin is the only error: the body still knows its ctx.
        XCTAssertEqual(errors(#"iter:task: { printf("%s:%d\n", ctx.task.comm, ctx.task.pid); }"#),
                       ["invalid-attach-point: Invalid attach point 'iter:task:': the pin path of iter:task:PIN is empty"])
        // printf of a pinned iterator is formatted by the kernel (bpf_seq_printf): what it cannot
        // format is refused when compiling; the same printf unpinned is swtrace's to format.
        // (One message for the format string: its first conversion the kernel lacks.)
        XCTAssertEqual(errors(#"iter:task:list { printf("%o %.3s %d\n", ctx.task.pid, ctx.task.comm, ctx.task.comm); }"#), [
            "printf-format: printf: %d specifier expects an integer (argument 3 is string[16])",
            "printf-format: printf: %o is not supported by bpf_seq_printf (use d, i, u, x, X, c, s or p)",
        ])
        XCTAssertEqual(errors(#"iter:task:list { printf("%.3s %#x %hd\n", ctx.task.comm, 1, 2); }"#),
                       ["printf-format: printf: %.3s is not supported by bpf_seq_printf: no precision"])
        XCTAssertEqual(errors(#"iter:task:list { printf("%#x\n", 1); }"#),
                       ["printf-format: printf: %#x is not supported by bpf_seq_printf: no '#' flag"])
        XCTAssertEqual(errors(#"iter:task:list { printf("%hd\n", 1); }"#),
                       ["printf-format: printf: %hd is not supported by bpf_seq_printf: the only length modifiers are l and ll"])
        XCTAssertEqual(errors(#"iter:task:list { printf("%s\n", ctx.task.pid); }"#),
                       ["printf-format: printf: %s specifier expects a string in a pinned iterator (argument 1 is int32)"])
        XCTAssertEqual(errors(#"iter:task:list { printf("%s %s\n", username, comm); }"#),
                       ["printf-format: printf: %s specifier expects a string in a pinned iterator (argument 1 is string, made by swtrace in user space)"])
        XCTAssertEqual(errors("iter:task:list { printf(\"\(String(repeating: "%d", count: 13))\", \((0..<13).map(String.init).joined(separator: ", "))); }"),
                       ["printf-format: printf: a pinned iterator's printf takes at most 12 arguments (bpf_seq_printf)"])
        assertChecks(#"iter:task { printf("%o %.3s %s\n", ctx.task.pid, ctx.task.comm, ctx.task.pid); }"#)
        // User functions are inlined in the pinned iterator: their printf is the kernel's too.
        XCTAssertEqual(errors(#"fn f(): void { printf("%o\n", 1); } iter:task:list { f(); }"#),
                       ["printf-format: printf: %o is not supported by bpf_seq_printf (use d, i, u, x, X, c, s or p)"])
        assertChecks(#"fn f(): void { printf("%o\n", 1); } iter:task { f(); }"#)
        // What swtrace carries out on an event (print, clear, ...) warns: it is gone by then.
        XCTAssertEqual(warnings(#"iter:task:list { @[comm] = count(); print(@); clear(@); time(); debugf("%d", 1); exit(); }"#), [
            "lost-in-pinned-iterator: print() does nothing in a pinned iterator: swtrace, which carries it out, has exited by the time /sys/fs/bpf/list is read",
            "lost-in-pinned-iterator: clear() does nothing in a pinned iterator: swtrace, which carries it out, has exited by the time /sys/fs/bpf/list is read",
            "lost-in-pinned-iterator: time() does nothing in a pinned iterator: swtrace, which carries it out, has exited by the time /sys/fs/bpf/list is read",
        ])
        XCTAssertEqual(warnings(#"iter:task { @[comm] = count(); print(@); clear(@); time(); }"#), [])
        // Counts in attach points are spelt like integer literals ("fire once for every 1,000,000
        // cache misses").
        let counted = SourceFile(name: "stdin", text: "hardware:cache-misses:1e6 { } software:faults:1_000 { } interval:s:2e1 { }")
        let targets = try SemanticAnalyzer.analyze(try Parser.parse(counted), source: counted,
            options: SemanticOptions(catalogue: DocumentationCatalogue())).probes.flatMap { $0.attachPoints.map(\.target) }
        XCTAssertEqual(targets, [.hardware(config: 3, period: 1_000_000), .software(config: 2, period: 1000),
                                 .interval(periodNanoseconds: 20_000_000_000)])
        // The built-in events: self:signal, and test/bench probes (checked, then dropped: they
        // run only in bpftrace's --test/--bench modes).
        assertChecks("self:signal:SIGUSR1 { print(\"abc\"); }")
        let testsAndBenches = """
            test:okay { print("I'm okay! This output will be suppressed."); }
            test:failure { print("This is a failure! This output will be shown"); return 1; }
            bench:lhist { @a = lhist(rand % 10, 1, 10, 1); }
            bench:count { @b = count(); }
            bench:my_loop { $a = 0; for ($i : 0..10) { $a++; } }
            begin { exit(); }
            """
        assertChecks(testsAndBenches)
        let source = SourceFile(name: "stdin", text: testsAndBenches)
        let checked = try SemanticAnalyzer.analyze(try Parser.parse(source), source: source,
                                                   options: SemanticOptions(catalogue: DocumentationCatalogue()))
        XCTAssertEqual(checked.probes.map(\.attachPoints.count), [0, 0, 0, 0, 0, 1])
        XCTAssertEqual(renderedAnalysis("self:signal:SIGUSR2 { } self:sig:SIGUSR1 { } test: { }"), """
            stdin:1:1-20: ERROR: Invalid attach point 'self:signal:SIGUSR2': unsupported signal SIGUSR2
            self:signal:SIGUSR2 { } self:sig:SIGUSR1 { } test: { }
            ~~~~~~~~~~~~~~~~~~~
            HINT: self probes take one of: SIGUSR1
            stdin:1:25-41: ERROR: Invalid attach point 'self:sig:SIGUSR1': expected self:signal:SIGNAL, e.g. self:signal:SIGUSR1
            self:signal:SIGUSR2 { } self:sig:SIGUSR1 { } test: { }
                                    ~~~~~~~~~~~~~~~~
            stdin:1:46-51: ERROR: Invalid attach point 'test:': expected test:NAME, e.g. test:my_case
            self:signal:SIGUSR2 { } self:sig:SIGUSR1 { } test: { }
                                                         ~~~~~

            """)
        // A numeric positional parameter compares like the literal it stands for.
        XCTAssertEqual(warnings("tracepoint:block:block_rq_issue /args.bytes > $1/ { @ = count(); }", arguments: ["4096"]), [])
    }
}
