// The example programs of bpftrace's language reference (docs/language.md), restated in our
// own words: each must parse and type-check, and the ones the reference calls invalid must
// fail with the diagnostic it describes. Examples about kernel structs (BTF types) belong to
// the type checker of records and are tested there; the runnable examples also run for real in
// LanguageIntegrationTests.
import XCTest
@testable import SwtraceCore

/// FixedCatalogue plus the syscalls the reference uses and every probe kind available.
struct DocumentationCatalogue: KernelCatalogue {
    var base = FixedCatalogue()
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
        ]
        base.features = KernelFeatures(kprobes: true, fentry: true, btf: false, ringBuffer: true)
    }
    var features: KernelFeatures { base.features }
    func tracepoints(category: String, name: String) throws -> [(category: String, name: String)] {
        try base.tracepoints(category: category, name: name)
    }
    func tracepointFormat(category: String, name: String) throws -> TracepointFormat? {
        try base.tracepointFormat(category: category, name: name)
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
        assertChecks("begin { printf(\"I got %d, %s (%d args)\\n\", $1, str($2), $#); }", arguments: ["42", "hello"])
        assertChecks("begin { printf(\"%s\\n\", str($1 + 1)) }", arguments: ["hello"])
        assertChecks("tracepoint:block:block_rq_issue /args.bytes > $1/ { @ = count(); }", arguments: ["4096"])
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
}
