// Constructs that the newest bpftrace tool scripts and stdlib reference use (their opensnoop.bt,
// the examples of docs/stdlib.md), each checked end to end through the real swtrace binary with
// programs written for these tests: exact stdout, and no warning bpftrace would not give.
import XCTest

final class CurrentToolScriptsTests: XCTestCase {
    private func run(_ program: String, _ arguments: [String] = []) throws -> TraceResult {
        try Executables.requireRoot()
        let result = try Swtrace.runToEnd(["-q", "-e", program] + arguments, timeout: 60)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertFalse(result.crashed, result.transcript)
        return result
    }

    // `for $x : a..b { }` and `for $kv : @m { }` without parentheses; macros whose body ends in a
    // statement are called for their effect (no "Return value discarded"); a loop over
    // `(uint64)` bounds counts in unsigned, so `(uint64)$n - $i` mixes no signs.
    func testLoopHeadersWithoutParenthesesAndStatementMacros() throws {
        let result = try run("""
        macro fill(@cells, $n) {
          for $i : ((uint64)0)..((uint64)$n) {
            @cells[$i] = ((uint64)$n - $i) * 10;
          }
        }
        macro show(@cells) {
          $sum = 0;
          for $kv : @cells { $sum += $kv.1; }
          printf("total %d\\n", $sum);
        }
        BEGIN {
          fill(@c, 4);
          show(@c);
          for $i : 1..3 { printf("%d %d\\n", $i, $i - 5 > 0); }
          for $u : (uint64)1..(uint64)3 { printf("%d %d\\n", $u, $u - 5 > 0); }
          clear(@c);
          exit();
        }
        """)
        XCTAssertEqual(result.stderr, "", result.transcript)
        XCTAssertEqual(result.report, """
            total 100
            1 0
            2 0
            1 1
            2 1
            """, result.transcript)
    }

    // `if $flag {` and `while $n < k {` without parentheses, a macro printing a heading passed as
    // its format, and print(@map, top) keeping the largest values: syscount.bt's shape.
    func testConditionsWithoutParenthesesAndTopOfMap() throws {
        let program = """
        macro show(heading, @map) {
          printf(heading);
          print(@map, 2);
          clear(@map);
        }
        BEGIN {
          $n = 0;
          while $n < 4 { @m[$n] = $n * 10; $n++; }
          if getopt("named") { show("\\ntop two by name:\\n", @m); }
          else { show("\\ntop two:\\n", @m); }
          if ($n > 3) && ($n < 5) { printf("n=%d\\n", $n); }
          exit();
        }
        """
        let plain = try run(program)
        XCTAssertEqual(plain.stderr, "", plain.transcript)
        XCTAssertEqual(plain.report, """
            top two:
            @m[2]: 20
            @m[3]: 30
            n=4
            """, plain.transcript)
        let named = try run(program, ["--", "--named"])
        XCTAssertEqual(named.report, """
            top two by name:
            @m[2]: 20
            @m[3]: 30
            n=4
            """, named.transcript)
    }

    // softirqstat.bt's `unroll($1)`: a numeric positional parameter is a count known when
    // compiling; left out it counts 0, which unroll refuses as bpftrace does.
    func testUnrollCountFromPositionalParameter() throws {
        let program = #"BEGIN { $i = 0; unroll($1) { printf("step %d\n", $i); $i++; } exit(); }"#
        let three = try run(program, ["3"])
        XCTAssertEqual(three.stderr, "", three.transcript)
        XCTAssertEqual(three.report, "step 0\nstep 1\nstep 2", three.transcript)

        try Executables.requireRoot()
        let missing = try Swtrace.runToEnd(["-q", "-e", program], timeout: 60)
        XCTAssertEqual(missing.status, 1, missing.transcript)
        XCTAssertEqual(missing.stdout, "", missing.transcript)
        XCTAssertEqual(missing.stderr, """
            stdin:1:24-26: WARNING: Positional parameter $1 was not given: it reads as 0 (or "" as a string)
            BEGIN { $i = 0; unroll($1) { printf("step %d\\n", $i); $i++; } exit(); }
                                   ~~
            stdin:1:24-26: ERROR: unroll minimum value is 1
            BEGIN { $i = 0; unroll($1) { printf("step %d\\n", $i); $i++; } exit(); }
                                   ~~

            """, missing.transcript)
    }

    // The stdlib reference's `if (@ > 10)` on a count() map: every comparison reads the total of
    // all CPUs' slots of count/sum/min/max/avg maps.
    func testComparisonsReadAggregationTotals() throws {
        let result = try run("""
        BEGIN {
          @c = count(); @c = count(); @s = sum(7); @hi = max(5); @lo = min(-3);
          @a = avg(10); @a = avg(20);
          printf("%d %d %d %d\\n", @c > 1, @c > 2, @c < 3, 1 < @c);
          printf("%d %d %d %d\\n", @s >= 7, @s <= 6, @hi > 4, @lo < -2);
          printf("%d %d\\n", @a > 14, @a < 15);
          if (@c > 1) { print(("over one")); }
          clear(@c); clear(@s); clear(@hi); clear(@lo); clear(@a);
          exit();
        }
        """)
        XCTAssertEqual(result.stderr, "", result.transcript)
        XCTAssertEqual(result.report, "1 0 1 1\n1 0 1 1\n1 0\nover one", result.transcript)
    }

    // getopt's optional third argument, a description (the stdlib reference's example).
    func testGetoptWithDescriptions() throws {
        let program = #"BEGIN { print((getopt("aa", 10, "Description of aa"), getopt("bb", "hello"), getopt("cc"), getopt("dd", false))); exit(); }"#
        let result = try run(program, ["--", "--cc", "--bb=bye"])
        XCTAssertEqual(result.stderr, "", result.transcript)
        XCTAssertEqual(result.report, "(10, bye, true, false)", result.transcript)
    }

    // The stdlib reference's strerror and syscall_name examples, constants from their headers.
    func testErrnoAndSystemCallNamesFromHeaders() throws {
        let result = try run("""
        #include <errno.h>
        #include <syscall.h>
        begin {
          print(strerror(EPERM)); print(strerror(ECONNREFUSED));
          print(syscall_name(__NR_read)); print(syscall_name(SYS_openat));
          exit();
        }
        """)
        XCTAssertEqual(result.stderr, "", result.transcript)
        XCTAssertEqual(result.report, "Operation not permitted\nConnection refused\nread\nopenat", result.transcript)
    }

    // delete() says whether the key was there (the stdlib reference's `if (delete(@a, 2))` and
    // `$did_delete = delete(@a, 2)`); called on its own it warns about nothing.
    func testDeleteSaysWhetherTheKeyWasThere() throws {
        let result = try run("""
        BEGIN {
          @a[1] = 1; @a[3] = 3; @b[5, "x"] = 1;
          delete(@a, 1);
          if (delete(@a, 2)) { print(("never")); }
          $missing = delete(@a, 2);
          $present = delete(@a, 3);
          printf("%d %d %d\\n", $missing, $present, delete(@b, (5, "x")));
          print($present);
          exit();
        }
        """)
        XCTAssertEqual(result.stderr, "", result.transcript)
        XCTAssertEqual(result.report, "0 1 1\ntrue", result.transcript)
    }

    // -d plan lists programs and maps; -d verifier shows each program's verifier log (a successful
    // load's log ends with the verifier's "processed N insns" summary).
    func testDebugStagesPlanAndVerifier() throws {
        try Executables.requireRoot()
        let program = #"BEGIN { @[1, "a"] = count(); @h = hist(5); exit(); } tracepoint:syscalls:sys_enter_getppid { @r = 1 }"#
        let plan = try Swtrace.runToEnd(["-d", "plan", "--dry-run", "-e", program], timeout: 60)
        XCTAssertEqual(plan.status, 0, plan.transcript)
        XCTAssertEqual(plan.stderr, """
            program BEGIN_1 (rawTracepoint): BEGIN
              attach begin
            program tracepoint_syscalls_sys_enter_getppid_2 (tracepoint): tracepoint:syscalls:sys_enter_getppid
              attach tracepoint(category: "syscalls", name: "sys_enter_getppid")
            map @ [int64, string[2]] -> count_t per-cpu, at most 4096
            map @h [] -> hist_t per-cpu, at most 65
            map @r [] -> int64, at most 1

            """, plan.transcript)
        let verifier = try Swtrace.runToEnd(["-q", "-d", "verifier", "--dry-run", "-e", program], timeout: 60)
        XCTAssertEqual(verifier.status, 0, verifier.transcript)
        let lines = verifier.stderr.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.filter { $0.hasPrefix("libbpf: prog ") }, ["libbpf: prog 'BEGIN_1':", "libbpf: prog 'tracepoint_syscalls_sys_enter_getppid_2':"], verifier.transcript)
        XCTAssertEqual(lines.filter { $0.hasPrefix("processed ") && $0.contains(" insns (limit 1000000)") }.count, 2, verifier.transcript)
    }

    // As bpftrace, BEGIN runs before the other probes are attached: a probe that swtrace's own
    // attaching fires (bpf() link creation for the probes after it, as capable.bt sees through
    // cap_capable) never runs before BEGIN, and BEGIN's output comes first.
    func testBeginRunsBeforeTheOtherProbesAreAttached() throws {
        let result = try run("""
        BEGIN { @begun = 1; printf("begin\\n"); }
        tracepoint:syscalls:sys_enter_bpf { if (@begun == 0) { @early++; } }
        interval:ms:200 { exit(); }
        END { printf("early %d\\n", @early); clear(@early); clear(@begun); }
        """)
        XCTAssertEqual(result.stderr, "", result.transcript)
        XCTAssertEqual(result.report, "begin\nearly 0", result.transcript)
    }

    // find(@map, key, $value): the stdlib reference's example, a missing key leaving the variable
    // as it was, and a two-key map's element named by a tuple; a malformed call is refused.
    func testFindReadsAnElementIntoAVariable() throws {
        let result = try run("""
        BEGIN {
          @map[2] = (1, "hello");
          let $val;
          if (find(@map, 2, $val)) { print($val); }
          if (!find(@map, 3, $val)) { print(("missing")); }
          @pair[1, 3] = 7;
          let $x = 5;
          $ok = find(@pair, (1, 3), $x);
          $no = find(@pair, (1, 4), $x);
          printf("%d %d %d\\n", $ok, $no, $x);
          clear(@map); clear(@pair);
          exit();
        }
        """)
        XCTAssertEqual(result.stderr, "", result.transcript)
        XCTAssertEqual(result.report, "(1, hello)\nmissing\n1 0 7", result.transcript)

        let bad = try Swtrace.runToEnd(["-e", "BEGIN { @a[1] = 1; if (find(@a, 1)) { } }"], timeout: 60)
        XCTAssertEqual(bad.status, 1, bad.transcript)
        XCTAssertEqual(bad.stderr, """
            stdin:1:24-35: ERROR: find() expects a map, a key and a variable for the value
            BEGIN { @a[1] = 1; if (find(@a, 1)) { } }
                                   ~~~~~~~~~~~
            HINT: e.g. let $v; if (find(@m, 1, $v)) { print($v); }

            """, bad.transcript)
    }

    // Newer bpftrace's compile-time type questions: answered from the checked type, with the
    // argument left unevaluated (a map read or call in it changes nothing).
    func testTypePredicates() throws {
        let result = try run("""
        BEGIN {
          $small = (uint8)1;
          printf("%d %d %d %d %d %d\\n", is_array(curtask->signal->rlim), is_integer(pid), is_literal(1),
                 is_ptr(curtask), is_str(comm), is_unsigned_integer(pid));
          printf("%d %d %d %d %d %d\\n", is_array(comm), is_integer(comm), is_literal($small),
                 is_ptr(pid), is_str(1), is_unsigned_integer(-1));
          print(is_literal(-5));
          print(is_integer(@never[1]++));
          print(len(@never));
          exit();
        }
        """)
        XCTAssertEqual(result.stderr, "", result.transcript)
        XCTAssertEqual(result.report, "1 1 1 1 1 1\n0 0 0 0 0 0\ntrue\ntrue\n0", result.transcript)
    }

    // assert(condition, message) as bpftrace's stdlib defines it: a false condition reports
    // "assert failed: MESSAGE" at the call and ends the run with exit code 1.
    func testAssert() throws {
        try Executables.requireRoot()
        let program = #"BEGIN { assert(1 == 1, "fine"); printf("after\n"); $x = 3; assert($x < 2, "x too big"); printf("never\n"); }"#
        let result = try Swtrace.runToEnd(["-q", "-e", program], timeout: 60)
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertEqual(result.report, "after", result.transcript)
        XCTAssertEqual(result.stderr, "stdin:1:60-87: ERROR: assert failed: x too big\n", result.transcript)
    }

    // default_str_length: the string size in force, known when compiling.
    func testDefaultStringLength() throws {
        let result = try run(#"config = { max_strlen = 100 } BEGIN { printf("%d %d\n", default_str_length, default_str_length * 2); exit(); }"#)
        XCTAssertEqual(result.stderr, "", result.transcript)
        XCTAssertEqual(result.report, "100 200", result.transcript)
    }

    // memcmp(left, right, count): the first differing bytes' difference, or 0, over `count` bytes
    // of strings, tuples or records; a count not known when compiling is refused.
    func testMemcmp() throws {
        let result = try run("""
        BEGIN {
          printf("%d %d %d %d\\n", memcmp("abc", "abd", 3), memcmp("abc", "abd", 2), memcmp("b", "a", 1), memcmp(comm, comm, 16));
          $t = (1, 2); $u = (1, 3);
          printf("%d %d\\n", memcmp($t, $u, 8), memcmp($t, $u, 16));
          exit();
        }
        """)
        XCTAssertEqual(result.stderr, "", result.transcript)
        XCTAssertEqual(result.report, "-1 0 1 0\n0 -1", result.transcript)

        let bad = try Swtrace.runToEnd(["-e", #"BEGIN { $n = 3; printf("%d\n", memcmp("a", "b", $n)); }"#], timeout: 60)
        XCTAssertEqual(bad.status, 1, bad.transcript)
        XCTAssertEqual(bad.stderr, """
            stdin:1:49-51: ERROR: memcmp(): the count must be a literal
            BEGIN { $n = 3; printf("%d\\n", memcmp("a", "b", $n)); }
                                                            ~~

            """, bad.transcript)
    }

    // fail() (the stdlib reference's example) reports its message only where reached: the branch
    // of `if ($1 < 2)` is ruled in or out when compiling; static_assert needs a known condition.
    func testFailAndStaticAssert() throws {
        try Executables.requireRoot()
        let program = #"BEGIN { if ($1 < 2) { fail("Expected the first positional param to be greater than 1. Got %d", $1); } printf("ok %d\n", $1); exit(); }"#
        let passing = try Swtrace.runToEnd(["-q", "-e", program, "5"], timeout: 60)
        XCTAssertEqual(passing.status, 0, passing.transcript)
        XCTAssertEqual(passing.report, "ok 5", passing.transcript)
        let failing = try Swtrace.runToEnd(["-q", "-e", program, "1"], timeout: 60)
        XCTAssertEqual(failing.status, 1, failing.transcript)
        XCTAssertEqual(failing.stdout, "", failing.transcript)
        let underline = String(repeating: " ", count: 22) + String(repeating: "~", count: 76)
        XCTAssertEqual(failing.stderr, "stdin:1:23-99: ERROR: Expected the first positional param to be greater than 1. Got 1\n"
                       + program + "\n" + underline + "\n", failing.transcript)

        let asserted = try Swtrace.runToEnd(["-q", "-e", #"BEGIN { static_assert(1 + 1 == 2, "math"); static_assert($# > 0, "give me an argument"); exit(); }"#],
                                            timeout: 60)
        XCTAssertEqual(asserted.status, 1, asserted.transcript)
        XCTAssertEqual(asserted.stderr.split(separator: "\n").first.map(String.init),
                       "stdin:1:44-88: ERROR: give me an argument", asserted.transcript)
    }
}
