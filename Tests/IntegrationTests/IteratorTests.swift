// iter:task, iter:task_file and iter:task_vma run for real: each visits a waiting workload's
// threads, open files and memory areas, and the output must match what /proc says about it.
import Foundation
import XCTest

final class IteratorTests: XCTestCase {
    private func requireIterators() throws {
        try Executables.requireRoot()
        try XCTSkipUnless(FileManager.default.fileExists(atPath: "/sys/kernel/btf/vmlinux"), "BPF iterators need kernel BTF")
    }

    /// A /proc file, read to its end (they report size 0, so read in a loop, not by size).
    private func text(_ path: String) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .newlines)
    }

    /// One line per thread of the workload, `comm:tid`, with both the `->` and `.` spellings,
    /// after BEGIN's output; the run ends by itself once the iterator is done, then END runs.
    func testTaskIteratorVisitsEveryThread() throws {
        try requireIterators()
        let workload = try Workload(["getppid", "1"])
        let tids = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(workload.pid)/task").compactMap(Int32.init).sorted()
        let expected = tids.map { "\(text("/proc/\(workload.pid)/task/\($0)/comm")):\($0)" }

        let result = try Swtrace.runToEnd(["-e", """
            BEGIN { printf("COMM:TID\\n"); }
            iter:task /ctx->task->tgid == \(workload.pid)/ { printf("%s:%d\\n", ctx->task->comm, ctx.task.pid); }
            END { printf("done\\n"); }
            """], timeout: 60)

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stderr, "Attached 3 probes\n", result.transcript)
        XCTAssertEqual(result.stdoutLines, ["COMM:TID"] + expected + ["done"], result.transcript)
        try workload.release()
    }

    /// Every open descriptor, in order, with the name of the file's dentry (the last part of
    /// its path) for files that have a path; /dev/zero is the descriptor the read step opened.
    func testTaskFileIteratorVisitsEveryOpenFile() throws {
        try requireIterators()
        let workload = try Workload(["read", "1", "1"])
        let directory = "/proc/\(workload.pid)/fd"
        let fds = try FileManager.default.contentsOfDirectory(atPath: directory).compactMap(Int.init).sorted()
        let expected = try fds.map { fd -> String in
            var target = try FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/\(fd)")
            if target.hasSuffix(" (deleted)") { target = String(target.dropLast(" (deleted)".count)) }
            return target.hasPrefix("/") ? "\(fd) \((target as NSString).lastPathComponent)" : "\(fd) ?"
        }

        let result = try Swtrace.runToEnd(["-q", "-e", """
            iter:task_file /ctx->task->pid == \(workload.pid)/ { printf("%d %s\\n", ctx->fd, str(ctx->file->f_path.dentry->d_name.name)); }
            """], timeout: 60)

        XCTAssertEqual(result.status, 0, result.transcript)
        // Pipes and sockets have no path; only their descriptor is compared.
        let lines = result.stdoutLines.enumerated().map { index, line in
            index < expected.count && expected[index].hasSuffix(" ?") ? String(line.prefix { $0 != " " }) + " ?" : line
        }
        XCTAssertEqual(lines, expected, result.transcript)
        XCTAssertTrue(lines.contains { $0.hasSuffix(" zero") }, result.transcript)
        try workload.release()
    }

    /// Every memory area, as /proc/PID/maps lists them (without [vsyscall], which is no VMA).
    func testTaskVmaIteratorVisitsEveryMemoryArea() throws {
        try requireIterators()
        let workload = try Workload(["getppid", "1"])
        let expected = text("/proc/\(workload.pid)/maps").split(separator: "\n")
            .filter { !$0.hasSuffix("[vsyscall]") }
            .map { String($0.prefix { $0 != " " }) }

        let result = try Swtrace.runToEnd(["-q", "-e", """
            iter:task_vma /ctx->task->pid == \(workload.pid)/ { printf("%lx-%lx\\n", ctx->vma->vm_start, ctx->vma->vm_end); }
            """], timeout: 60)

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdoutLines, expected, result.transcript)
        try workload.release()
    }

    func testIteratorListingAndErrors() throws {
        try requireIterators()
        let listing = try Swtrace.runToEnd(["-lv", "iter:task*"], timeout: 30)
        XCTAssertEqual(listing.stdout, """
            iter:task
                struct task_struct * task
            iter:task_file
                struct task_struct * task
                u32 fd
                struct file * file
            iter:task_vma
                struct task_struct * task
                struct vm_area_struct * vma

            """, listing.transcript)

        let result = try Swtrace.runToEnd(["-e", "iter:nope {} iter:task* {} it:task,it:task_vma {} BEGIN { @ = ctx; }"])
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertEqual(result.stderrLines.filter { $0.contains("ERROR") }, [
            "stdin:1:1-10: ERROR: iter nope not available for your kernel version.",
            "stdin:1:14-24: ERROR: Invalid attach point 'iter:task*': iter probe type does not support wildcards",
            "stdin:1:36-47: ERROR: Invalid attach point 'it:task_vma': Only single iter attach point is allowed.",
            "stdin:1:63-66: ERROR: The ctx builtin can not be used with 'BEGIN' probes",
        ], result.transcript)
    }
}
