// iter:task, iter:task_file and iter:task_vma run for real: each visits a waiting workload's
// threads, open files and memory areas, and the output must match what /proc says about it.
// Pinned iterators are pinned in /sys/fs/bpf and read here as any reader would, after swtrace
// has gone; each test removes its pins.
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

    // MARK: Pinned iterators

    /// A pin path of this test run in /sys/fs/bpf (bpffs names cannot hold '.'), removed at teardown.
    private func pinPath(_ label: String) -> String {
        let path = "/sys/fs/bpf/" + uniqueName("swtrace-test-\(label)-", length: 40)
        addTeardownBlock { unlink(path) }
        return path
    }

    /// Reading a pinned iterator's file runs the iterator: its text, as `cat` would read it.
    private func readPin(_ path: String) throws -> [String] {
        let handle = try XCTUnwrap(FileHandle(forReadingAtPath: path), "cannot open \(path)")
        defer { try? handle.close() }
        return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// bpf_d_path takes only pointers the kernel trusts: one read through another pointer is
    /// refused when compiling, in one diagnostic, instead of by the verifier's log at load.
    func testPathOfAPointerReadThroughAnotherIsOneClearError() throws {
        try requireIterators()
        let program = #"iter:task { printf("%s\n", path(ctx.task.fs.pwd)); }"#
        let result = try Swtrace.runToEnd(["-e", program], timeout: 60)
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertEqual(result.stdout, "", result.transcript)
        XCTAssertEqual(result.stderr, """
            stdin:1:33-44: ERROR: path() cannot take a pointer read through another pointer: the kernel's bpf_d_path \
            accepts only pointers the probe is handed (ctx.FIELD of an iterator, args.NAME or retval of fentry/fexit) \
            or a struct path inside one, e.g. path(ctx.file.f_path)
            \(program)
                                            ~~~~~~~~~~~

            """, result.transcript)
    }

    /// `iter:task:PIN` pins and ends at once, as bpftrace (its message on stdout, END and the
    /// map printing after it); every later read of the file visits the tasks alive then, with
    /// printf formatted by the kernel: this test process is there, and a workload started
    /// after the first read is in the second read only.
    func testPinnedTaskIteratorIsReadAfresh() throws {
        try requireIterators()
        let path = pinPath("task")
        let result = try Swtrace.runToEnd(["-e", """
            fn tag($pid: int64): void { printf("tagged %d\\n", $pid); }
            BEGIN { printf("begin\\n"); }
            iter:task:\(path) {
                printf("%s:%d %x|%-5s|%5d|é\\xff\\n", ctx->task->comm, ctx->task->pid, 255, "ab", -3);
                if (ctx->task->pid == \(getpid())) { tag(ctx->task->pid); }
            }
            END { printf("end\\n"); }
            """], timeout: 60)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stderr, "Attached 3 probes\n", result.transcript)
        XCTAssertEqual(result.stdout, "begin\nProgram pinned to \(path)\nend\n\n\n", result.transcript)

        let ownComm = text("/proc/self/comm")
        // The format's bytes reach the file as they are (é, and 0xff, which reads as U+FFFD).
        let ownLine = "\(ownComm):\(getpid()) ff|ab   |   -3|é\u{FFFD}"
        let first = try readPin(path)
        XCTAssertTrue(first.contains(ownLine), "\(ownLine) not in \(first)")
        // A user function's printf (inlined in the iterator) writes to the file too.
        XCTAssertEqual(first.firstIndex(of: "tagged \(getpid())"), first.firstIndex(of: ownLine).map { $0 + 1 }, "\(first)")
        XCTAssertEqual(first.count, Set(first).count, "one line per task (and one tag): \(first)")

        let comm = uniqueName("swpin")
        let workload = try Workload(["getppid", "1"], comm: comm)
        let workloadLine = "\(comm):\(workload.pid) ff|ab   |   -3|é\u{FFFD}"
        XCTAssertFalse(first.contains(workloadLine))
        let second = try readPin(path)
        XCTAssertTrue(second.contains(workloadLine), "\(workloadLine) not in \(second)")
        XCTAssertTrue(second.contains(ownLine))
        try workload.release()
    }

    /// language.md's task_file example, pinned by a bare name (a file in /sys/fs/bpf): a reader
    /// sees every open file of a workload started after swtrace ended, /dev/zero among them.
    func testPinnedTaskFileExampleOfTheLanguageDocumentation() throws {
        try requireIterators()
        let path = pinPath("files")
        let name = String(path.dropFirst("/sys/fs/bpf/".count))
        let result = try Swtrace.runToEnd(["-e", """
            iter:task_file:\(name) { printf("%s:%d %s\\n", ctx.task.comm, ctx.task.pid, path(ctx.file.f_path)); }
            """], timeout: 60)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdout, "Program pinned to \(path)\n\n\n", result.transcript)

        let comm = uniqueName("swpinf")
        let workload = try Workload(["read", "1", "1"], comm: comm)
        let directory = "/proc/\(workload.pid)/fd"
        let expected = try FileManager.default.contentsOfDirectory(atPath: directory).compactMap(Int.init).sorted().map {
            "\(comm):\(workload.pid) " + (try FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/\($0)"))
        }
        let lines = try readPin(path).filter { $0.hasPrefix("\(comm):\(workload.pid) ") }
        XCTAssertEqual(lines, expected)
        XCTAssertTrue(lines.contains("\(comm):\(workload.pid) /dev/zero"), "\(lines)")
        try workload.release()
    }

    /// The kernel formats a pinned iterator's printf as swtrace formats the same printf
    /// unpinned: widths, flags, lengths, signs and characters give the same text (with
    /// bpf_seq_printf's most arguments, 12).
    func testPinnedPrintfMatchesTheUnpinnedRun() throws {
        try requireIterators()
        let workload = try Workload(["getppid", "1"])
        let path = pinPath("vma")
        let body = """
            /ctx->task->pid == \(workload.pid)/ {
                printf("%lx-%lx %c|%5u|%-8x|%08d|%+d|% d|%X|%lld|%llu|%-18s|\\n", ctx->vma->vm_start, ctx->vma->vm_end, 65,
                       ctx->vma->vm_flags & 0xff, ctx->task->pid, -42, 7, 7, 0xabcdef, (int64)-1 << 40, (uint64)-1, ctx->task->comm);
            }
            """
        let unpinned = try Swtrace.runToEnd(["-q", "-e", "iter:task_vma \(body)"], timeout: 60)
        XCTAssertEqual(unpinned.status, 0, unpinned.transcript)
        let pinned = try Swtrace.runToEnd(["-q", "-e", "iter:task_vma:\(path) \(body)"], timeout: 60)
        XCTAssertEqual(pinned.status, 0, pinned.transcript)
        let lines = try readPin(path)
        XCTAssertEqual(lines, unpinned.stdoutLines)
        XCTAssertEqual(lines.count, text("/proc/\(workload.pid)/maps").split(separator: "\n").filter { !$0.hasSuffix("[vsyscall]") }.count)
        XCTAssertTrue(lines.allSatisfy { $0.hasSuffix("|-0000042|+7| 7|ABCDEF|-1099511627776|18446744073709551615|\(Executables.workloadComm)   |") },
                      "\(lines)")
        try workload.release()
    }

    /// Where no bpffs is mounted, swtrace mounts one at /sys/fs/bpf as systemd would (root only).
    /// Run in a mount namespace of its own without bpffs, whose bpffs (and pin) go with it.
    func testPinningMountsBpffsWhereNoneIs() throws {
        try requireIterators()
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare"), "needs unshare(1)")
        let program = #"iter:task:mounted /ctx->task->pid == 2/ { printf("%s:%d\n", ctx->task->comm, ctx->task->pid); }"#
        let script = """
            umount /sys/fs/bpf 2>/dev/null
            grep -c ' /sys/fs/bpf ' /proc/self/mounts
            '\(Executables.swtrace)' -q -e '\(program)' || exit
            cat /sys/fs/bpf/mounted
            grep ' /sys/fs/bpf ' /proc/self/mounts | cut -d' ' -f1-4
            """
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        shell.arguments = ["--mount", "--propagation", "private", "/bin/sh", "-c", script]
        let output = Pipe()
        shell.standardOutput = output
        shell.standardError = output
        try shell.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shell.waitUntilExit()
        XCTAssertEqual(shell.terminationStatus, 0, text)
        XCTAssertEqual(text, """
            0
            Program pinned to /sys/fs/bpf/mounted


            \(self.text("/proc/2/comm")):2
            bpf /sys/fs/bpf bpf rw,relatime,mode=700

            """)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/sys/fs/bpf/mounted"))
    }

    /// What stops a pin is one line, the run fails, and the pin already there keeps working,
    /// its map's count going on from read to read.
    func testPinningErrors() throws {
        try requireIterators()
        let path = pinPath("taken")
        let program = #"{ printf("%d\n", ctx->task->pid); }"#
        // The pin in the way is a counter of its own reads: its maps live on with it.
        let counter = "iter:task:\(path) /ctx->task->pid == \(getpid())/ { @reads = @reads + 1; printf(\"%d %d\\n\", ctx->task->pid, @reads); }"
        XCTAssertEqual(try Swtrace.runToEnd(["-q", "-e", counter], timeout: 60).status, 0)
        XCTAssertEqual(try readPin(path), ["\(getpid()) 1"])

        let outside = "/tmp/" + uniqueName("swtrace-test-pin-", length: 30)
        for (pin, reason) in [
            (path, "the file already exists"),
            (outside, "/tmp is not a BPF file system (bpffs); pin under /sys/fs/bpf"),
            ("/sys/fs/bpf/swtrace-test.dotted", "a name in a BPF file system cannot contain '.'"),
            ("/sys/fs/bpf/swtrace-test-no-such-directory/pin", "/sys/fs/bpf/swtrace-test-no-such-directory does not exist"),
        ] {
            let result = try Swtrace.runToEnd(["-q", "-e", "iter:task:\(pin) \(program)"], timeout: 60)
            XCTAssertEqual(result.status, 1, result.transcript)
            XCTAssertEqual(result.stdout, "", result.transcript)
            XCTAssertEqual(result.stderr, "ERROR: Failed to pin iter probe link to \(pin): \(reason)\n", result.transcript)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: outside))
        XCTAssertEqual(try readPin(path), ["\(getpid()) 2"])

        // printf of a pinned iterator is the kernel's to format: what it cannot is refused.
        let refused = try Swtrace.runToEnd(["-e", #"iter:task:\#(path) { printf("%r\n", buf(ctx->task->comm, 4)); }"#], timeout: 60)
        XCTAssertEqual(refused.status, 1, refused.transcript)
        XCTAssertEqual(refused.stderrLines.first, "stdin:1:\(path.count + 21)-\(path.count + 27): ERROR: printf: %r is not supported by bpf_seq_printf (use d, i, u, x, X, c, s or p)",
                       refused.transcript)
    }
}
