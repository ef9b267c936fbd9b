// The tutorial one-liners of the seed document (lessons 1-7) parse to the expected structure.

import XCTest
@testable import SwtraceCore

final class ParserSeedTests: XCTestCase {
    func testHelloWorld() {
        XCTAssertEqual(dump(#"BEGIN { printf("hello world\n"); }"#), #"BEGIN { printf("hello world\n") }"#)
    }

    func testOpenatWithFilename() {
        let program = parseOK(#"tracepoint:syscalls:sys_enter_openat { printf("%s %s\n", comm, str(args.filename)); }"#)
        XCTAssertEqual(program.map(Dump.program),
                       #"tracepoint:syscalls:sys_enter_openat { printf("%s %s\n", comm, str((. args filename))) }"#)
        let ap = program?.probes.first?.attachPoints.first
        XCTAssertEqual(ap?.parts, ["tracepoint", "syscalls", "sys_enter_openat"])
        XCTAssertEqual(ap?.provider, "tracepoint")
        XCTAssertEqual(ap?.range, SourceRange(0, 36))
    }

    func testSyscallCountByComm() {
        XCTAssertEqual(dump("tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }"),
                       "tracepoint:raw_syscalls:sys_enter { (= @[comm] count()) }")
    }

    func testReadSizeHistogramWithPidFilter() {
        XCTAssertEqual(dump("tracepoint:syscalls:sys_exit_read /pid == 18644/ { @bytes = hist(args.ret); }"),
                       "tracepoint:syscalls:sys_exit_read /(== pid 18644)/ { (= @bytes hist((. args ret))) }")
    }

    func testKretprobeLinearHistogram() {
        XCTAssertEqual(dump("kretprobe:vfs_read { @bytes = lhist(retval, 0, 2000, 200); }"),
                       "kretprobe:vfs_read { (= @bytes lhist(retval, 0, 2000, 200)) }")
    }

    func testReadLatencyTwoProbes() {
        let text = "kprobe:vfs_read { @start[tid] = nsecs; } kretprobe:vfs_read /@start[tid]/ { @ns[comm] = hist(nsecs - @start[tid]); delete(@start[tid]); }"
        XCTAssertEqual(dump(text), """
            kprobe:vfs_read { (= @start[tid] nsecs) }
            kretprobe:vfs_read /@start[tid]/ { (= @ns[comm] hist((- nsecs @start[tid]))); delete(@start[tid]) }
            """)
    }

    func testExpressionIdsAreUniqueAndDense() throws {
        let text = "kprobe:vfs_read { @start[tid] = nsecs; } kretprobe:vfs_read /@start[tid]/ { @ns[comm] = hist(nsecs - @start[tid]); delete(@start[tid]); }"
        let program = try XCTUnwrap(parseOK(text))
        var ids: [Int] = []
        func visit(_ e: Expr) {
            ids.append(e.id)
            switch e.kind {
            case .map(_, let keys): keys.forEach(visit)
            case .call(_, let args): args.forEach(visit)
            case .binary(_, let l, let r): visit(l); visit(r)
            default: break
            }
        }
        for probe in program.probes {
            probe.predicate.map(visit)
            for s in probe.body.statements {
                switch s.kind {
                case .assign(let t, _, let v): visit(t); visit(v)
                case .expression(let e): visit(e)
                default: break
                }
            }
        }
        XCTAssertEqual(ids.sorted(), Array(0..<ids.count))
    }
}
