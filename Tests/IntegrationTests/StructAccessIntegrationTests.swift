// Kernel struct access through BTF on this host (bpftrace tutorial lesson 12 with tracepoints):
// `curtask` chains, casts to struct pointers, sizeof/offsetof, checked against the workload's
// real identity and against what bpftool reads from the same BTF.
import Foundation
import XCTest

final class StructAccessIntegrationTests: XCTestCase {
    override func setUpWithError() throws {
        try Executables.requireRoot()
        try XCTSkipUnless(FileManager.default.fileExists(atPath: "/sys/kernel/btf/vmlinux"), "the kernel has no BTF")
    }

    // One getppid() of the workload; every value read through curtask is compared with what
    // the kernel and the test know: its pid, its parent (this test process), its name, and
    // the executable's file name reached through mm->exe_file and a (struct path *) cast.
    // raw_syscalls (not syscalls:*) so that str() reads kernel memory; 110 is getppid on x86-64.
    func testCurtaskFieldsMatchTheWorkloadsIdentity() throws {
        #if !arch(x86_64)
        throw XCTSkip("the program filters on the x86-64 getppid number")
        #endif
        let workload = try Workload(["getppid", "1"])
        let layout = try BTFLayout.taskStruct()

        let result = try Swtrace.trace(program: """
            tracepoint:raw_syscalls:sys_enter /pid == \(workload.pid) && args.id == 110/ {
                printf("pid %d %d %d %d\\n", curtask->pid, pid, curtask->tgid, tid);
                printf("parent %d %d\\n", curtask->real_parent->tgid, curtask->parent->pid);
                printf("comm %s %s %c\\n", curtask->comm, comm, curtask->comm[1]);
                printf("exe %s\\n", str(curtask->mm->exe_file->f_path.dentry->d_name.name));
                $file = (uint64)curtask->mm->exe_file;
                printf("path %s\\n", str(((struct path *)($file + offsetof(struct file, f_path)))->dentry->d_name.name));
                printf("layout %d %d %d\\n", sizeof(struct task_struct), offsetof(struct task_struct, comm), sizeof(curtask->comm));
                printf("deref %d %d\\n", (*curtask).pid == curtask->pid, $file == (uint64)(*curtask->mm).exe_file);
            }
            """, during: workload)

        let exe = URL(fileURLWithPath: Executables.workload).lastPathComponent
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdoutLines, [
            "pid \(workload.pid) \(workload.pid) \(workload.pid) \(workload.pid)",
            "parent \(getpid()) \(getpid())",
            "comm \(Executables.workloadComm) \(Executables.workloadComm) w",
            "exe \(exe)",
            "path \(exe)",
            "layout \(layout.size) \(layout.commOffset) 16",
            "deref 1 1",
        ], result.transcript)
    }

    // Counting by a field two pointers away: the workload's 300 getppid() calls land under its
    // parent's (this test's) pid.
    func testMapKeyedByParentPidCountsExactly() throws {
        let workload = try Workload(["getppid", "300"])

        let result = try Swtrace.trace(program: """
            tracepoint:syscalls:sys_enter_getppid /pid == \(workload.pid)/ { @[curtask->real_parent->pid, curtask->comm] = count(); }
            """, during: workload)

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "@[\(getpid()), \(Executables.workloadComm)]: 300", result.transcript)
    }

    // Lesson 12 on a tracepoint whose argument is a kernel pointer: flock(1) takes and drops an
    // exclusive lock on a new file; `args.fl` (struct file_lock *) leads to that file's name,
    // the locking pid and inode, and the lock types (F_WRLCK 1, then F_UNLCK 2).
    func testTracepointStructPointerArgumentLeadsToTheLockedFile() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/flock"), "flock(1) is not installed")
        let name = uniqueName("swtrace-flock-", length: 30)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(name).path
        defer { try? FileManager.default.removeItem(atPath: path) }

        let result = try Swtrace.runToEnd(["-e", """
            tracepoint:filelock:flock_lock_inode /comm == "flock"/ {
                $lock = (struct file_lock *)args.fl;
                printf("%s %d %d %d %d\\n", str(args.fl->c.flc_file->f_path.dentry->d_name.name), $lock->c.flc_pid == pid,
                       args.fl->c.flc_file->f_inode->i_ino == args.i_ino, args.fl->c.flc_type, args.type);
            }
            """, "-c", "/usr/bin/flock \(path) true"])

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdoutLines, ["\(name) 1 1 1 1", "\(name) 1 1 2 2"], result.transcript)
    }

    // In a uprobe, curtask chains still read kernel memory (casts of arguments read user memory).
    // The probe tests' C target calls getppid() through libc twice; swtrace (-c) is its parent.
    func testCurtaskInAUprobeReadsTheKernel() throws {
        let target = try ProbeTargets.c

        let result = try Swtrace.runToEnd(["-e", """
            uprobe:libc:getppid /pid == cpid/ {
                printf("%d %d %s %s\\n", curtask->pid == tid, curtask->tgid == cpid, curtask->comm, curtask->real_parent->comm);
            }
            """, "-c", "\(target) 2"])

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdoutLines, ["1 1 target swtrace", "1 1 target swtrace"], result.transcript)
    }

    // Bitfields: task_struct's one-bit in_execve is set exactly while a process execs, and its
    // neighbours in the same word stay clear.
    func testBitfieldReadsOneDuringExec() throws {
        let result = try Swtrace.runToEnd(["-e", """
            tracepoint:sched:sched_process_exec /comm == "true"/ {
                printf("%d %d %s\\n", curtask->in_execve, curtask->sched_reset_on_fork, str(args.filename));
            }
            """, "-c", "/bin/true"])

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdoutLines, ["1 0 /bin/true"], result.transcript)
    }

    func testUnknownFieldAndStructAreErrorsWithTheNearestName() throws {
        let field = try Swtrace.runToEnd(["-e", "BEGIN { printf(\"%d\\n\", curtask->pdi); exit(); }"])
        XCTAssertNotEqual(field.status, 0, field.transcript)
        XCTAssertTrue(field.stderr.hasPrefix("""
            stdin:1:24-36: ERROR: Struct/union of type 'struct task_struct' does not contain a field named 'pdi'
            BEGIN { printf("%d\\n", curtask->pdi); exit(); }
                                   ~~~~~~~~~~~~
            HINT: did you mean 'pid'?

            """), field.transcript)

        let record = try Swtrace.runToEnd(["-e", "BEGIN { @ = sizeof(struct task_strcut); exit(); }"])
        XCTAssertNotEqual(record.status, 0, record.transcript)
        XCTAssertEqual(record.stderr, """
            stdin:1:20-38: ERROR: Unknown struct/union: 'struct task_strcut'
            BEGIN { @ = sizeof(struct task_strcut); exit(); }
                               ~~~~~~~~~~~~~~~~~~
            HINT: did you mean 'struct task_struct'?

            """, record.transcript)
    }
}

/// task_struct's size and the offset of `comm`, as bpftool reads them from the kernel's BTF.
struct BTFLayout {
    var size: Int
    var commOffset: Int

    static func taskStruct() throws -> BTFLayout {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bpftool", "btf", "dump", "file", "/sys/kernel/btf/vmlinux", "format", "raw"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { throw XCTSkip("bpftool is not installed") }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw XCTSkip("bpftool could not dump BTF") }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        // `[114] STRUCT 'task_struct' size=3264 vlen=248`, then one indented line per member.
        guard let start = lines.firstIndex(where: { $0.contains("] STRUCT 'task_struct' size=") }),
              let size = value(of: "size", in: lines[start]) else {
            throw HarnessError(description: "no task_struct in bpftool's BTF dump")
        }
        let members = lines[(start + 1)...].prefix { $0.hasPrefix("\t") }
        guard let comm = members.first(where: { $0.contains("'comm' ") }), let bits = value(of: "bits_offset", in: comm) else {
            throw HarnessError(description: "no task_struct.comm in bpftool's BTF dump")
        }
        return BTFLayout(size: size, commOffset: bits / 8)
    }

    private static func value(of key: String, in line: Substring) -> Int? {
        line.split(separator: " ").first { $0.hasPrefix(key + "=") }.flatMap { Int($0.dropFirst(key.count + 1)) }
    }
}
