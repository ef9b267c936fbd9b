// Language constructs through the kernel verifier: each program is compiled and loaded (not
// attached), so loops, map-loop callbacks, inlined functions and expanded macros are proven
// acceptable to the kernel, also in probes with a real context (tracepoint arguments).
import XCTest

final class LanguageVerifierTests: XCTestCase {
    override func setUpWithError() throws { try ProgramCompiling.requireRoot() }

    func testOperatorsIncrementsAndCompoundAssignments() throws {
        try ProgramCompiling.verify("""
        tracepoint:syscalls:sys_enter_read {
            $n = args.count;
            $x = $n / 3 + $n % 5 - (-$n / 7) * 2;
            $s = (int32)$n >> 2; $u = (uint16)$n << 3;
            $x += 1; $x -= 2; $x *= 3; $x /= 4; $x %= 5; $x &= 6; $x |= 7; $x ^= 8; $x <<= 1; $x >>= 1;
            $x++; ++$x; $x--; --$x;
            @count[comm]++; --@count[comm]; @total += $n; @total -= 1; @total *= 2; @total /= 2;
            @bits = $n > 10 ? (uint8)$n : (uint8)0;
            @t[pid, comm] = ($x, $s, $u, $n != 0 && !($n < 2) || ~$n == 0);
        }
        """)
    }

    // `let @m = kind(N);` makes maps of that BPF kind and size, which the kernel accepts with
    // the probe's updates (LRU kinds for plain values and for per-CPU aggregations).
    func testDeclaredMapKindsAndSizes() throws {
        let text = """
        config = { unstable_map_decl=enable }
        let @h = hash(5); let @l = lruhash(6); let @p = percpuhash(7); let @pl = percpulruhash(8);
        tracepoint:syscalls:sys_enter_read { @h[tid] = 1; @l[tid] = 2; @p[tid] = count(); @pl[comm] = sum(args.count); @other[tid] = 3; }
        """
        try ProgramCompiling.verify(text)
        let sizes = Dictionary(uniqueKeysWithValues: try ProgramCompiling.compile(text).plan.maps.map { ($0.name, $0.maxEntries) })
        XCTAssertEqual(sizes, ["@h": 5, "@l": 6, "@p": 7, "@pl": 8, "@other": 4096])
    }

    func testLoopsDeclarationsAndBlocks() throws {
        try ProgramCompiling.verify("""
        tracepoint:syscalls:sys_enter_read {
            let $limit: uint8 = 8;
            let $acc;
            $i = 0;
            while ($i < 100) { $i++; if ($i % 2 == 0) { continue; } if ($i > $limit) { break; } $acc += $i; }
            unroll(4) { $acc++; }
            for ($j : 0..16) { if ($j == args.fd) { break; } $acc += $j; }
            $v = { let $t = $acc * 2; $t + 1 };
            if ($v > 100) { return; } else if ($v > 50) { @big = $v; } else { @small = $v; }
        }
        """)
    }

    // The loop body runs in a callback: it must still reach the probe's variables and context.
    func testForOverMapsReachesVariablesAndContext() throws {
        try ProgramCompiling.verify("""
        tracepoint:syscalls:sys_enter_read { @bytes[tid] = args.count; @pair[pid, comm] = 1; }
        tracepoint:syscalls:sys_exit_read {
            $sum = 0; $seen = 0; $name = comm;
            for ($kv : @bytes) {
                if ($kv.0 == tid) { continue; }
                $sum += $kv.1 + args.ret;
                $seen++;
                if ($seen > 10) { break; }
                @copy[$kv.0] = $kv.1;
            }
            for ($kv : @pair) { printf("%d %s %d %s\\n", $kv.0.0, $kv.0.1, $kv.1, $name); }
            @result = ($sum, $seen);
        }
        """)
    }

    // A range known to be empty inside another loop's callback: no bpf_loop call at all (the
    // kernel's verifier fails on a nested bpf_loop of a known 0 iterations).
    func testEmptyRangesInsideLoops() throws {
        try ProgramCompiling.verify("""
        tracepoint:syscalls:sys_enter_read {
            @n[1] = 2;
            for ($kv : @n) { for ($j : 2..2) { @x = 1; } for ($k : 5..ncpus) { @agg[1] = lhist(5, 0, 100, 10); } }
            for ($i : 0..2) { for ($j : 3..1) { @y = 1; } }
        }
        """)
    }

    // Range loops run through bpf_loop, so bounds known only at run time are fine.
    func testRangeLoopsWithRuntimeBounds() throws {
        try ProgramCompiling.verify("""
        tracepoint:syscalls:sys_enter_read {
            $total = 0;
            for ($i : args.fd..args.count) { if ($i % 3 == 0) { continue; } $total += $i; if ($total > 1000) { break; } }
            for ($cpu : 0..ncpus) { for ($j : 0..$cpu) { @pairs[$cpu, $j] = $total; } }
        }
        """)
    }

    func testUserFunctionsAndMacros() throws {
        try ProgramCompiling.verify("""
        fn scale($v: uint64, $by: uint64): uint64 { if ($by == 0) { return $v; } return $v * $by; }
        fn is_big($v: int64): uint8 { return $v > 4096; }
        fn note($v: int64) { @notes[$v] = count(); }
        macro add_one(x) { x + 1 }
        macro record_size($size, @sizes) { @sizes[$size] = count(); $size++; }
        tracepoint:syscalls:sys_exit_read /args.ret > 0/ {
            $size = args.ret;
            @scaled = scale((uint64)$size, 2);
            if (is_big($size)) { note($size); }
            record_size($size, @sizes);
            @next = add_one(add_one($size));
        }
        """)
    }
}
