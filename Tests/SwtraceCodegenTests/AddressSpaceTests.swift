// Which helper reads a struct chain: bpf_probe_read_user (112) for memory of the traced process,
// bpf_probe_read_kernel (113) for the kernel's, decided by the chain's root (a syscall argument,
// curtask, a uprobe register, a variable or map holding one of those).
import XCTest
import SwtraceCore
import SwtraceRuntime

final class AddressSpaceTests: XCTestCase {
    override func setUpWithError() throws {
        try ProgramCompiling.requireRoot()
        guard BTFTypeCatalogue.vmlinux != nil else { throw XCTSkip("the kernel has no BTF") }
    }

    /// The probe-read helpers the program's IR calls: "user", "kernel" or both.
    private func readers(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> Set<String> {
        let ir = try ProgramCompiling.compile(text, catalogue: CompileOnlyKernelTypes()).ir
        var found: Set<String> = []
        if ir.contains("inttoptr (i64 112 to") { found.insert("user") }
        if ir.contains("inttoptr (i64 113 to") { found.insert("kernel") }
        return found
    }

    func testSyscallArgumentsAreUserMemoryAndCurtaskIsKernelMemory() throws {
        let enter = "tracepoint:syscalls:sys_enter_nanosleep"
        XCTAssertEqual(try readers("\(enter) { @ = args.rqtp->tv_sec; }"), ["user"])
        XCTAssertEqual(try readers("\(enter) { $r = args.rqtp; @ = $r->tv_nsec; }"), ["user"])
        XCTAssertEqual(try readers("\(enter) { @ = (args.rqtp + 1)->tv_sec; }"), ["user"])
        XCTAssertEqual(try readers("\(enter) { @ = curtask->real_parent->pid; }"), ["kernel"])
        XCTAssertEqual(try readers("\(enter) { $t = curtask; @ = $t->mm->map_count; }"), ["kernel"])
    }

    func testPointersSavedInMapsKeepTheSpaceOfWhatWasSaved() throws {
        XCTAssertEqual(try readers("""
            tracepoint:syscalls:sys_enter_nanosleep { @req[tid] = args.rqtp; }
            tracepoint:syscalls:sys_exit_nanosleep { @ns = ((struct __kernel_timespec *)@req[tid])->tv_nsec; }
            """), ["user"])
        XCTAssertEqual(try readers("""
            tracepoint:sched:sched_switch { @task[cpu] = (uint64)curtask; }
            tracepoint:syscalls:sys_exit_nanosleep { @pid = ((struct task_struct *)@task[cpu])->pid; }
            """), ["kernel"])
    }

    func testOtherTracepointsKprobesAndUprobes() throws {
        XCTAssertEqual(try readers("tracepoint:filelock:flock_lock_inode { @ = args.fl->c.flc_pid; }"), ["kernel"])
        XCTAssertEqual(try readers("kprobe:vfs_open { @ = ((struct path *)arg0)->dentry->d_flags; }"), ["kernel"])
        XCTAssertEqual(try readers("uprobe:libc:getppid { @ = ((struct path *)arg0)->dentry->d_flags; }"), ["user"])
        XCTAssertEqual(try readers("uprobe:libc:getppid { @ = curtask->pid; }"), ["kernel"])
    }
}
