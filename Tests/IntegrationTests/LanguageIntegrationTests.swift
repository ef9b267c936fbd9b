// The language end to end: each test runs one BEGIN-only program through the real swtrace
// binary (parse, type check, codegen, verifier, run) and checks every line it prints, so the
// semantics of operators, casts, literals, variables, control flow, tuples, map loops, user
// functions, macros and positional parameters are pinned to exact output.
import XCTest

final class LanguageIntegrationTests: XCTestCase {
    private func run(_ program: String, _ arguments: [String] = []) throws -> TraceResult {
        try Executables.requireRoot()
        let result = try Swtrace.runToEnd(["-e", program] + arguments, timeout: 60)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertFalse(result.crashed, result.transcript)
        return result
    }

    // C semantics: signed division truncates, shifts keep the sign of signed values, casts
    // truncate then sign- or zero-extend, literals take hex/octal/_/suffix/duration forms;
    // over-wide shifts behave as BPF instructions do; x / 0 and x % 0 are 1, as in bpftrace >= 0.24
    // (RuntimeConformanceTests checks its warning).
    func testOperatorsLiteralsAndCasts() throws {
        let result = try run("""
        BEGIN {
          printf("%d %d %d %d %d\\n", 7 / 2, -7 / 2, 7 % 3, -7 % 3, 2 * 3 + 4);
          printf("%d %d %d %d\\n", 0x10, 010, 1_000_000, 100UL);
          printf("%d %d %d\\n", 0xf0 & 0x3c, 0xf0 | 0x0f, 0xff ^ 0x0f);
          printf("%d %d %d\\n", 1 << 4, -16 >> 2, (uint64)-16 >> 60);
          printf("%d %d %d %d\\n", 3 < 5, -1 < 1, (uint64)-1 > 1, 5 >= 5);
          printf("%d %d %d\\n", !0, !7, ~0);
          printf("%d %d %d\\n", 1 && 0, 0 || 2, 1 ? 10 : 20);
          printf("%d %d %d %d\\n", (uint8)257, (int8)255, (uint16)-1, (int32)0x1ffffffff);
          $x = 1 << 16;
          printf("%d %d\\n", (uint16)$x, $x);
          printf("%lu %lu %lu\\n", 5s, 5ms, 1m);
          printf("%c%c %d\\n", 'o', 'k', 'A');
          printf("%d %d\\n", 2e3, sizeof(uint32));
          $zero = 0; $big = 70;
          printf("%d %d %d %d %d\\n", 7 / $zero, 7 % $zero, -7 / $zero, 1 << $big, -128 >> $big);
          exit();
        }
        """)
        XCTAssertEqual(result.stdout, """
            3 -3 1 -1 10
            16 8 1000000 100
            48 255 240
            16 -4 15
            1 1 1 1
            1 0 -1
            0 1 10
            1 -1 65535 -1
            0 65536
            5000000000 5000000 60000000000
            ok 65
            2000 4
            1 1 1 64 -2



            """, result.transcript)
    }

    // Loop bodies that count and stop on their count: the verifier must not follow the
    // counter through every iteration (it would run out of instructions), and the values the
    // loops leave behind are the ones the iterations computed.
    func testLoopsThatCountAndBreakOnTheirCount() throws {
        let result = try run("""
        BEGIN {
          @m[1] = 10; @m[2] = 20; @m[3] = 30; @m[4] = 40;
          $n = 0; $sum = 0;
          for ($kv : @m) { $n++; $sum += $kv.1; if ($n >= 3) { break; } }
          printf("%d %d\\n", $n, $sum >= 60 && $sum <= 90);
          $t = 0; $steps = 0;
          for ($i : 0..100) { $t += $i; $steps++; if ($t > 1000) { break; } }
          printf("%d %d\\n", $t, $steps);
          clear(@m);
          exit();
        }
        """)
        XCTAssertEqual(result.stdout, """
            3 1
            1035 46



            """, result.transcript)
    }

    // ++/-- before and after, on variables and maps; every compound assignment operator.
    func testIncrementsAndCompoundAssignments() throws {
        let result = try run("""
        BEGIN {
          $x = 10; $y = $x--; $a = 10; $b = --$a;
          printf("%d %d %d %d\\n", $x, $y, $a, $b);
          $i = 5; $i++; ++$i; printf("%d %d %d\\n", $i++, ++$i, $i);
          $c = 100; $c += 5; $c -= 3; $c *= 2; $c /= 4; $c %= 7;
          printf("%d\\n", $c);
          $d = 1; $d <<= 10; $d >>= 2; $d |= 3; $d &= 0xfe; $d ^= 0x100;
          printf("%d\\n", $d);
          $n = -20; $n /= 3; $m = -20; $m %= 3; $s = -64; $s >>= 2;
          printf("%d %d %d\\n", $n, $m, $s);
          @a++; @a++; ++@a; @a--;
          @k[1] += 10; @k[1] *= 3; @k[1] -= 5; @k[2] = @k[1]--;
          @v = 7; @v <<= 2; @v |= 1; @v %= 10;
          printf("%d %d %d %d %d\\n", @a, @k[1], @k[2], @v, @a++ + ++@a);
          exit();
        }
        """)
        XCTAssertEqual(result.stdout, """
            9 10 9 9
            7 9 9
            2
            258
            -6 -2 -16
            2 24 25 9 6


            @a: 4
            @k[1]: 24
            @k[2]: 25
            @v: 9

            """, result.transcript)
    }

    // if/else if/else, while with break/continue, unroll, for over a range (bounds taken once),
    // let with and without types, block expressions, the ternary as value and as statement,
    // and return (with or without an integer value) leaving one probe while the next still runs.
    func testControlFlowDeclarationsAndBlocks() throws {
        let result = try run("""
        BEGIN {
          $a = 3;
          if ($a == 1) { printf("one\\n"); } else if ($a == 3) { printf("three\\n"); } else { printf("other\\n"); }
          if ($a > 5) { printf("big\\n"); } else { printf("small\\n"); }
          $i = 0;
          while ($i < 10) {
            $i++;
            if ($i == 2) { continue; }
            if ($i > 5) { break; }
            printf("w%d ", $i);
          }
          printf("\\n");
          unroll(3) { printf("u"); }
          printf("\\n");
          $n = 5;
          for ($j : 0..$n) { if ($j == 1) { continue; } if ($j == 4) { break; } printf("f%d ", $j); $n--; }
          printf("\\n");
          let $x: uint8 = 255 - 211;
          let $y: int16 = -2;
          let $z;
          let $s = "text";
          printf("%d %d %d %s\\n", $x, $y, $z, $s);
          $v = { let $t = 20; $t + 1 };
          printf("%d\\n", $v);
          $b = $a > 0 ? $a : -1;
          $a == 3 ? printf("yes\\n") : printf("no\\n");
          printf("%d\\n", $b);
        }
        BEGIN { printf("second\\n"); return; printf("never\\n"); }
        BEGIN { @r = 1; return @r++; printf("never\\n"); }
        BEGIN { printf("r=%d\\n", @r); clear(@r); exit(); }
        """)
        XCTAssertEqual(result.stdout, """
            three
            small
            w1 w3 w4 w5 
            uuu
            f0 f2 f3 
            44 -2 0 text
            21
            yes
            3
            second
            r=2



            """, result.transcript)
    }

    // Tuples (nested, indexed both ways, compared, as map keys and values), for over maps with one and
    // two keys, user functions (several returns, narrowing return type, string parameters and
    // results, functions calling functions), macros with
    // expression, variable and map parameters, positional parameters, str($1 + N) and str() of a
    // numeric parameter (its text).
    func testTuplesMapLoopsFunctionsMacrosAndPositionals() throws {
        let result = try run("""
        fn add($a: int64, $b: int64): int64 { return $a + $b; }
        fn clamp($v: int64, $max: int64): int64 {
          if ($v > $max) { return $max; }
          return $v;
        }
        fn low_byte($v: uint64): uint8 { return $v; }
        fn sq($x: int64): int64 { return $x * $x; }
        fn sumsq($a: int64, $b: int64): int64 { @calls++; return sq($a) + sq($b); }
        fn name(): string { return "swt"; }
        fn hello($who: string): void { printf("hi %s\\n", $who); }
        macro twice(x) { x * 2 }
        macro bump($counter, @total) { $counter += 1; @total += 10; }

        BEGIN {
          $t = (1, "hello", (2, 3));
          print($t);
          printf("%d %s %d %d %s\\n", $t.0, $t.1, $t.2.1, $t[0], $t[1]);
          print((7,));
          printf("%d %d %d\\n", $t == (1, "hello", (2, 3)), $t != (1, "hello", (2, 4)), (comm, 1) == (comm, 2));
          @pairs[1, "a"] = (5, "x");
          print(@pairs[1, "a"]);
          @m[10] = 20;
          @m[11] = 21;
          $keys = 0; $values = 0; $count = 0;
          for ($kv : @m) { $keys += $kv.0; $values += $kv.1; $count++; }
          printf("%d %d %d\\n", $count, $keys, $values);
          @multi[3, 4] = 5;
          for ($kv : @multi) { printf("%d %d %d\\n", $kv.0.0, $kv.0.1, $kv.1); }
          for ($kv : @m) { if ($kv.0 == 10) { break; } }
          printf("%d %d %d\\n", add(5, 9), clamp(50, 10), clamp(3, 10));
          printf("%d\\n", low_byte(0x1234));
          printf("%d\\n", twice(add(1, 2)));
          $c = 1;
          @total = 0;
          bump($c, @total);
          bump($c, @total);
          printf("%d %d\\n", $c, @total);
          printf("%s %s %d %d %s\\n", str($1), str($1 + 2), $2, $#, str($2));
          hello(comm);
          hello("a string longer than comm");
          printf("%d %s\\n", sumsq(3, 4), name());
          clear(@m); clear(@multi); clear(@pairs); clear(@total); clear(@calls);
          exit();
        }
        """, ["hello", "42"])
        XCTAssertEqual(result.stdout, """
            (1, hello, (2, 3))
            1 hello 3 1 hello
            (7)
            1 1 0
            (5, x)
            2 21 41
            3 4 5
            14 10 3
            52
            6
            3 20
            hello llo 42 2 42
            hi swtrace
            hi a string longer than comm
            25 swt



            """, result.transcript)
    }

    // The runnable examples of bpftrace's language reference, with the output it documents:
    // macros, data-type truncation, per-CPU values read in a probe, positional parameters,
    // tuples, user functions, durations and array casts.
    func testDocumentationExamples() throws {
        let result = try run("""
        macro one() { 1 }
        macro add_one(x) { x + 1 }
        macro add_one_to_each($a, @b) { $a += 1; @b += 1; }
        macro side_effects(x) { x; x; x; }
        macro add_two(x) { add_one(x) + 1 }
        fn add($a: int64, $b: int64): int64 { return $a + $b; }
        begin {
          print(one());
          print(one);
          $a = 10;
          print(add_one($a));
          print(add_one(1 + 1));
          @b = 5;
          add_one_to_each($a, @b);
          print($a + @b);
          side_effects({ printf("hi") });
          printf("\\n");
          print(add_two(1));
          $x = 1 << 16;
          printf("%d %d\\n", (uint16)$x, $x);
          @c = count(); @s = sum(3); @s = sum(9);
          if (@s == 12) { printf("%d %d\\n", (int64)@c, (int64)@s); }
          printf("I got %d, %s (%d args)\\n", $1, str($2), $#);
          printf("%s\\n", str($2 + 1));
          $t = (1, "hello"); $u = (3, 4, $t);
          print($t); print($u); print($u.0); print($t[1]);
          print(add(5, 9));
          $m = 1m;
          print($m);
          $arr = (int8[8])12345;
          printf("%x %x\\n", $arr[0], $arr[1]);
          printf("%d\\n", (uint64)$arr);
          clear(@b); clear(@c); clear(@s);
          exit();
        }
        """, ["42", "hello"])
        XCTAssertEqual(result.stdout, """
            1
            1
            11
            3
            17
            hihihi
            3
            0 65536
            1 12
            I got 42, hello (2 args)
            ello
            (1, hello)
            (3, 4, (1, hello))
            3
            hello
            14
            60000000000
            39 30
            12345



            """, result.transcript)
    }

    // Types defined in the preamble overlay the kernel's: a hand-written prefix of task_struct
    // (padding computed from BTF offsets the same run prints) reads the same pid and comm as
    // the builtins; unions, nesting and sizes follow the C layout rules.
    func testPreambleTypeDefinitionsReadKernelMemory() throws {
        let offsets = try run("BEGIN { printf(\"%d %d\\n\", offsetof(struct task_struct, pid), offsetof(struct task_struct, comm)); exit(); }")
        let numbers = offsets.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
        guard numbers.count == 2, numbers[1] > numbers[0] + 8 else { return XCTFail(offsets.transcript) }
        let skip = numbers[1] - numbers[0] - 8
        let result = try run("""
        #define PAD \(numbers[0])
        struct Ids { int pid, tgid; };
        union Either { u64 whole; u32 halves[2]; char bytes[8]; }
        struct Task {
          char pad[PAD];
          struct Ids ids;
          u8 skip[\(skip)];
          char comm[16];
          struct Task *self;
        }
        BEGIN {
          $t = (struct Task *)curtask;
          printf("%d %d %s\\n", $t->ids.pid == (int32)pid, $t.ids.tgid == (int32)pid, $t->comm);
          printf("%d %d %d\\n", sizeof(union Either), sizeof(struct Ids), offsetof(struct Task, self) - offsetof(struct Task, comm));
          exit();
        }
        """)
        XCTAssertEqual(result.stdout, "1 1 swtrace\n8 8 16\n\n\n", result.transcript)
    }

    // More of the reference's runnable examples in one script read from stdin: the preamble
    // (#include, #define with an octal escape, a struct, a config block, a map declaration),
    // comments, while with break, unroll, for over maps and ranges, and the ternary forms.
    func testDocumentationScriptWithPreamble() throws {
        try Executables.requireRoot()
        let script = #"""
        #include <linux/socket.h>
        #define RED "\033[31m"

        struct S {
          int x;
        }

        config = {
            stack_mode=perf
        }

        let @a = lruhash(100);

        // A single line comment
        interval:s:1 { // can also be used to comment inline
        /*
         a multi line comment

        */
          print(/* inline comment block */ 1);
          $i = 0;
          while ($i <= 100) {
            printf("%d ", $i);
            if ($i > 5) {
              break;
            }
            $i++
          }
          printf("\n");
          unroll(3) {
            print("Unrolled")
          }
          @a[1] = sizeof(struct S);
          printf("%sred\n", RED);
          printf("%d %d\n", AF_INET, AF_INET6);
          @map[10] = 20;
          for ($kv : @map) {
            print($kv.0); // key
            print($kv.1); // value
          }
          @map2[10,11] = 20;
          for ($kv : @map2) { print($kv.0.0); print($kv.0.1); print($kv.1); }
          $a = 10;
          for ($j : 0..$a) { print($j); $a--; }
          $cpus = 0;
          for ($cpu : 0..ncpus) { $cpus++; }
          printf("%d\n", $cpus == ncpus);
          $c = 1;
          $c == 1 ? print("true") : print("false");
          $b = $c > 0 ? $c : -1;
          print($b);
          clear(@map); clear(@map2);
          exit();
        }
        """#
        let result = try Swtrace.runToEnd(["-"], standardInput: script, timeout: 60)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, """
            1
            0 1 2 3 4 5 6 
            Unrolled
            Unrolled
            Unrolled
            \u{1B}[31mred
            2 10
            10
            20
            10
            11
            20
            0
            1
            2
            3
            4
            5
            6
            7
            8
            9
            1
            true
            1


            @a[1]: 4
            """, result.transcript)
        XCTAssertTrue(result.stderrLines.contains(
            "WARNING: Script is using an unstable feature: map declarations. To prevent this warning you must explicitly enable it in the config e.g. unstable_map_decl=enable"),
                      result.transcript)
    }

    // for over count/sum/max maps: the loop reads each key's total over every CPU's slot.
    // Events: the workload makes 1000 getppid() calls, then exits (which ends the trace).
    func testForOverAggregationMapsReadsTotals() throws {
        try Executables.requireRoot()
        let workload = try Workload(["getppid", "1000"])
        let result = try Swtrace.runToEnd(["-p", "\(workload.pid)", "-e", """
            tracepoint:syscalls:sys_enter_getppid { @c[pid] = count(); @s[pid] = sum(3); @m[pid] = max(7); @m[pid] = max(-2); }
            END {
              for ($kv : @c) { printf("count %d\\n", $kv.1); }
              for ($kv : @s) { printf("sum %d\\n", $kv.1); }
              for ($kv : @m) { printf("max %d\\n", $kv.1); }
              clear(@c); clear(@s); clear(@m);
            }
            """], during: workload, timeout: 60)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "count 1000\nsum 3000\nmax 7", result.transcript)
    }

    // self:signal:SIGUSR1 runs each time swtrace receives SIGUSR1 (the run goes on); test: and
    // bench: probes do not run outside bpftrace's --test/--bench modes, nor count as attached.
    func testSelfSignalProbeRunsOnEachSignal() throws {
        try Executables.requireRoot()
        let tracer = try TracerProcess(["-e", """
            begin { printf("ready\\n"); }
            self:signal:SIGUSR1 { @n++; printf("got %d\\n", @n); if (@n == 2) { exit(); } }
            test:never { printf("test ran\\n"); }
            bench:never { printf("bench ran\\n"); }
            """])
        try tracer.waitUntilAttached(marker: "ready")
        kill(tracer.pid, SIGUSR1)
        try tracer.waitUntilAttached(marker: "got 1")
        kill(tracer.pid, SIGUSR1)
        let result = tracer.finish(timeout: 30)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "ready\ngot 1\ngot 2\n\n\n@n: 2", result.transcript)
        XCTAssertEqual(result.stderr, "Attached 2 probes\n", result.transcript)
    }

    // sargN (deprecated in bpftrace, kept with its warning): the arguments a call passes on the
    // stack, here the 7th and 8th of a function with eight (x86-64 passes six in registers).
    func testStackArgumentsOfAUserFunction() throws {
        try Executables.requireRoot()
        let program = try CompiledCProgram(name: "swtsarg", source: """
            #include <signal.h>
            __attribute__((noinline)) long swtrace_eight(long a, long b, long c, long d, long e, long f, long g, long h) {
                return a + b + c + d + e + f + g + h;
            }
            int main(void) {
                sigset_t set; int sig;
                sigemptyset(&set); sigaddset(&set, SIGUSR1); sigprocmask(SIG_BLOCK, &set, 0);
                sigwait(&set, &sig);
                volatile long total = swtrace_eight(1, 2, 3, 4, 5, 6, 700, 800);
                (void)total;
                sigwait(&set, &sig);
                return 0;
            }
            """)
        defer { program.remove() }
        let process = try CProgramProcess(program)
        defer { process.stop() }
        let result = try process.trace("uprobe:\(program.path):swtrace_eight { printf(\"%d %d %d\\n\", arg5, sarg0, sarg1); }")
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdoutLines, ["6 700 800"], result.transcript)
        XCTAssertEqual(result.stderrLines.filter { $0.contains("WARNING") }, [
            "stdin:1:\(program.path.utf8.count + 52)-\(program.path.utf8.count + 57): WARNING: sarg* is deprecated and will be removed in the future.",
            "stdin:1:\(program.path.utf8.count + 59)-\(program.path.utf8.count + 64): WARNING: sarg* is deprecated and will be removed in the future.",
        ], result.transcript)
    }

    // "Action Blocks": the reference's first script as written, a header from begin and one
    // block for two syscalls (open and openat), run with -p on a workload that opens a path
    // nobody else uses twice.
    func testActionBlocksExampleAsWritten() throws {
        try Executables.requireRoot()
        let path = "/tmp/" + uniqueName("swtrace-blocks-", length: 40)
        let workload = try Workload(["open", path, "2"])
        let result = try Swtrace.runToEnd(["-p", "\(workload.pid)", "-e", """
            begin {
            \tprintf("Tracing open syscalls... Hit Ctrl-C to end.\\n");
            }

            tracepoint:syscalls:sys_enter_open,
            tracepoint:syscalls:sys_enter_openat {
            \tprintf("%-6d %-16s %s\\n", pid, comm, str(args.filename));
            }
            """], during: workload, timeout: 60)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stderr, "Attached 3 probes\n", result.transcript)
        let pid = String(workload.pid).padding(toLength: 6, withPad: " ", startingAt: 0)
        XCTAssertEqual(result.stdoutLines.filter { $0.hasPrefix("Tracing") || $0.hasSuffix(path) }, [
            "Tracing open syscalls... Hit Ctrl-C to end.",
            "\(pid) swtrace-workloa  \(path)",
            "\(pid) swtrace-workloa  \(path)",
        ], result.transcript)
    }

    // Nested range loops whose inner range is empty for some outer values, and a range that
    // is empty from the start (5..2): bodies run exactly end - start times when positive.
    func testNestedAndEmptyRanges() throws {
        let result = try run("""
            begin { $t = 0; for ($i : 0..4) { for ($j : 0..$i) { $t++; } for ($k : 2..2) { $t += 100; } }
                    for ($k : 5..2) { $t += 1000; } printf("%d\\n", $t); exit(); }
            """)
        XCTAssertEqual(result.report, "6", result.transcript)
    }

    // "Named Parameters": getopt() reads `--name=value` and flags given after `--`, next to the
    // positional parameters, which may stand on either side of the `--`.
    func testNamedAndPositionalParameters() throws {
        let program = #"begin { print((getopt("aa", 1), getopt("bb"))); printf("%s %d %d %s\n", str($1), $2, $#, getopt("who", "nobody")); exit(); }"#
        let given = try run(program, ["p1", "--", "20", "--aa=20", "--bb", "--who=me"])
        XCTAssertEqual(given.report, "(20, true)\np1 20 2 me", given.transcript)
        let defaults = try run(program, ["p1", "20"])
        XCTAssertEqual(defaults.report, "(1, false)\np1 20 2 nobody", defaults.transcript)
        try Executables.requireRoot()
        let unknown = try Swtrace.runToEnd(["-e", program, "p1", "20", "--", "--verbose"], timeout: 60)
        XCTAssertEqual(unknown.status, 1, unknown.transcript)
        XCTAssertEqual(unknown.stderr, """
            ERROR: unexpected program command line options: --verbose
            HINT: expected program options: --aa, --bb, --who

            """, unknown.transcript)
    }

    // "Unstable Features": the config block enables them (no warning; the map declaration's size
    // is the map's) or refuses them (an error where they are used, nothing runs).
    func testUnstableFeatureSettings() throws {
        let enabled = try run("""
            config = { unstable_map_decl=enable; unstable_tseries=enable }
            let @a = hash(2);
            begin { @a[1] = 10; @a[2] = 20; @a[3] = 30; @t = tseries(7, 10s, 2); print(@a); clear(@a); clear(@t); exit(); }
            """)
        // hash(2) holds two keys: the third update fails, as it would in bpftrace.
        XCTAssertEqual(enabled.report, "@a[1]: 10\n@a[2]: 20", enabled.transcript)
        XCTAssertEqual(enabled.stderr, "Attached 1 probe\n", enabled.transcript)
        try Executables.requireRoot()
        let refused = try Swtrace.runToEnd(["-e", "config = { unstable_map_decl=error }\nlet @a = hash(2);\nbegin { @a[1] = 1; exit(); }"], timeout: 60)
        XCTAssertEqual(refused.status, 1, refused.transcript)
        XCTAssertEqual(refused.stdout, "", refused.transcript)
        XCTAssertEqual(refused.stderr, """
            stdin:2:1-17: ERROR: map declarations feature is not enabled by default. To enable this unstable feature, set the config flag to enable. unstable_map_decl=enable
            let @a = hash(2);
            ~~~~~~~~~~~~~~~~

            """, refused.transcript)
    }

    // "Map Printing" and "Block Expressions": print_maps_on_exit=0 prints nothing at exit;
    // discarded values warn with the exact bpftrace text, `_ =` keeps quiet.
    func testMapPrintingConfigAndDiscardedValueWarnings() throws {
        try Executables.requireRoot()
        let result = try Swtrace.runToEnd(["-e", """
            config = { print_maps_on_exit=0 }
            begin { @a = 1; @b[1] = 1; has_key(@b, 1); _ = has_key(@b, 1); exit(); }
            """], timeout: 60)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "", result.transcript)
        XCTAssertEqual(result.stderrLines.prefix(4), [
            "stdin:2:28-42: WARNING: Return value discarded.",
            "begin { @a = 1; @b[1] = 1; has_key(@b, 1); _ = has_key(@b, 1); exit(); }",
            "                           ~~~~~~~~~~~~~~",
            "HINT: use the value, or write `_ = ...` to drop it on purpose",
        ], result.transcript)
    }

    // Values larger than the BPF backend copies in one piece (a 2000-byte string literal, as a
    // variable, a printf argument and a map key) are copied in parts and arrive whole.
    func testLongStringLiteralsArriveWhole() throws {
        let long = String(repeating: "abcdefghij", count: 200)
        let result = try run("BEGIN { $s = \"\(long)\"; printf(\"%s\\n\", $s); @m[$s] = 1; exit(); }")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, long, result.transcript)
        XCTAssertEqual(lines.last, "@m[\(long)]: 1", result.transcript)
    }
}
