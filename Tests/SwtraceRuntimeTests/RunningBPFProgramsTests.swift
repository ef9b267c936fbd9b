// What `fentry:bpf:*` sees of a program loaded in this kernel: its entry function and its
// sub-programs, named from BTF, under the program's id.

import CLibbpf
import Glibc
import SwtraceCore
@testable import SwtraceRuntime
import XCTest

final class RunningBPFProgramsTests: XCTestCase {
    /// A tracepoint program whose entry calls a two-parameter sub-program (global, so the
    /// compiler can neither inline nor drop it).
    static let source = #"""
    #include <linux/bpf.h>
    #include <bpf/bpf_helpers.h>

    __attribute__((noinline)) int add_both(int first, int second) {
        return first + second;
    }

    SEC("tracepoint/syscalls/sys_enter_getsid")
    int program_with_subprogram(void *ctx) {
        return add_both(bpf_get_prandom_u32() & 1, 2) == 0;
    }

    char _license[] SEC("license") = "GPL";
    """#

    func testALoadedProgramListsItsEntryAndSubProgramUnderItsId() throws {
        try BPFFixtures.requireRoot()
        let object = try BPFObject(elf: try BPFFixtures.compile(Self.source))
        try object.configure(ProgramAttachment(programName: "program_with_subprogram", kind: .tracepoint,
                                               targets: [.tracepoint(category: "syscalls", name: "sys_enter_getsid")],
                                               probeNames: ["tracepoint:syscalls:sys_enter_getsid"]))
        try object.load()
        var info = bpf_prog_info()
        var length = UInt32(MemoryLayout<bpf_prog_info>.size)
        XCTAssertEqual(bpf_obj_get_info_by_fd(bpf_program__fd(try object.program(named: "program_with_subprogram")), &info, &length), 0)
        XCTAssertNotEqual(info.id, 0)

        let functions = RunningBPFPrograms.functions()
        XCTAssertEqual(functions.filter { $0.programID == info.id }, [
            RunningBPFFunction(programID: info.id, name: "program_with_subprogram"),
            RunningBPFFunction(programID: info.id, name: "add_both"),
        ])
        // In id order, as the kernel hands them out.
        XCTAssertEqual(functions.map(\.programID), functions.map(\.programID).sorted())

        let fd = try RunningBPFPrograms.open(id: info.id, probe: "fentry:bpf:\(info.id):add_both")
        XCTAssertGreaterThanOrEqual(fd, 0)
        close(fd)
    }

    func testAProgramThatIsGoneIsNamedInTheAttachError() throws {
        try BPFFixtures.requireRoot()
        // Ids count up from 1 and are never reused before wrapping: the largest is unused.
        XCTAssertThrowsError(try RunningBPFPrograms.open(id: UInt32(Int32.max), probe: "fexit:bpf:2147483647:f")) { error in
            XCTAssertEqual("\(error)", "failed to attach probe fexit:bpf:2147483647:f: BPF program 2147483647 is no longer loaded")
        }
    }

    /// `-l 'fentry:bpf:PATTERN'`: PATTERN is NAME (any id) or ID:NAME, each a glob; lines are
    /// `TYPE:bpf:ID:NAME` once each, ordered as text like bpftrace's.
    func testListingMatchesNamesAndIdsAndOrdersAsText() {
        let functions = [
            RunningBPFFunction(programID: 9, name: "interval_s_1_1"),
            RunningBPFFunction(programID: 10, name: "interval_s_1_1"),
            RunningBPFFunction(programID: 10, name: "interval_s_1_1"),
            RunningBPFFunction(programID: 10, name: "helper"),
            RunningBPFFunction(programID: 77, name: "other"),
        ]
        XCTAssertEqual(ProbeLister.listBPFFunctions("fentry", "*", functions: functions),
                       "fentry:bpf:10:helper\nfentry:bpf:10:interval_s_1_1\nfentry:bpf:77:other\nfentry:bpf:9:interval_s_1_1\n")
        XCTAssertEqual(ProbeLister.listBPFFunctions("fexit", "interval_s_1_1", functions: functions), "fexit:bpf:10:interval_s_1_1\nfexit:bpf:9:interval_s_1_1\n")
        XCTAssertEqual(ProbeLister.listBPFFunctions("fentry", "10:*", functions: functions), "fentry:bpf:10:helper\nfentry:bpf:10:interval_s_1_1\n")
        XCTAssertEqual(ProbeLister.listBPFFunctions("fentry", "*:o*", functions: functions), "fentry:bpf:77:other\n")
        XCTAssertEqual(ProbeLister.listBPFFunctions("fentry", "11:*", functions: functions), "")
    }
}
