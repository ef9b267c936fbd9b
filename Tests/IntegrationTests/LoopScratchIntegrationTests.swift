// Loop bodies (callbacks of bpf_loop and bpf_for_each_map_elem) that build long strings,
// tuples and keys: their values live in the program's per-CPU scratch memory next to the
// probe's own, and neither overwrites the other. Each program opens or execs something of its
// own and checks every line printed.
import XCTest

final class LoopScratchIntegrationTests: XCTestCase {
    /// A path no other process opens, longer than the 64 bytes of a default string.
    private func longPath() -> String {
        "/tmp/" + uniqueName("loopscratch", length: 24) + "/" + String(repeating: "long-directory-name/", count: 8) + "file"
    }

    private func run(_ program: String, opening path: String, comm: String) throws -> TraceResult {
        try Executables.requireRoot()
        let workload = try Workload(["open", path], comm: comm)
        let result = try Swtrace.runToEnd(["-e", program], during: workload, timeout: 60)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertFalse(result.crashed, result.transcript)
        return result
    }

    // A map loop around a range loop, each iteration building a tuple of a 512-byte string and
    // using it as a map key; the probe's own string variable is read in the inner body and
    // replaced in the outer one.
    func testNestedLoopBodiesBuildLongStringKeysAndTuples() throws {
        let path = longPath(), comm = uniqueName("lsn")
        let result = try run("""
            config = { max_strlen = 512 }
            tracepoint:syscalls:sys_enter_openat /comm == "\(comm)"/ {
              @x[7] = 1;
              $outer = str(args.filename);
              for ($kv : @x) {
                for ($i : 0..2) {
                  $s = str(args.filename);
                  $t = ($s, $kv.0, $i, comm);
                  @m[$s, $kv.0, $i] = $t;
                  printf("%s %d %d %s %s\\n", $s, $kv.0, $i, $t.3, $outer);
                }
                $outer = "changed";
              }
              printf("after %s\\n", $outer);
              exit();
            }
            """, opening: path, comm: comm)
        XCTAssertEqual(result.report, """
            \(path) 7 0 \(comm) \(path)
            \(path) 7 1 \(comm) \(path)
            after changed


            @m[\(path), 7, 0]: (\(path), 7, 0, \(comm))
            @m[\(path), 7, 1]: (\(path), 7, 1, \(comm))
            @x[7]: 1
            """, result.transcript)
    }

    // Seven long strings of the probe (in scratch memory) stay as they were while the loop
    // bodies fill their own strings and tuples; one of them is reassigned in a body.
    func testProbeValuesSurviveTheLoopBodies() throws {
        let path = longPath(), comm = uniqueName("lss")
        let result = try run("""
            config = { max_strlen = 256 }
            tracepoint:syscalls:sys_enter_openat /comm == "\(comm)"/ {
              $a = str(args.filename); $b = str(args.filename, 6); $c = str(args.filename, 7); $d = str(args.filename, 8);
              $e = str(args.filename, 9); $f = str(args.filename, 10); $g = str(args.filename, 11);
              for ($i : 0..3) {
                $a = str(args.filename, $i + 2);
                for ($j : 0..2) {
                  $x = ($a, $j, $b, str(args.filename));
                  printf("%s|%d|%s|%s\\n", $x.0, $x.1, $x.2, $x.3);
                }
              }
              printf("%s %s %s %s %s %s %s\\n", $a, $b, $c, $d, $e, $f, $g);
              exit();
            }
            """, opening: path, comm: comm)
        XCTAssertEqual(result.report, """
            /|0|/tmp/|\(path)
            /|1|/tmp/|\(path)
            /t|0|/tmp/|\(path)
            /t|1|/tmp/|\(path)
            /tm|0|/tmp/|\(path)
            /tm|1|/tmp/|\(path)
            /tm /tmp/ /tmp/l /tmp/lo /tmp/loo /tmp/loop /tmp/loops
            """, result.transcript)
    }

    // Nested map loops over 512-byte string keys and tuple values (1048-byte elements), and a
    // map loop in END.
    func testNestedMapLoopsOverLongStringElements() throws {
        let path = longPath(), comm = uniqueName("lsm")
        let result = try run("""
            config = { max_strlen = 512 }
            tracepoint:syscalls:sys_enter_openat /comm == "\(comm)"/ {
              @paths[str(args.filename)] = count();
              @last[str(args.filename), comm] = (str(args.filename), 7);
              for ($kv : @paths) {
                printf("%s %d\\n", $kv.0, $kv.1);
                for ($kw : @last) { printf("%s %s %s %d\\n", $kw.0.0, $kw.0.1, $kw.1.0, $kw.1.1); }
              }
              exit();
            }
            END { for ($kv : @paths) { $t = ($kv.0, $kv.1); printf("end %s %d\\n", $t.0, $t.1); } clear(@last); }
            """, opening: path, comm: comm)
        XCTAssertEqual(result.report, """
            \(path) 1
            \(path) \(comm) \(path) 7
            end \(path) 1


            @paths[\(path)]: 1
            """, result.transcript)
    }

    // BEGIN: a range loop inside a map loop builds a 328-byte tuple of comms each iteration and
    // keys a map with part of it (the callback's own stack held 512 bytes in all).
    func testBeginLoopBodiesBuildLargeTuples() throws {
        try Executables.requireRoot()
        let comms = Array(repeating: "comm", count: 20).joined(separator: ", ")
        let result = try Swtrace.runToEnd(["-e", """
            BEGIN {
              @m[1] = 1;
              for ($kv : @m) {
                for ($i : 0..2) { $t = (\(comms), $i); @w[$i, $t.3] = $t; printf("%d %s %s %d\\n", $t.20, $t.0, $t.19, $kv.0); }
              }
              clear(@w); clear(@m); exit();
            }
            """], timeout: 60)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "0 swtrace swtrace 1\n1 swtrace swtrace 1", result.transcript)
    }

    // join() and buf() in both kinds of loop body, with 256-byte strings in tuples, on execve
    // of a child with known arguments.
    func testJoinAndBufInsideLoopBodies() throws {
        try Executables.requireRoot()
        let result = try Swtrace.runToEnd(["-e", """
            config = { max_strlen = 256 }
            tracepoint:syscalls:sys_enter_execve /pid == cpid/ {
              for ($i : 0..2) {
                join(args.argv, ",");
                $s = str(args.filename); $b = buf(args.filename, 9); $t = ($s, $b, $i);
                printf("%d %s %r %s\\n", $t.2, $t.0, $t.1, $s);
              }
              @x[5] = 1;
              for ($kv : @x) { join(args.argv); $u = (str(args.filename), buf(args.filename, 5)); printf("%d %r %s\\n", $kv.0, $u.1, $u.0); }
              clear(@x);
            }
            """, "-c", "/bin/true one two"], timeout: 60)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, """
            /bin/true,one,two
            0 /bin/true /bin/true /bin/true
            /bin/true,one,two
            1 /bin/true /bin/true /bin/true
            /bin/true one two
            5 /bin/ /bin/true
            """, result.transcript)
    }
}
