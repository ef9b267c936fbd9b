// Behaviours found by running bpftrace's own runtime test programs (tests/runtime/*) through
// swtrace, each checked here with programs of our own against bpftrace's exact output.
import XCTest

final class RuntimeConformanceTests: XCTestCase {
    private func run(_ program: String, _ arguments: [String] = []) throws -> TraceResult {
        try Executables.requireRoot()
        let result = try Swtrace.runToEnd(["-e", program] + arguments, timeout: 60)
        XCTAssertFalse(result.crashed, result.transcript)
        return result
    }

    // bpftrace reads `$N` as strtoll/strtoull with base 0 do: hex, octal, signs, and values
    // past INT64_MAX keep their 64 bits; such a parameter also counts an unroll.
    func testPositionalParametersInEveryBase() throws {
        let result = try run("""
            BEGIN { printf("%lu %d %o %x %d\\n", $1, $2, $3, $4, $5); $n = 0; unroll($6) { $n += 10; } printf("%d\\n", $n); exit(); }
            """, ["--", "0xfffffffffffffffe", "-0x20", "0644", "0X1f", "010", "3"])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "18446744073709551614 -32 644 1f 8\n30")
    }

    // `kaddr(str($1))` names the symbol given on the command line, as a literal would.
    func testKaddrOfAPositionalParameter() throws {
        let result = try run("""
            BEGIN { printf("%d\\n", kaddr(str($1)) == kaddr("vfs_read")); exit(); }
            """, ["vfs_read"])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "1")
    }

    // A macro whose body ends in `;` has no value: calling it as a statement is not a
    // discarded value (bpftrace prints no warning).
    func testStatementMacroRunsWithoutWarning() throws {
        let result = try run("""
            macro add($x, $y) { $x += $y; } BEGIN { $v = 5; add($v, 4); add($v, 1); printf("%d\\n", $v); exit(); }
            """)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "10")
        XCTAssertEqual(result.stderr, "Attached 1 probe\n")
    }
}

extension RuntimeConformanceTests {
    // A program of only BEGIN and END probes ends once BEGIN has run (bpftrace >= 0.24): END
    // runs, the maps print, the status is 0, without exit() or a signal.
    func testBeginAndEndOnlyProgramEndsByItself() throws {
        let result = try run("""
            BEGIN { @n["x"] = 3; printf("begin\\n"); } END { printf("end %d\\n", (int64)@n["x"]); }
            """)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "begin\nend 3\n\n\n@n[x]: 3")
        let endOnly = try run(#"END { printf("only end\n"); }"#)
        XCTAssertEqual(endOnly.status, 0, endOnly.transcript)
        XCTAssertEqual(endOnly.report, "only end")
    }
}

extension RuntimeConformanceTests {
    // `-l` lists interval and profile probes by unit, and a program's counted events
    // (`hardware:cache-misses:10`, `i:s:1`) as their probe.
    func testListingTimersAndCountedEvents() throws {
        try Executables.requireRoot()
        let timers = try Swtrace.runToEnd(["-l", "i:*"], timeout: 60)
        XCTAssertEqual(timers.status, 0, timers.transcript)
        XCTAssertEqual(timers.stdout, "interval:hz:\ninterval:us:\ninterval:ms:\ninterval:s:\n")
        let profile = try Swtrace.runToEnd(["-l", "profile:m*"], timeout: 60)
        XCTAssertEqual(profile.stdout, "profile:ms:\n", profile.transcript)
        let program = try Swtrace.runToEnd(["-l", "-e", "hardware:cache-misses:10 { } i:ms:5 { } software:faults:100 { }"], timeout: 60)
        XCTAssertEqual(program.status, 0, program.transcript)
        XCTAssertEqual(program.stdout, "hardware:cache-misses:\ninterval:ms:\nsoftware:faults:\n")
    }

    // bpftrace's words for a program file that cannot be opened, and for `-l` of a name that
    // looks like a missing script.
    func testMissingProgramFileMessages() throws {
        try Executables.requireBuilt()
        let name = "/tmp/" + uniqueName("swtrace-missing-", length: 30) + ".bt"
        let run = try Swtrace.runToEnd([name], timeout: 60)
        XCTAssertEqual(run.status, 1, run.transcript)
        XCTAssertEqual(run.stderr, "ERROR: failed to open file '\(name)': No such file or directory\n")
        let directory = try Swtrace.runToEnd(["/tmp"], timeout: 60)
        XCTAssertEqual(directory.stderr, "ERROR: failed to open file '/tmp': Is a directory\n", directory.transcript)
        let listing = try Swtrace.runToEnd(["-l", name], timeout: 60)
        XCTAssertEqual(listing.stdout, "", listing.transcript)
        XCTAssertEqual(listing.stderr, "WARNING: It appears that '\(name)' is a filename but the file does not exist. "
                       + "Treating '\(name)' as a search pattern.\n")
    }

    // max_cat_bytes (config or BPFTRACE_MAX_CAT_BYTES) bounds what cat() prints.
    func testMaxCatBytesBoundsCat() throws {
        try Executables.requireRoot()
        let path = "/tmp/" + uniqueName("swtrace-cat-", length: 30)
        try "0123456789abcdef\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fromConfig = try run(#"config = { max_cat_bytes = 5 } BEGIN { cat("\#(path)"); printf("|\n"); exit(); }"#)
        XCTAssertEqual(fromConfig.report, "01234|")
        let fromEnvironment = try Swtrace.runToEnd(["-e", #"BEGIN { cat("\#(path)"); printf("|\n"); exit(); }"#],
                                                   environment: ["BPFTRACE_MAX_CAT_BYTES": "11"], timeout: 60)
        XCTAssertEqual(fromEnvironment.report, "0123456789a|", fromEnvironment.transcript)
    }

    // buf() of a value shorter than a literal length pads with zeros to that length.
    func testBufferOfShortLiteralIsZeroPadded() throws {
        let result = try run(#"BEGIN { printf("%rx\n", buf("hi", 5)); @[buf("ab", 4), 7] = 1; exit(); }"#)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "\\x68\\x69\\x00\\x00\\x00\n\n\n@[ab\\x00\\x00, 7]: 1")
    }
}

extension RuntimeConformanceTests {
    // count/sum/min/max/avg maps read as the total of every CPU's slot wherever a value goes
    // (tuples, map keys and values, arithmetic, comparisons), as bpftrace does with
    // bpf_map_lookup_percpu_elem.
    func testAggregationsReadAsValuesInsideProbes() throws {
        let result = try run("""
            BEGIN { @n = count(); @n = count(); @t = sum(-7); @lo = min(4); @hi = max(9); @m = avg(10); @m = avg(20);
              $total = (int64)@n + 1; @k[@n, @lo] = @hi; print((@n, @t, @lo, @hi, @m, $total));
              if (@m > 14) { printf("avg %d\\n", @m); } exit(); }
            """)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "(2, -7, 4, 9, 15, 3)\navg 15\n\n\n@hi: 9\n@k[2, 4]: 9\n@lo: 4\n@m: 15\n@n: 2\n@t: -7")
        XCTAssertEqual(result.stderr, "Attached 1 probe\n")
    }
}

extension RuntimeConformanceTests {
    // Buffers of different sizes meet in a ternary, a map value or a map key (bpftrace's
    // ternary_buf): the larger size holds both, each keeps its own length.
    func testBuffersOfDifferentSizesMerge() throws {
        let result = try run("""
            BEGIN { $a = pid > 0 ? buf("yes", 3) : buf("no", 2); $b = pid == 0 ? buf("yes", 3) : buf("no", 2);
              printf("%r %r\\n", $a, $b); @v = buf("x", 1); @v = buf("wide", 4); @k[buf("ab", 2)] = 1; @k[buf("abc", 3)] = 2; exit(); }
            """)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "yes no\n\n\n@k[ab]: 1\n@k[abc]: 2\n@v: wide")
    }

    // A numeric positional parameter is a literal where one is required (strncmp's length).
    func testPositionalParameterAsStrncmpLength() throws {
        let result = try run(#"BEGIN { printf("%d %d\n", strncmp("swtrace", "swift", $1), strncmp("swtrace", "swift", $2)); exit(); }"#,
                             ["2", "3"])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "0 1")
    }
}

extension RuntimeConformanceTests {
    // `--include HEADER` brings the header's constants as an `#include` line does.
    func testIncludeOptionReadsHeaderConstants() throws {
        try Executables.requireRoot()
        let result = try Swtrace.runToEnd(["--include", "errno.h", "--include", "fcntl.h", "-e",
                                           #"BEGIN { printf("%s|%d|%d\n", strerror(ENOENT), EACCES, O_CREAT); exit(); }"#], timeout: 60)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "No such file or directory|13|64")
    }
}

extension RuntimeConformanceTests {
    // -k: deleting or reading an element a keyed map does not hold warns in bpftrace's words,
    // at the call; without -k both stay silent (the read is 0).
    func testMissingMapElementsWarnWithK() throws {
        let program = #"BEGIN { @m["a"] = 1; $gone = delete(@m, "b"); printf("%d %d\n", $gone, @m["c"] + 5); exit(); }"#
        let checked = try Swtrace.runToEnd(["-k", "-e", program], timeout: 60)
        XCTAssertEqual(checked.status, 0, checked.transcript)
        XCTAssertEqual(checked.report, "0 5\n\n\n@m[a]: 1")
        XCTAssertEqual(checked.stderr, """
            Attached 1 probe
            stdin:1:30-45: WARNING: Can't delete map element because it does not exist.
            Additional Info - helper: map_delete_elem, retcode: -2
            BEGIN { @m["a"] = 1; $gone = delete(@m, "b"); printf("%d %d\\n", $gone, @m["c"] + 5); exit(); }
                                         ~~~~~~~~~~~~~~~
            stdin:1:72-79: WARNING: Can't lookup map element because it does not exist.
            Additional Info - helper: map_lookup_elem, retcode: 0
            BEGIN { @m["a"] = 1; $gone = delete(@m, "b"); printf("%d %d\\n", $gone, @m["c"] + 5); exit(); }
                                                                                   ~~~~~~~

            """)
        let quiet = try run(program)
        XCTAssertEqual(quiet.report, "0 5\n\n\n@m[a]: 1")
        XCTAssertEqual(quiet.stderr, "Attached 1 probe\n")
    }
}

extension RuntimeConformanceTests {
    // system()'s output: JSON carries it as the command wrote it (bpftrace's
    // `{"type": "syscall", "data": "a b c\n"}`); text prints it ending in one newline.
    func testSystemOutputInJSONKeepsItsNewline() throws {
        try Executables.requireRoot()
        let program = #"BEGIN { system("echo one; printf two"); system("echo three"); exit(); }"#
        let json = try Swtrace.runToEnd(["--unsafe", "-q", "-f", "json", "-e", program], timeout: 60)
        XCTAssertEqual(json.status, 0, json.transcript)
        XCTAssertEqual(json.stdout, """
            {"type": "syscall", "data": "one\\ntwo"}
            {"type": "syscall", "data": "three\\n"}

            """)
        let text = try Swtrace.runToEnd(["--unsafe", "-e", program], timeout: 60)
        XCTAssertEqual(text.report, "one\ntwo\nthree", text.transcript)
    }
}

extension RuntimeConformanceTests {
    // With -k and JSON output, a failing helper is a `helper_error` record in the output stream.
    func testHelperErrorsAreJSONRecords() throws {
        try Executables.requireRoot()
        let result = try Swtrace.runToEnd(["-k", "-q", "-f", "json", "-e",
                                           #"BEGIN { @m[1] = 1; delete(@m, 2); exit(); }"#], timeout: 60)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdout, """
            {"type": "helper_error", "msg": "Can't delete map element because it does not exist.", "helper": "map_delete_elem", "retcode": -2, "filename": "stdin", "line": 1, "col": 20}
            {"type": "map", "data": {"@m": {"1": 1}}}

            """)
    }
}

extension RuntimeConformanceTests {
    // Struct definitions may define member types in place, named or anonymous.
    func testStructMembersDefinedInPlace() throws {
        let result = try run("""
            struct Outer { int m; struct Inner { int x; long y; } in; struct { char c; short s; } anon; int n; }
            BEGIN { printf("%d %d %d %d %d\\n", sizeof(struct Outer), sizeof(struct Inner), offsetof(struct Outer, in.y),
                           offsetof(struct Outer, anon.s), offsetof(struct Outer, n)); exit(); }
            """)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "32 16 16 26 28")
    }
}

extension RuntimeConformanceTests {
    // uprobe attach points outside any function are refused in bpftrace's words instead of
    // attaching to ELF headers (an address) or failing in the kernel (symbol+offset).
    func testUprobeOutsideFunctionsIsRefused() throws {
        try Executables.requireRoot()
        let address = try Swtrace.runToEnd(["-e", "uprobe:\(Executables.workload):0x10 { exit(); }"], timeout: 60)
        XCTAssertEqual(address.status, 1, address.transcript)
        XCTAssertEqual(address.stderr, "ERROR: failed to attach probe uprobe:\(Executables.workload):0x10: "
                       + "Could not resolve address: \(Executables.workload):0x10\n")
        let offset = try Swtrace.runToEnd(["-e", "uprobe:libc:getpid+4096 { exit(); }"], timeout: 60)
        XCTAssertEqual(offset.status, 1, offset.transcript)
        XCTAssertTrue(offset.stderr.contains(":getpid+4096: Offset outside the function bounds ('getpid' size is "), offset.transcript)
    }
}

extension RuntimeConformanceTests {
    // usermode is 1 in BEGIN and END, which run on the tracer's behalf (bpftrace runs them
    // from its own process).
    func testUsermodeInBeginAndEnd() throws {
        let result = try run(#"BEGIN { printf("%d ", usermode); } END { printf("%d|", usermode); } BEGIN, END { printf("%d;", usermode); }"#)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "1 1;1|1;")
    }
}

extension RuntimeConformanceTests {
    // x / 0 and x % 0 are 1 with bpftrace's run-time warning at the operation (bpftrace >= 0.24);
    // a constant divisor needs no check.
    func testDivisionByZeroIsOneWithAWarning() throws {
        let result = try run(#"BEGIN { $z = 0; printf("%d %d %d\n", 17 / $z, -17 % $z, 17 % 5); exit(); }"#)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "1 1 2")
        XCTAssertEqual(result.stderr, """
            Attached 1 probe
            stdin:1:38-45: WARNING: Divide or modulo by 0 detected. This can lead to unexpected results. 1 is being used as the result.
            BEGIN { $z = 0; printf("%d %d %d\\n", 17 / $z, -17 % $z, 17 % 5); exit(); }
                                                 ~~~~~~~
            stdin:1:47-55: WARNING: Divide or modulo by 0 detected. This can lead to unexpected results. 1 is being used as the result.
            BEGIN { $z = 0; printf("%d %d %d\\n", 17 / $z, -17 % $z, 17 % 5); exit(); }
                                                          ~~~~~~~~

            """)
    }
}

extension RuntimeConformanceTests {
    // config: `license` must be GPL-compatible (bpftrace's refusal, word for word);
    // `on_stack_limit` is accepted (swtrace places values itself).
    func testLicenseAndOnStackLimitConfig() throws {
        let accepted = try run(#"config = { license = "Dual MIT/GPL"; on_stack_limit = 0 } BEGIN { @k[1] = 1; print(len(@k)); exit(); }"#)
        XCTAssertEqual(accepted.status, 0, accepted.transcript)
        XCTAssertEqual(accepted.report, "1\n\n\n@k[1]: 1")
        let refused = try run(#"config = { license = "Proprietary" } BEGIN { exit(); }"#)
        XCTAssertEqual(refused.status, 1, refused.transcript)
        XCTAssertEqual(refused.stderr, """
            stdin:1:22-35: ERROR: Your bpftrace program cannot load because you are using a license that is non-GPL compatible. License: Proprietary
            config = { license = "Proprietary" } BEGIN { exit(); }
                                 ~~~~~~~~~~~~~

            """)
    }
}
