// kprobe/kretprobe programs tested for real in a guest kernel that has them (../shared/kvm):
// one boot runs every check, each section delimited by a marker line, then each test asserts.
import XCTest
import Foundation
import Glibc

final class GuestKernelTests: XCTestCase {
    /// Output of every guest check, by name; the guest boots once for the whole class.
    nonisolated(unsafe) private static var sections: [String: String]?
    nonisolated(unsafe) private static var bootFailure: String?

    private static let checks: [(name: String, command: String)] = [
        ("lesson6", #"$SWTRACE -e 'kretprobe:vfs_read /comm == "dd"/ { @bytes = lhist(retval, 0, 2000, 200); }' -c 'dd if=/dev/zero of=/dev/null bs=300 count=50 status=none'"#),
        ("lesson7", #"$SWTRACE -e 'kprobe:vfs_read /comm == "dd"/ { @start[tid] = nsecs; } kretprobe:vfs_read /@start[tid]/ { @ns[comm] = hist(nsecs - @start[tid]); @reads[retval] = count(); delete(@start[tid]); }' -c 'dd if=/dev/zero of=/dev/null bs=300 count=50 status=none'"#),
        ("lesson7-verbatim", #"$SWTRACE -e 'kprobe:vfs_read { @start[tid] = nsecs; } kretprobe:vfs_read /@start[tid]/ { @ns[comm] = hist(nsecs - @start[tid]); delete(@start[tid]); }' -c 'dd if=/dev/zero of=/dev/null bs=100 count=5 status=none'"#),
        // Past `endbr64` (4 bytes) and the ftrace call site (5 bytes) the argument registers are intact.
        ("kprobe-offset", #"$SWTRACE -q -e 'kprobe:vfs_read+9 /comm == "dd"/ { @sizes[arg2] = count(); }' -c 'dd if=/dev/zero of=/dev/null bs=300 count=50 status=none'"#),
        ("kprobe-bad-offset", #"$SWTRACE -q -e 'kprobe:vfs_read+1 { @ = count(); }'"#),
        ("kprobe-wildcard-list", #"$SWTRACE -l 'kprobe:vfs_rea*'"#),
        ("kprobe-wildcard", #"$SWTRACE -e 'kprobe:vfs_rea* /comm == "dd"/ { @[probe] = count(); }' -c 'dd if=/dev/zero of=/dev/null bs=300 count=50 status=none'"#),
        ("fentry-fexit", #"$SWTRACE -q -e 'fentry:vfs_read /comm == "dd"/ { @count[args.count] = count(); } fexit:vfs_read /comm == "dd"/ { @returned[retval, args.count] = count(); } kfunc:vfs_read /comm == "dd"/ { @kfunc = count(); } kretfunc:vfs_read /comm == "dd"/ { @kretfunc = count(); }' -c 'dd if=/dev/zero of=/dev/null bs=300 count=50 status=none'"#),
        ("fentry-records", #"$SWTRACE -q -e 'fentry:vfs_read /comm == "dd"/ { @[str(args.file->f_path.dentry->d_name.name)] = count(); } kprobe:vmlinux:vfs_read /comm == "dd"/ { @module = count(); } fentry:vfs_rea* /comm == "dd"/ { @probes[probe] = count(); }' -c 'dd if=/dev/zero of=/dev/null bs=300 count=50 status=none'"#),
        ("fentry-wildcard-shared-body", #"$SWTRACE -e 'fentry:vfs_rea* /comm == "dd"/ { @reads = count(); }' -c 'dd if=/dev/zero of=/dev/null bs=300 count=50 status=none'"#),
        ("list-kprobes", #"$SWTRACE -l 'kprobe:vfs_*'"#),
        ("list-fentry", #"$SWTRACE -lv 'fentry:vfs_read'"#),
        ("list-fentry-wildcard", #"$SWTRACE -l 'fentry:vfs_rea*'"#),
        ("info", #"$SWTRACE --info"#),
        // The standard library where only kprobes/fentry have it: func, kstack inside a kprobe, path().
        ("stdlib-func", #"$SWTRACE -q -e 'kprobe:vfs_read /comm == "dd"/ { @kprobe[func] = count(); @k[kstack(1)] = count(); } kretprobe:vfs_read /comm == "dd"/ { @kretprobe[func] = count(); } fentry:vfs_read /comm == "dd"/ { @fentry[func] = count(); } fexit:vfs_read /comm == "dd"/ { @fexit[func] = count(); }' -c 'dd if=/dev/zero of=/dev/null bs=300 count=50 status=none'"#),
        ("stdlib-path", #"$SWTRACE -q -e 'fentry:filp_close /comm == "cat"/ { @entry[path(args.filp->f_path)] = count(); } fexit:filp_close /comm == "cat"/ { @exit[path(args.filp->f_path)] = count(); }' -c 'cat /etc/hostname'"#),
        // The guest kernel lists data symbols in kallsyms (CONFIG_KALLSYMS_ALL): per-CPU variables.
        ("stdlib-percpu", #"$SWTRACE -q -e 'BEGIN { printf("cpus %d %d %d\n", ((struct rq *)percpu_kaddr("runqueues", 0))->cpu, ((struct rq *)percpu_kaddr("runqueues", ncpus - 1))->cpu == (int64)(ncpus - 1), percpu_kaddr("runqueues", ncpus) == 0); printf("counts %d\n", *percpu_kaddr("process_counts", 0) > 0); } interval:ms:50 { $rq = (struct rq *)percpu_kaddr("runqueues"); printf("this %d %d\n", $rq->cpu == (int64)cpu, $rq->curr == curtask); exit(); }'"#),
        // python3 prints its TCP socket's cookie (getsockopt SO_COOKIE = 57), then closes it.
        ("stdlib-cookie", #"$SWTRACE -q -e 'fentry:tcp_close /comm == "python3"/ { printf("cookie %llu %llu\n", socket_cookie(args.sk), socket_cookie((struct sock *)0)); }' -c "python3 -c 'import socket; s = socket.socket(); print(\"user\", int.from_bytes(s.getsockopt(socket.SOL_SOCKET, 57, 8), \"little\"), flush=True); s.close()'""#),
        // vfs_read is not among the functions that may call bpf_d_path: refused at the path() call.
        ("stdlib-path-refused", #"$SWTRACE -e 'fentry:vfs_read { print(path(args.file->f_path)); }'"#),
        // With CONFIG_BPF_KPROBE_OVERRIDE getuid returns 2 << 21; without (Debian's 6.1) the
        // verifier refuses the helper, reported at the call.
        ("stdlib-override", #"$SWTRACE -q --unsafe -e 'kprobe:__x64_sys_getuid /comm == "id"/ { override(2 << 21); }' -c 'id -u'"#),
        // A swtrace already running a tracepoint program (getsid: nothing else in the guest calls
        // it), named after its probe as bpftrace names it, whose map loop is a sub-program
        // (tracepoint_syscalls_sys_enter_getsid_1_loop1) is found in the fentry:bpf list and
        // traced at the entry and exit of both.
        ("fentry-bpf", #"""
            ($SWTRACE -q -e 'tracepoint:syscalls:sys_enter_getsid { @target = count(); @m[1] = 1; @m[2] = 2; for ($kv : @m) { @n = count(); } }' & target=$!
            for i in $(seq 200); do list=$($SWTRACE -l 'fentry:bpf:*'); echo "$list" | grep -q ':tracepoint_syscalls_sys_enter_getsid_1$' && break; sleep 0.1; done
            echo "$list"
            id=$(echo "$list" | grep ':tracepoint_syscalls_sys_enter_getsid_1$' | head -1 | cut -d: -f3)
            echo "--- id $id"
            $SWTRACE -l "fexit:bpf:$id:*"
            echo "--- run"
            $SWTRACE -q -e "fexit:bpf:$id:tracepoint_syscalls_sys_enter_getsid_1 { @[probe, retval] = count(); } fentry:bpf:tracepoint_syscalls_sys_enter_getsid_1 { @entries = count(); @funcs[func] = count(); } fexit:bpf:$id:tracepoint_syscalls_sys_enter_getsid_1_loop1 { @loopret[retval] = count(); } fentry:bpf:*:tracepoint_syscalls_sys_enter_getsid_1_loop* { @loops[probe] = count(); }" -c "python3 -c 'import os; [os.getsid(0) for _ in range(7)]'"
            echo "--- rc $?"
            kill -INT $target; wait $target
            echo "--- target rc $?")
            """#),
        // bpftrace's undump.bt as installed: buf($skb->data, $skb->len) with a run-time length,
        // over a UNIX socket pair that carries 74 known bytes (the buffer holds the first 60).
        ("undump", #"$SWTRACE /usr/sbin/undump.bt -c "python3 -c 'import socket; a, b = socket.socketpair(); a.sendall(b\"hi\\x01\\xff\" + bytes(range(65, 135))); b.recv(200)'""#),
        ("iter-task", #"$SWTRACE -q -e 'iter:task /ctx->task->pid < 3/ { printf("%s:%d\n", ctx->task->comm, ctx->task->pid); }'"#),
        // Examples of bpftrace's language reference whose probes need kprobes, as written there.
        ("doc-filter", #"$SWTRACE -e 'kprobe:vfs_read /arg2 < 16/ { printf("small read: %d byte buffer\n", arg2); }' -c 'dd if=/dev/zero of=/dev/null bs=8 count=3 status=none'"#),
        ("doc-vfs-open", #"$SWTRACE -e 'kprobe:vfs_open { printf("open path: %s\n", str(((struct path *)arg0).dentry.d_name.name)); }' -c 'cat /etc/hostname'"#),
        ("doc-nanosleep", #"$SWTRACE -e 'kprobe:do_nanosleep { @start[tid] = nsecs; } kretprobe:do_nanosleep /has_key(@start, tid)/ { printf("slept for %d ms\n", (nsecs - @start[tid]) / 1000000); delete(@start, tid); }' -c 'sleep 0.3'"#),
        // dcsnoop.bt's probe: this kernel has lookup_fast but no lookup_fast.constprop.* copy, a
        // wildcard that matches nothing and is left out while lookup_fast attaches.
        ("dcsnoop-wildcard", #"$SWTRACE -e 'kprobe:lookup_fast, kprobe:lookup_fast.constprop.* /comm == "cat"/ { @lookups[probe] = count(); }' -c 'cat /etc/hostname'"#),
        ("doc-d-lookup", #"$SWTRACE -e 'kprobe:d_lookup { $name = (struct qstr *)arg1; @fname[tid] = $name.name; } kretprobe:d_lookup /@fname[tid]/ { printf("%-8d %-6d %-16s M %s\n", elapsed / 1e6, pid, comm, str(@fname[tid])); }' -c 'cat /etc/hostname'"#),
    ]

    private var packageRoot: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    /// The build products folder: where the test bundle is, or its parent on some layouts.
    private var productsDirectory: URL {
        let bundle = Bundle(for: GuestKernelTests.self).bundleURL
        for candidate in [bundle, bundle.deletingLastPathComponent()]
        where FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent("swtrace").path) {
            return candidate
        }
        return bundle
    }

    private func guestOutput() throws -> [String: String] {
        guard getuid() == 0 else { throw XCTSkip("the guest kernel needs root") }
        if let sections = Self.sections { return sections }
        if let failure = Self.bootFailure { throw XCTSkip(failure) }
        let runner = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/kvm/kvm-run.sh").path
        guard FileManager.default.isExecutableFile(atPath: runner) else {
            Self.bootFailure = "no guest kernel runner at \(runner)"
            throw XCTSkip(Self.bootFailure!)
        }
        let swtrace = productsDirectory.appendingPathComponent("swtrace").path
        // The guest sees the host's files read-only but not its /tmp: keep the script in the build folder.
        let script = productsDirectory.appendingPathComponent("guest-checks.sh")
        var text = "SWTRACE=\(swtrace)\n"
        for check in Self.checks {
            text += "echo '=== \(check.name) ==='\n\(check.command) 2>&1\necho \"=== rc $? ===\"\n"
        }
        try text.write(to: script, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        // Through the launcher that serialises guest boots: its time-out starts once this boot has its turn.
        let launcher = packageRoot.appendingPathComponent("Tests/guest-run.sh").path
        process.arguments = [launcher, "--timeout", "400", "--", "bash", script.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            XCTFail("guest run failed (\(process.terminationStatus)):\n\(output)")
            Self.bootFailure = "guest run failed"
            throw XCTSkip("guest run failed")
        }
        var sections: [String: String] = [:]
        var current: String?
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("=== "), line.hasSuffix(" ===") {
                let name = String(line.dropFirst(4).dropLast(4))
                if name.hasPrefix("rc ") { sections[current! + ".rc"] = String(name.dropFirst(3)); current = nil }
                else { current = name; sections[name] = "" }
            } else if let current {
                sections[current]! += line + "\n"
            }
        }
        Self.sections = sections
        return sections
    }

    /// The language reference's kprobe examples, run as written: a predicate on an argument, a
    /// cast of arg0 to a kernel struct pointer, per-thread start times, a kretprobe reading
    /// what its kprobe stored.
    func testLanguageReferenceKprobeExamples() throws {
        let sections = try guestOutput()
        XCTAssertEqual(sections["doc-filter.rc"], "0", sections["doc-filter"] ?? "")
        let filter = try XCTUnwrap(sections["doc-filter"])
        XCTAssertTrue(filter.hasPrefix("Attached 1 probe\n"), filter)
        // dd's three 8-byte reads (the guest runs nothing else that reads so little).
        XCTAssertEqual(filter.split(separator: "\n").filter { $0 == "small read: 8 byte buffer" }.count, 3, filter)
        XCTAssertFalse(filter.split(separator: "\n").contains { $0.hasPrefix("small read: ") && Int($0.split(separator: " ")[2])! >= 16 }, filter)

        XCTAssertEqual(sections["doc-vfs-open.rc"], "0", sections["doc-vfs-open"] ?? "")
        XCTAssertTrue(try XCTUnwrap(sections["doc-vfs-open"]).contains("\nopen path: hostname\n"), sections["doc-vfs-open"]!)

        XCTAssertEqual(sections["doc-nanosleep.rc"], "0", sections["doc-nanosleep"] ?? "")
        let slept = try XCTUnwrap(sections["doc-nanosleep"]).split(separator: "\n").filter { $0.hasPrefix("slept for ") }
        // sleep 0.3 sleeps at least 300 ms (an upper bound would depend on the machine).
        XCTAssertTrue(slept.contains { Int($0.split(separator: " ")[2]).map { $0 >= 300 } ?? false }, sections["doc-nanosleep"]!)
        // (A thread of the guest still inside nanosleep when the run ends keeps its @start entry.)

        XCTAssertEqual(sections["doc-d-lookup.rc"], "0", sections["doc-d-lookup"] ?? "")
        XCTAssertTrue(try XCTUnwrap(sections["doc-d-lookup"]).hasPrefix("Attached 2 probes\n"), sections["doc-d-lookup"]!)
    }

    func testLesson6KretprobeLinearHistogramOfReadSizes() throws {
        let sections = try guestOutput()
        XCTAssertEqual(sections["lesson6.rc"], "0")
        let output = try XCTUnwrap(sections["lesson6"])
        XCTAssertTrue(output.hasPrefix("Attached 1 probe\n\n\n@bytes:\n"), output)
        // dd's fifty 300-byte reads; the loader's own reads are larger and land elsewhere.
        XCTAssertTrue(output.contains("\n[200, 400)            50 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"), output)
        XCTAssertTrue(output.hasSuffix("|\n\n"), output)
    }

    func testLesson7ReadLatencyHistogramCountsEveryRead() throws {
        let sections = try guestOutput()
        XCTAssertEqual(sections["lesson7.rc"], "0")
        let output = try XCTUnwrap(sections["lesson7"])
        XCTAssertTrue(output.contains("@reads[300]: 50\n"), output)
        XCTAssertFalse(output.contains("@start["), "every start time is deleted on return:\n\(output)")
        let lines = output.split(separator: "\n")
        let reads = lines.filter { $0.hasPrefix("@reads[") }.compactMap { Int($0.split(separator: " ").last!) }.reduce(0, +)
        let histogram = lines.filter { $0.hasPrefix("[") }
            .compactMap { row in row.split(separator: "|")[0].split(separator: " ").last.flatMap { Int($0) } }.reduce(0, +)
        XCTAssertEqual(histogram, reads, "one latency sample per completed read:\n\(output)")
        XCTAssertTrue(output.contains("@ns[dd]:\n"), output)
    }

    func testLesson7AsWrittenInTheTutorialRuns() throws {
        let sections = try guestOutput()
        XCTAssertEqual(sections["lesson7-verbatim.rc"], "0")
        let output = try XCTUnwrap(sections["lesson7-verbatim"])
        XCTAssertTrue(output.hasPrefix("Attached 2 probes\n"), output)
        XCTAssertTrue(output.contains("@ns[dd]:\n"), output)
    }

    func testKprobeAtAnOffsetReadsTheArgumentRegisters() throws {
        let sections = try guestOutput()
        XCTAssertEqual(sections["kprobe-offset.rc"], "0")
        XCTAssertTrue(try XCTUnwrap(sections["kprobe-offset"]).contains("@sizes[300]: 50\n"), sections["kprobe-offset"]!)
        XCTAssertEqual(sections["kprobe-bad-offset.rc"], "1")
        XCTAssertEqual(sections["kprobe-bad-offset"],
                       "ERROR: failed to attach probe kprobe:vfs_read+1: offset 1 is not at an instruction boundary of vfs_read\n")
    }

    func testKprobeWildcardAttachesEveryMatchingFunction() throws {
        let sections = try guestOutput()
        let listed = try XCTUnwrap(sections["kprobe-wildcard-list"]).split(separator: "\n").map(String.init)
        XCTAssertTrue(listed.contains("kprobe:vfs_read"), listed.joined(separator: "\n"))
        XCTAssertTrue(listed.allSatisfy { $0.hasPrefix("kprobe:vfs_rea") })
        XCTAssertEqual(sections["kprobe-wildcard.rc"], "0")
        let output = try XCTUnwrap(sections["kprobe-wildcard"])
        XCTAssertTrue(output.hasPrefix("Attached \(listed.count) probes\n"), output)
        let reads = output.split(separator: "\n").first { $0.hasPrefix("@[kprobe:vfs_read]: ") }
        XCTAssertGreaterThanOrEqual(Int(reads?.split(separator: " ").last ?? "") ?? 0, 50, output)
    }

    /// A probe whose wildcard attach point matches nothing on this kernel runs on its other one.
    func testUnmatchedKprobeWildcardBesideAnExistingFunction() throws {
        let sections = try guestOutput()
        XCTAssertEqual(sections["dcsnoop-wildcard.rc"], "0")
        let output = try XCTUnwrap(sections["dcsnoop-wildcard"])
        XCTAssertTrue(output.hasPrefix("Attached 1 probe\n"), output)
        let lines = output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.filter { $0.hasPrefix("@") }.map { $0.components(separatedBy: ": ")[0] }, ["@lookups[kprobe:lookup_fast]"], output)
        let lookups = lines.first { $0.hasPrefix("@lookups[kprobe:lookup_fast]: ") }
        XCTAssertGreaterThan(Int(lookups?.split(separator: " ").last ?? "") ?? 0, 0, output)
        XCTAssertFalse(output.contains("WARNING") || output.contains("ERROR"), output)
    }

    /// fentry/fexit with typed `args` from BTF (args.count is vfs_read's size_t count) and fexit's
    /// `retval`; kfunc/kretfunc are the same probes under their old names.
    func testFentryFexitTypedArgumentsAndReturnValue() throws {
        let sections = try guestOutput()
        XCTAssertEqual(sections["fentry-fexit.rc"], "0")
        let output = try XCTUnwrap(sections["fentry-fexit"])
        XCTAssertTrue(output.contains("@count[300]: 50\n"), output)
        XCTAssertTrue(output.contains("@returned[300, 300]: 50\n"), output)
        let lines = output.split(separator: "\n")
        let kfunc = lines.first { $0.hasPrefix("@kfunc: ") }, kretfunc = lines.first { $0.hasPrefix("@kretfunc: ") }
        XCTAssertNotNil(kfunc, output)
        XCTAssertEqual(kfunc?.split(separator: " ").last, kretfunc?.split(separator: " ").last, output)
    }

    /// BPF iterators on a second kernel (6.1): the task iterator visits init and kthreadd first.
    func testTaskIteratorOnTheGuestKernel() throws {
        let sections = try guestOutput()
        XCTAssertEqual(sections["iter-task.rc"], "0")
        XCTAssertTrue(try XCTUnwrap(sections["iter-task"]).hasPrefix("init:1\nkthreadd:2\n"), sections["iter-task"]!)
    }

    /// `func` names the traced function in kprobes, kretprobes, fentry and fexit alike (the same
    /// reads counted by each), and a one-frame kernel stack taken in a kprobe is that function.
    func testFuncAndKstackInKprobesAndFentry() throws {
        let sections = try guestOutput()
        XCTAssertEqual(sections["stdlib-func.rc"], "0", sections["stdlib-func"] ?? "")
        let lines = try XCTUnwrap(sections["stdlib-func"]).split(separator: "\n").map(String.init)
        var counts: [String: String] = [:]
        for line in lines where line.hasPrefix("@") {
            let parts = line.components(separatedBy: ": ")
            if parts.count == 2 { counts[parts[0]] = parts[1] }
        }
        XCTAssertEqual(Set(counts.keys), ["@kprobe[vfs_read]", "@kretprobe[vfs_read]", "@fentry[vfs_read]", "@fexit[vfs_read]"], lines.joined(separator: "\n"))
        let reads = try XCTUnwrap(counts["@kprobe[vfs_read]"].flatMap { Int($0) }, lines.joined(separator: "\n"))
        XCTAssertGreaterThanOrEqual(reads, 50, "dd's fifty reads and the loader's")
        XCTAssertEqual(Set(counts.values), ["\(reads)"], lines.joined(separator: "\n"))
        let stack = try XCTUnwrap(lines.firstIndex(of: "@k["), lines.joined(separator: "\n"))
        XCTAssertNotNil(lines[stack + 1].range(of: "^        vfs_read\\+[0-9]+$", options: .regularExpression), lines.joined(separator: "\n"))
        XCTAssertEqual(lines[stack + 2], "]: \(reads)", lines.joined(separator: "\n"))
    }

    /// path() of a struct path inside fentry/fexit's typed argument (filp_close is one of the
    /// functions the kernel lets call bpf_d_path): cat closes the file it printed, once.
    func testPathInFentryAndFexit() throws {
        let sections = try guestOutput()
        XCTAssertEqual(sections["stdlib-path.rc"], "0", sections["stdlib-path"] ?? "")
        let lines = try XCTUnwrap(sections["stdlib-path"]).split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains("@entry[/etc/hostname]: 1"), lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains("@exit[/etc/hostname]: 1"), lines.joined(separator: "\n"))
        XCTAssertEqual(lines.filter { $0.hasPrefix("@entry[") }.count, lines.filter { $0.hasPrefix("@exit[") }.count, lines.joined(separator: "\n"))
    }

    /// percpu_kaddr() of the run queues: each CPU's `struct rq` names its CPU, the current CPU's
    /// runs the current task, and a CPU past the last one gives 0.
    func testPercpuKaddrFindsEachCpusVariable() throws {
        let sections = try guestOutput()
        XCTAssertEqual(sections["stdlib-percpu.rc"], "0", sections["stdlib-percpu"] ?? "")
        // Under emulation the interval may fire again before exit() takes effect: every firing
        // must find its own CPU's run queue.
        let lines = (sections["stdlib-percpu"] ?? "").split(separator: "\n").map(String.init)
        XCTAssertEqual(Array(lines.prefix(2)), ["cpus 0 1 1", "counts 1"], sections["stdlib-percpu"] ?? "")
        let firings = lines.dropFirst(2)
        XCTAssertFalse(firings.isEmpty, sections["stdlib-percpu"] ?? "")
        XCTAssertEqual(Set(firings), ["this 1 1"], sections["stdlib-percpu"] ?? "")
    }

    /// socket_cookie() of the socket fentry:tcp_close gets is the cookie user space read with
    /// SO_COOKIE; a NULL socket has cookie 0.
    func testSocketCookieMatchesSoCookie() throws {
        let sections = try guestOutput()
        XCTAssertEqual(sections["stdlib-cookie.rc"], "0", sections["stdlib-cookie"] ?? "")
        let lines = try XCTUnwrap(sections["stdlib-cookie"]).split(separator: "\n").map(String.init)
        let user = try XCTUnwrap(lines.first { $0.hasPrefix("user ") }, lines.joined(separator: "\n"))
        let cookie = String(user.dropFirst(5))
        XCTAssertNotEqual(cookie, "0")
        XCTAssertEqual(lines.filter { $0.hasPrefix("cookie ") }, ["cookie \(cookie) 0"], lines.joined(separator: "\n"))
    }

    /// A helper the verifier refuses in this probe is reported, as bpftrace does, at the call.
    func testPathWhereTheKernelRefusesItIsReportedAtTheCall() throws {
        let sections = try guestOutput()
        XCTAssertEqual(sections["stdlib-path-refused.rc"], "1", sections["stdlib-path-refused"] ?? "")
        XCTAssertEqual(sections["stdlib-path-refused"]?.split(separator: "\n").first,
                       "stdin:1:25-48: ERROR: helper bpf_d_path not supported in probe", sections["stdlib-path-refused"] ?? "")
    }

    func testOverrideReturnsTheValueOrIsRefusedAtTheCall() throws {
        let sections = try guestOutput()
        let output = try XCTUnwrap(sections["stdlib-override"])
        let supported = "4194304\n\n\n", refused = "stdin:1:42-59: ERROR: helper bpf_override_return not supported in probe\n"
        XCTAssertTrue(output == supported || output.hasPrefix(refused), output)
        XCTAssertEqual(sections["stdlib-override.rc"], output == supported ? "0" : "1", output)
    }

    func testListsKprobesAndFentryWithArguments() throws {
        let sections = try guestOutput()
        let kprobes = try XCTUnwrap(sections["list-kprobes"]).split(separator: "\n")
        XCTAssertTrue(kprobes.contains("kprobe:vfs_read") && kprobes.contains("kprobe:vfs_write"))
        XCTAssertTrue(kprobes.allSatisfy { $0.hasPrefix("kprobe:vfs_") })
        XCTAssertEqual(sections["list-fentry"], """
            fentry:vmlinux:vfs_read
                struct file * file
                char * buf
                size_t count
                loff_t * pos
                ssize_t retval

            """)
        XCTAssertEqual(sections["list-fentry-wildcard"], "fentry:vmlinux:vfs_read\nfentry:vmlinux:vfs_readlink\nfentry:vmlinux:vfs_readv\n")
        XCTAssertTrue(try XCTUnwrap(sections["info"]).contains("  kprobes: yes\n  fentry/fexit: yes"), sections["info"]!)
    }

    /// fentry:bpf/fexit:bpf on a running swtrace's tracepoint program and its map-loop
    /// sub-program: `-l 'fentry:bpf:*'` lists both as fentry:bpf:ID:NAME, `-l fexit:bpf:ID:*`
    /// lists only that program's, and every probe fires once per getsid it sees (the loop twice,
    /// once per map element), fexit with the return values 0, fentry's `func` being the program's
    /// kernel symbol (bpf_prog_TAG_tracepoint_syscalls_sys_enter_getsid_1).
    func testFentryAndFexitOnARunningBPFProgram() throws {
        let sections = try guestOutput()
        XCTAssertEqual(sections["fentry-bpf.rc"], "0", sections["fentry-bpf"] ?? "")
        let output = try XCTUnwrap(sections["fentry-bpf"])
        let parts = output.components(separatedBy: "--- ")
        XCTAssertEqual(parts.count, 5, output)
        guard parts.count == 5 else { return }
        let listed = parts[0].split(separator: "\n").map(String.init)
        XCTAssertTrue(listed.allSatisfy { $0.range(of: #"^fentry:bpf:[0-9]+:[A-Za-z_][A-Za-z0-9_]*$"#, options: .regularExpression) != nil }, output)
        let id = parts[1].dropFirst("id ".count).split(separator: "\n").first.map(String.init) ?? ""
        XCTAssertNotNil(UInt32(id), output)
        XCTAssertTrue(listed.contains("fentry:bpf:\(id):tracepoint_syscalls_sys_enter_getsid_1") && listed.contains("fentry:bpf:\(id):tracepoint_syscalls_sys_enter_getsid_1_loop1"), output)
        XCTAssertEqual(parts[1], "id \(id)\nfexit:bpf:\(id):tracepoint_syscalls_sys_enter_getsid_1\nfexit:bpf:\(id):tracepoint_syscalls_sys_enter_getsid_1_loop1\n", output)
        let run = parts[2].split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        XCTAssertEqual(run.count, 6, output)
        guard run.count == 6 else { return }
        XCTAssertEqual(Array(run[0...2]), ["run", "@[fexit:bpf:\(id):tracepoint_syscalls_sys_enter_getsid_1, 0]: 7", "@entries: 7"], output)
        XCTAssertNotNil(run[3].range(of: #"^@funcs\[bpf_prog_[0-9a-f]{16}_tracepoint_syscalls_sys_enter_getsid_1\]: 7$"#, options: .regularExpression), output)
        XCTAssertEqual(Array(run[4...5]), ["@loopret[0]: 14", "@loops[fentry:bpf:\(id):tracepoint_syscalls_sys_enter_getsid_1_loop1]: 14"], output)
        XCTAssertTrue(parts[3].hasPrefix("rc 0\n"), output)
        XCTAssertTrue(parts[3].contains("\n@n: 14\n") && parts[3].contains("\n@target: 7\n"), output)
        XCTAssertEqual(parts[4], "target rc 0\n", output)
    }

    /// Pointer arguments are typed from BTF (struct file *), `kprobe:MODULE:FUNCTION` names the
    /// module, and an fentry wildcard attaches each matching function.
    func testFentryPointerArgumentsModulesAndWildcards() throws {
        let sections = try guestOutput()
        XCTAssertEqual(sections["fentry-records.rc"], "0")
        let output = try XCTUnwrap(sections["fentry-records"])
        XCTAssertTrue(output.contains("@[zero]: 50\n"), output)
        let lines = output.split(separator: "\n").map(String.init)
        let module = lines.first { $0.hasPrefix("@module: ") }
        let probes = lines.first { $0.hasPrefix("@probes[fentry:vfs_read]: ") }
        XCTAssertNotNil(module, output)
        XCTAssertEqual(module?.split(separator: " ").last, probes?.split(separator: " ").last, output)
    }

    /// fentry programs are bound to one function at load time: a wildcard whose body does not
    /// mention the probe still gets one program per function.
    func testFentryWildcardWithoutProbeSpecificBodyAttachesEachFunction() throws {
        let sections = try guestOutput()
        XCTAssertEqual(sections["fentry-wildcard-shared-body.rc"], "0", sections["fentry-wildcard-shared-body"] ?? "")
        let output = try XCTUnwrap(sections["fentry-wildcard-shared-body"])
        let functions = try XCTUnwrap(sections["list-fentry-wildcard"]).split(separator: "\n").count
        XCTAssertTrue(output.hasPrefix("Attached \(functions) probes\n"), output)
        let reads = output.split(separator: "\n").first { $0.hasPrefix("@reads: ") }
        XCTAssertGreaterThanOrEqual(Int(reads?.split(separator: " ").last ?? "") ?? 0, 50, output)
    }

    /// undump.bt (kprobe:unix_stream_read_actor) prints each UNIX-socket packet with
    /// buf($skb->data, $skb->len): a run-time length, cut to max_strlen - 4 = 60 bytes.
    func testUndumpPrintsRunTimeLengthBuffers() throws {
        let sections = try guestOutput()
        XCTAssertEqual(sections["undump.rc"], "0", sections["undump"] ?? "")
        let output = try XCTUnwrap(sections["undump"])
        let data = #"hi\x01\xff"# + String(decoding: 65...120, as: UTF8.self)
        let packets = output.split(separator: "\n").filter { $0.contains(" python3 ") }
        XCTAssertEqual(packets.count, 1, output)
        let fields = packets.first?.split(separator: " ", omittingEmptySubsequences: true).map(String.init) ?? []
        XCTAssertEqual(Array(fields.dropFirst(3)), ["74", data], output)
    }
}
