// Kernel struct access compiled against this machine's BTF and loaded through the verifier:
// pointer chains, nested records, bitfields, arrays, casts, sizeof/offsetof, lesson 12.
import XCTest
import SwtraceCore
import SwtraceRuntime

/// The compile-only catalogue (kprobes claimed) with the running kernel's BTF types.
struct CompileOnlyKernelTypes: KernelCatalogue {
    let base = CompileOnlyCatalogue()
    func tracepoints(category: String, name: String) throws -> [(category: String, name: String)] {
        try base.tracepoints(category: category, name: name)
    }
    func tracepointFormat(category: String, name: String) throws -> TracepointFormat? {
        try base.tracepointFormat(category: category, name: name)
    }
    var features: KernelFeatures { base.features }
    var typeCatalogue: TypeCatalogue? { BTFTypeCatalogue.vmlinux }
}

final class RecordVerifierTests: XCTestCase {
    override func setUpWithError() throws {
        try ProgramCompiling.requireRoot()
        guard BTFTypeCatalogue.vmlinux != nil else { throw XCTSkip("the kernel has no BTF") }
    }

    func verify(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let compiled = try ProgramCompiling.compile(text, catalogue: CompileOnlyKernelTypes())
        do {
            let loaded = try LoadedProgram(elf: compiled.elf, plan: compiled.plan, verbose: false, requireAttachableProbes: false)
            loaded.detachAll()
        } catch {
            XCTFail("verifier rejected: \(text)\n\(error)", file: file, line: line)
        }
    }

    func testCurtaskChainsOnASyscallTracepoint() throws {
        try verify(#"tracepoint:syscalls:sys_enter_openat { printf("%d %s\n", curtask->parent->pid, curtask->comm); }"#)
        try verify("""
        tracepoint:sched:sched_switch {
            @[curtask->real_parent->real_parent->comm, curtask->tgid] = count();
            $t = curtask;
            @state = $t->__state;
            @bits = curtask->in_execve + curtask->sched_reset_on_fork;
            @c = curtask->comm[0];
            @first = (*curtask).pid;
            @name = str(curtask->mm->exe_file->f_path.dentry->d_name.name);
            if (curtask->mm != 0) { @prio = curtask->prio; }
        }
        """)
    }

    func testLessonTwelveKprobeStructPathCast() throws {
        try verify(#"kprobe:vfs_open { printf("open path: %s\n", str(((struct path *)arg0)->dentry->d_name.name)); }"#)
    }

    func testCastsOfTracepointPointersAndConstants() throws {
        try verify("""
        tracepoint:skb:kfree_skb { @len[((struct sk_buff *)args.skbaddr)->len] = count(); }
        BEGIN { @size = sizeof(struct task_struct); @off = offsetof(struct task_struct, comm);
                @inner = offsetof(struct dentry, d_name.name); @ptr = sizeof(struct path *);
                @typedef = (loff_t)-1 + sizeof(atomic_t) + ((atomic_t *)curtask)->counter; }
        """)
    }

    func testPointerIndexingAndDereferenceOfAnAddress() throws {
        try verify("""
        tracepoint:sched:sched_process_exec {
            $p = (struct task_struct *)curtask;
            @pid = $p[0].pid;
            @word = *(uint64)curtask;
            @parent = *(uint64)curtask->real_parent;
        }
        """)
    }
}
