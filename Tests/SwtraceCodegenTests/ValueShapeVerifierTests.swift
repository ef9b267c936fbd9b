// Programs of the value shapes through the kernel verifier: hist(n, k) for every k from a
// tracepoint's unknown values, bools, pointers and named tuples in maps, tuples resized field
// by field; the map sizes hist(n, k) needs.
import XCTest
import SwtraceCore
@testable import SwtraceCodegen

final class ValueShapeVerifierTests: XCTestCase {
    func testFineHistogramsOfUnknownValuesVerifyForEveryBits() throws {
        try ProgramCompiling.requireRoot()
        let histograms = (0...HistogramBuckets.maxBits).map { "@h\($0)[args.id] = hist(args.ret, \($0));" }.joined(separator: " ")
        try ProgramCompiling.verify("tracepoint:raw_syscalls:sys_exit { \(histograms) }")
    }

    func testBoolsPointersAndNamedTuplesVerify() throws {
        try ProgramCompiling.requireRoot()
        try ProgramCompiling.verify("""
            tracepoint:raw_syscalls:sys_exit {
              @b[args.ret < 0] = (bool)args.id; @p = (uint8 *)args.ret;
              @r[(id=args.id, neg=args.ret < 0)] = (s=comm, c=(int16)args.ret);
              $t = ("a", 1); $t = ("abcdefghijk", args.id); @t = $t;
            }
            """)
    }

    func testKeylessFineHistogramsHaveOneEntryPerBucket() {
        XCTAssertEqual(MapGlobals.keylessEntries(.aggregation(.log2Hist(bits: 2))), HistogramBuckets.log2Index(.max, bits: 2) + 1)
        XCTAssertEqual(HistogramBuckets.log2Index(.max, bits: 5), 1888)
    }

    /// capable.bt's BEGIN: two header printfs of strings and a table of 41 string values. In
    /// scratch memory, every temporary's address computed up front stayed live and LLVM spilled
    /// them past 512 bytes of stack; addresses are now computed where they are used.
    func testLongTablesOfStringsInOneProbeVerify() throws {
        try ProgramCompiling.requireRoot()
        let table = (0..<41).map { "@cap[\($0)] = \"CAP_NUMBER_\($0)\";" }.joined(separator: "\n")
        try ProgramCompiling.verify("""
            BEGIN {
              printf("Tracing cap_capable syscalls... Hit Ctrl-C to end.\\n");
              printf("%-9s %-6s %-6s %-16s %-4s %-20s AUDIT\\n", "TIME", "UID", "PID", "COMM", "CAP", "NAME");
              \(table)
            }
            """)
    }
}
