// The type system end to end on this host: user-space structs reached through system call
// arguments, pointers (address spaces, arithmetic, truthiness), integer widths, strings,
// buffers, tuples and arrays, each checked against values the test itself caused or knows.
import Foundation
import XCTest

final class TypeSystemIntegrationTests: XCTestCase {
    override func setUpWithError() throws {
        try Executables.requireRoot()
        try XCTSkipUnless(FileManager.default.fileExists(atPath: "/sys/kernel/btf/vmlinux"), "the kernel has no BTF")
    }

    // nanosleep(2)'s argument is a `struct __kernel_timespec *` into the caller's memory: the
    // chain reads user memory (bpftrace's address spaces) however it is reached: directly,
    // copied whole with `*`, through a variable, as a map key. curtask stays a kernel read.
    func testSyscallStructPointerArgumentReadsTheCallersTimespec() throws {
        let workload = try Workload(["sleep", "1250"])

        let result = try Swtrace.trace(program: """
            tracepoint:syscalls:sys_enter_nanosleep /pid == \(workload.pid)/ {
                $request = args.rqtp;
                $copy = *args.rqtp;
                printf("%d %d %d %d\\n", args.rqtp->tv_sec, args.rqtp->tv_nsec, sizeof(*args.rqtp), sizeof($copy));
                printf("%d %d %d\\n", $request->tv_nsec / 1000000, $copy.tv_sec, $copy.tv_nsec);
                @[args.rqtp->tv_sec, curtask->real_parent->tgid] = count();
            }
            """, during: workload)

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdoutLines, ["1 250000000 16 16", "250 1 250000000", "@[1, \(getpid())]: 1"],
                       result.transcript)
    }
}
