// The standard library's generated code must pass the kernel verifier: every function family,
// 1024-byte strings (config max_strlen), and programs whose values outgrow the 512-byte stack.
import XCTest
import SwtraceCore
import SwtraceCodegen
import SwtraceRuntime

final class StdlibVerifierTests: XCTestCase {
    override func setUpWithError() throws { try ProgramCompiling.requireRoot() }

    private func verify(_ text: String, maxStringSize: Int = 64, unsafe: Bool = false,
                        file: StaticString = #filePath, line: UInt = #line) throws {
        let source = SourceFile(name: "test.bt", text: text)
        let program = try Parser.parse(source)
        var options = SemanticOptions(catalogue: CompileOnlyCatalogue(), maxStringSize: maxStringSize)
        options.allowsUnsafe = unsafe
        let checked = try SemanticAnalyzer.analyze(program, source: source, options: options)
        let compiled = try BPFCompiler.compile(checked, options: CompileOptions(possibleCPUs: 2))
        do {
            let loaded = try LoadedProgram(elf: compiled.elf, plan: compiled.plan, verbose: false, requireAttachableProbes: false)
            loaded.detachAll()
        } catch {
            XCTFail("verifier rejected: \(text)\n\(error)", file: file, line: line)
        }
    }

    func testStringsOf1024BytesUseScratchMemory() throws {
        try verify("""
            tracepoint:syscalls:sys_enter_openat {
              $path = str(args.filename);
              printf("%s %d %d\\n", $path, strlen($path), strcontains($path, "passwd"));
              @opens[$path, comm] = count();
              @last = str_concat(comm, ":");
            }
            """, maxStringSize: 1024)
    }

    func testManyValuesOutgrowTheStack() throws {
        try verify("""
            BEGIN {
              @c = count(); @s = sum(5); @a = avg(2); @mn = min(5); @mx = max(5); @st = stats(10);
              @h = hist(3); @l = lhist(5, 0, 10, 5); @k[1, "one"] = 10; @k[2, "two"] = 20; @k[3, "three"] = 30;
              printf("%s %s %s %s\\n", "first string", "second string", "third string", "fourth string");
              printf("%s %s %s %s\\n", comm, comm, comm, comm);
              @t = tseries(2, 10s, 3, "avg"); delete(@k, (1, "one")); print(@k, 2, 10);
            }
            """)
    }

    func testStacksSymbolsAndBuiltins() throws {
        try verify("""
            kprobe:vfs_read { @f[func] = count(); }
            profile:hz:99 { @[kstack] = count(); @u[ustack(perf, 5)] = count(); @r[kstack(raw, 3)] = count(); }
            tracepoint:sched:sched_switch {
              @k[kstack(4)] = count();
              printf("%s %s %d %d %s %s %d %llu\\n", ksym(curtask), usym(0), ppid, usermode, pcomm, username, numaid, elapsed);
            }
            """)
    }

    func testConversionsAndOutputFunctions() throws {
        try verify("""
            tracepoint:syscalls:sys_enter_execve {
              join(args.argv); join(args.argv, ",");
              printf("%s %s %s %s %s\\n", strftime("%H:%M:%S.%f", nsecs), syscall_name(args.__syscall_nr), strerror(2),
                     ntop(0x0100007f), macaddr(comm));
              printf("%x %s %llu %d\\n", bswap((uint32)pid), cgroup_path(cgroup), kaddr("vfs_read"), strncmp(comm, "bash", 4));
              errorf("pid %d", pid); warnf("comm %s", comm); cat("/proc/%d/comm", pid); system("true");
              signal("SIGUSR1");
              @m[pid] = 1; if (has_key(@m, pid)) { delete(@m, pid); }
              printf("%d %d %d\\n", len(@m), len(kstack(3)), len(ustack));
            }
            """, unsafe: true)
    }

    /// `-k` checks add a branch and an event after every checked helper call.
    func testHelperErrorChecks() throws {
        HelperErrorChecks.enabled = true
        defer { HelperErrorChecks.enabled = false }
        try verify("""
            tracepoint:syscalls:sys_enter_openat {
              printf("%s %r\\n", str(args.filename), buf(args.filename, 8));
              @[str(args.filename, 16)] = count();
            }
            """)
    }
}
