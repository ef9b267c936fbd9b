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
    // copied whole with `*`, through a variable, as a map key, and saved in a map at entry to be
    // read at the syscall's exit. curtask stays a kernel read, for str() too. Structs print
    // field by field and arrays in brackets, as bpftrace prints them.
    // raw_syscalls' `unsigned long args[6]` is an array of six 64-bit arguments (nanosleep's
    // second one is NULL here).
    func testSyscallStructPointerArgumentReadsTheCallersTimespec() throws {
        let workload = try Workload(["sleep", "1250"])
        #if arch(x86_64)
        let nanosleep = 35
        #else
        let nanosleep = 101
        #endif

        let result = try Swtrace.trace(program: """
            tracepoint:raw_syscalls:sys_enter /pid == \(workload.pid) && args.id == \(nanosleep)/ {
                printf("raw %d %d %d\\n", args.args[0] != 0, args.args[1], sizeof(args.args));
            }
            tracepoint:syscalls:sys_enter_nanosleep /pid == \(workload.pid)/ {
                $request = args.rqtp;
                $copy = *args.rqtp;
                printf("%d %d %d %d\\n", args.rqtp->tv_sec, args.rqtp->tv_nsec, sizeof(*args.rqtp), sizeof($copy));
                printf("%d %d %d\\n", $request->tv_nsec / 1000000, $copy.tv_sec, $copy.tv_nsec);
                @[args.rqtp->tv_sec, curtask->real_parent->tgid] = count();
                @request[tid] = args.rqtp;
                print(*args.rqtp);
                print((uint8[4])(uint32)0x04030201);
                printf("exe %s\\n", str(curtask->mm->exe_file->f_path.dentry->d_name.name));
            }
            tracepoint:syscalls:sys_exit_nanosleep /pid == \(workload.pid)/ {
                $saved = @request[tid];
                printf("exit %d %d\\n", ((struct __kernel_timespec *)@request[tid])->tv_nsec, ((struct __kernel_timespec *)$saved)->tv_sec);
                delete(@request[tid]);
            }
            """, during: workload)

        let exe = URL(fileURLWithPath: Executables.workload).lastPathComponent
        XCTAssertEqual(result.status, 0, result.transcript)
        // raw_syscalls:sys_enter and syscalls:sys_enter_nanosleep fire for the same call in either order.
        XCTAssertEqual(result.stdoutLines.sorted(), ["1 250000000 16 16", "250 1 250000000", "@[1, \(getpid())]: 1",
                                                    "[1,2,3,4]", "exe \(exe)", "exit 250000000 1", "raw 1 0 48",
                                                    "{ .tv_sec = 1, .tv_nsec = 250000000 }"],
                       result.transcript)
    }

    // Integer casts truncate then sign- or zero-extend exactly like bpftrace, in printf, map
    // keys and values; pointer arithmetic moves by whole elements; pointers are truth values;
    // tuples compare by value; strings honour str()'s length and max_strlen; buffers print as
    // text and as hex; kernel enum constants have their BTF values; integers and integer arrays
    // cast into each other.
    func testIntegersPointersStringsAndBuffersOnTheHost() throws {
        let result = try Swtrace.runToEnd(["-e", """
            config = { max_strlen = 6 }
            BEGIN {
              printf("%d %d %d %d %d %d %lu %d\\n", (int8)255, (uint16)70000, (int16)65535, (uint8)-1,
                     (int32)4294967295, (int8)-129, (uint64)(int8)-1, (int64)(uint8)200);
              print(((int8)-1, (uint16)70000, "s", curtask->comm, ((uint32)-1, (int64)(int8)200)));
              @small[(int8)-1, (uint16)70000] = (int16)-2;
              @wide = (uint32)-1;
              $p = (int32 *)curtask;
              printf("%d %d %d %d\\n", (uint64)($p + 1) - (uint64)$p, (uint64)(2 + $p) - (uint64)$p,
                     (uint64)$p - (uint64)($p - 3), (uint64)(curtask + 1) - (uint64)curtask == sizeof(struct task_struct));
              @task = curtask;
              $held = (curtask, 1);
              printf("%d %d\\n", @task->pid == curtask->pid, $held.0->tgid == curtask->tgid);
              delete(@task);
              let $task: struct task_struct * = curtask;
              let $load: struct load_weight = $task->se.load;
              printf("%d %d\\n", $task->tgid == curtask->tgid, $load.weight == curtask->se.load.weight);
              $q = $p; $q++; ++$q; $q--;
              printf("%d %d\\n", *((int32 *)curtask + offsetof(struct task_struct, pid) / 4) == curtask->pid, (uint64)$q - (uint64)$p);
              $bytes = (int8[8])12345;
              printf("%x %x %d %d\\n", $bytes[0], $bytes[1], (uint64)$bytes, (uint32)(uint8[])(uint32)0xdeadbeef == 0xdeadbeef);
              printf("%d %d %d\\n", BPF_MAP_TYPE_HASH, TASK_COMM_LEN == sizeof(curtask->comm), sizeof(BTF_VAR_STATIC));
              $pair = (1, "abc");
              printf("%d %d %d %d\\n", $pair == (1, "abc"), $pair != (1, "abd"), ((int8)-1, $pair) == (-1, (1, "abc")),
                     (curtask->pid, curtask->comm) == (pid, comm));
              printf("%d %d\\n", curtask->cpus_mask.bits == curtask->cpus_mask.bits, curtask->cpus_mask.bits != curtask->cpus_mask.bits);
              printf("%d %d %d %d\\n", curtask ? 1 : 2, (curtask && 0) ? 1 : 2, (curtask || 0) ? 1 : 2, !curtask);
              printf("%s|%s|%s|%d\\n", str(curtask->comm), str(curtask->comm, 3), curtask->comm, sizeof(str(curtask->comm)));
              $b = buf(curtask->comm, 4);
              print($b);
              printf("%r|%rx|%rh\\n", $b, buf(curtask->comm, 3), buf(curtask->comm, 2));
              @buffers[buf(curtask->comm, 2)] = buf(curtask->comm, 3);
              exit();
            }
            """])

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdoutLines, [
            "-1 4464 -1 255 -1 127 18446744073709551615 200",
            "(-1, 4464, s, swtrace, (4294967295, -56))",
            "4 8 12 1",
            "1 1",
            "1 1",
            "1 4",
            "39 30 12345 1",
            "1 1 8",
            "1 1 1 1",
            "1 0",
            "1 2 1 0",
            "swtra|sw|swtrace|6",
            // Buffers hold at most max_strlen - 4 bytes (bpftrace keeps 4 for their length): 2 here.
            "sw",
            "sw|\\x73\\x77|73 77",
            "@buffers[sw]: sw",
            "@small[-1, 4464]: -2",
            "@wide: 4294967295",
        ], result.transcript)
    }

    // execve(2)'s `const char *const * argv` is a pointer to user-space string pointers: indexing
    // and pointer arithmetic reach each argument.
    func testExecveArgumentVectorIsAPointerToStrings() throws {
        let result = try Swtrace.runToEnd(["-e", """
            tracepoint:syscalls:sys_enter_execve /pid == cpid/ {
                printf("%s|%s|%s|%d\\n", str(args.argv[0]), str(args.argv[1]), str(*(args.argv + 2)), args.argv[3] == 0);
            }
            """, "-c", "/bin/true first second"])

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdoutLines, ["/bin/true|first|second|1"], result.transcript)
    }
}
