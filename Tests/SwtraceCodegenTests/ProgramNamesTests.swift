// BPF programs are named after their probes as bpftrace names them: the probe text with every
// character but letters, digits and '_' made '_', then '_' and the program's index from 1.
import CLibbpf
import Glibc
import XCTest
import SwtraceCore
@testable import SwtraceCodegen
@testable import SwtraceRuntime

final class ProgramNamesTests: XCTestCase {
    private func names(_ text: String) throws -> [String] {
        try ProgramCompiling.compile(text).plan.programs.map(\.programName)
    }

    func testTheRuleOnProbeTexts() {
        // bpftrace's language.md: the program of `uprobe:./testprogs/uprobe_test:uprobeFunction1`.
        XCTAssertEqual(ProgramNames.program(probe: "uprobe:./testprogs/uprobe_test:uprobeFunction1", index: 1),
                       "uprobe___testprogs_uprobe_test_uprobeFunction1_1")
        XCTAssertEqual(ProgramNames.program(probe: "interval:s:1", index: 12), "interval_s_1_12")
        XCTAssertEqual(ProgramNames.watchpointSetup(probe: "watchpoint:/bin/x:f:1:8:w", index: 3), "watchpoint__bin_x_f_1_8_w_wp_setup_3")
        // Each byte of a UTF-8 character is replaced (bpftrace replaces chars, not characters).
        XCTAssertEqual(ProgramNames.sanitised("uprobe:./a:fnα"), "uprobe___a_fn__")
        XCTAssertEqual(ProgramNames.sanitised("uprobe:/go/app:crypto/rand.(*devReader).Read"), "uprobe__go_app_crypto_rand___devReader__Read")
    }

    func testLongProbeTextsKeep109CharactersAndTheirHash() {
        // Expected values from bpftrace's sanitise_bpf_program_name built with g++ (libstdc++).
        let long = "tracepoint:syscalls:sys_enter_getpid,tracepoint:syscalls:sys_enter_getppid,"
            + "tracepoint:syscalls:sys_enter_gettid,tracepoint:syscalls:sys_enter_getuid"
        let name = ProgramNames.sanitised(long)
        XCTAssertEqual(name, "tracepoint_syscalls_sys_enter_getpid_tracepoint_syscalls_sys_enter_getppid_"
                           + "tracepoint_syscalls_sys_enter_getti_9cb14a10110c88d3")
        XCTAssertEqual(name.count, 127)
        // 124 characters: kept whole.
        let fits = "uprobe:/opt/very/long/directory/name/for/a/binary/with/a/long/path/and/more/directories/app:"
            + "_ZN5crypto4rand9devReader4ReadEv"
        XCTAssertEqual(ProgramNames.sanitised(fits), "uprobe__opt_very_long_directory_name_for_a_binary_with_a_long_path_and_more_"
                                                      + "directories_app__ZN5crypto4rand9devReader4ReadEv")
        XCTAssertEqual(ProgramNames.libstdcxxHash([]), 0x553e_9390_1e46_2a6e)
        XCTAssertEqual(ProgramNames.libstdcxxHash(Array("a".utf8)), 0x454d_dee4_88c1_ed6b)
        XCTAssertEqual(ProgramNames.libstdcxxHash(Array("abcdefgh".utf8)), 0x783d_b3e3_8db8_98bb)
        XCTAssertEqual(ProgramNames.libstdcxxHash(Array("abcdefghi".utf8)), 0xb4ec_9257_851c_8aaf)
    }

    func testProgramsOfAProgramAreNamedInProbeOrder() throws {
        XCTAssertEqual(try names("""
            BEGIN { @b = 1; }
            tracepoint:syscalls:sys_enter_getpid { @n = count(); }
            uprobe:/lib/x86_64-linux-gnu/libc.so.6:getpid { @u = count(); }
            end { @e = 1; }
            """), [
                "BEGIN_1",
                "tracepoint_syscalls_sys_enter_getpid_2",
                "uprobe__lib_x86_64_linux_gnu_libc_so_6_getpid_3",
                "END_4",
            ])
    }

    func testTwoProbesWithTheSameTextGetDifferentIndexes() throws {
        XCTAssertEqual(try names("""
            t:syscalls:sys_enter_getpid { @a = count(); }
            tracepoint:syscalls:sys_enter_getpid { @b = count(); }
            """), ["tracepoint_syscalls_sys_enter_getpid_1", "tracepoint_syscalls_sys_enter_getpid_2"])
    }

    func testAWildcardSharingOneProgramIsNamedAsWritten() throws {
        // Aliases spelled out; several attach points joined by ',' (which becomes '_').
        XCTAssertEqual(try names("t:syscalls:sys_enter_getp* { @ = count(); }"), ["tracepoint_syscalls_sys_enter_getp__1"])
        XCTAssertEqual(try names("BEGIN {} t:syscalls:sys_enter_getpid,tracepoint:syscalls:sys_enter_getppid { @ = count(); }"),
                       ["BEGIN_1", "tracepoint_syscalls_sys_enter_getpid_tracepoint_syscalls_sys_enter_getppid_2"])
        // Attach points of different program kinds cannot share one: each is named for itself.
        XCTAssertEqual(try names("i:s:1,t:syscalls:sys_enter_getpid { @ = count(); }"),
                       ["interval_s_1_1", "tracepoint_syscalls_sys_enter_getpid_2"])
    }

    func testAWildcardWithAProgramPerAttachPointNamesEachAfterItsMatch() throws {
        XCTAssertEqual(try names("BEGIN {} tracepoint:syscalls:sys_enter_getpg* { @[probe] = count(); }"),
                       ["BEGIN_1", "tracepoint_syscalls_sys_enter_getpgid_2", "tracepoint_syscalls_sys_enter_getpgrp_3"])
    }

    func testLoopCallbacksAreNamedAfterTheirProgram() throws {
        let compiled = try ProgramCompiling.compile("BEGIN { for ($i : 0..3) { @[$i] = 1; } }")
        XCTAssertEqual(compiled.plan.programs.map(\.programName), ["BEGIN_1"])
        XCTAssertTrue(compiled.ir.contains("@BEGIN_1_loop1("), compiled.ir)
    }

    /// Loaded, the kernel keeps the first 15 characters as the program's name (BPF_OBJ_NAME_LEN)
    /// and BTF the whole name, which `fentry:bpf` lists with the loop's sub-program.
    func testTheKernelKeeps15CharactersAndBTFTheWholeName() throws {
        try ProgramCompiling.requireRoot()
        let compiled = try ProgramCompiling.compile(
            "tracepoint:syscalls:sys_enter_sched_get_priority_max { for ($i : 0..2) { @[$i] = 1; } }")
        let name = "tracepoint_syscalls_sys_enter_sched_get_priority_max_1"
        XCTAssertEqual(compiled.plan.programs.map(\.programName), [name])
        let before = Set(RunningBPFPrograms.functions().map(\.programID))
        let loaded = try LoadedProgram(elf: compiled.elf, plan: compiled.plan, verbose: false, requireAttachableProbes: false)
        defer { loaded.detachAll() }
        let ours = Dictionary(grouping: RunningBPFPrograms.functions().filter { !before.contains($0.programID) }, by: \.programID)
            .filter { $0.value.first?.name == name }
        XCTAssertEqual(ours.count, 1, "\(ours)")
        guard let (id, functions) = ours.first else { return }
        XCTAssertEqual(functions.map(\.name), [name, name + "_loop1"])
        let fd = bpf_prog_get_fd_by_id(id)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        var info = bpf_prog_info()
        var length = UInt32(MemoryLayout<bpf_prog_info>.size)
        XCTAssertEqual(bpf_obj_get_info_by_fd(fd, &info, &length), 0)
        XCTAssertEqual(withUnsafeBytes(of: info.name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }, "tracepoint_sysc")
    }
}
