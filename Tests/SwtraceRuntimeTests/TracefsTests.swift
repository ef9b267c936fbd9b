// tracefs on demand, tracepoint format parsing and probe listing, against this kernel and
// against fixed format text.

import Foundation
import SwtraceCore
@testable import SwtraceRuntime
import XCTest

final class TracefsTests: XCTestCase {
    override func setUpWithError() throws {
        try BPFFixtures.requireRoot()
    }

    func testMountsTracefsOnDemand() throws {
        let root = try Tracefs.ensureMounted()
        XCTAssert(FileManager.default.fileExists(atPath: root + "/events/syscalls"))
        XCTAssertEqual(try Tracefs.ensureMounted(), root)
    }

    func testParsesSysEnterOpenat() throws {
        let format = try XCTUnwrap(try LiveKernelCatalogue().tracepointFormat(category: "syscalls", name: "sys_enter_openat"))
        XCTAssertEqual(format.category, "syscalls")
        XCTAssertEqual(format.name, "sys_enter_openat")
        XCTAssertEqual(format.fields.map(\.name), ["__syscall_nr", "dfd", "filename", "flags", "mode"])
        XCTAssertEqual(format.fields[0], TracepointField(name: "__syscall_nr", cType: "int", offset: 8, size: 4, isSigned: true))
        XCTAssertEqual(format.fields[2].cType, "const char *")
        XCTAssertEqual(format.fields[2].offset, 24)
        XCTAssertEqual(format.fields[2].size, 8)
        XCTAssertEqual(format.fields[4].cType, "umode_t")
    }

    func testParsesSchedSwitch() throws {
        let format = try XCTUnwrap(try LiveKernelCatalogue().tracepointFormat(category: "sched", name: "sched_switch"))
        XCTAssertEqual(format.fields.map(\.name),
                       ["prev_comm", "prev_pid", "prev_prio", "prev_state", "next_comm", "next_pid", "next_prio"])
        XCTAssertEqual(format.fields[0], TracepointField(name: "prev_comm", cType: "char prev_comm[16]", offset: 8, size: 16, isSigned: false))
        XCTAssertEqual(format.fields[1], TracepointField(name: "prev_pid", cType: "pid_t", offset: 24, size: 4, isSigned: true))
        XCTAssertFalse(format.fields.contains { $0.name.hasPrefix("common_") })
    }

    func testUnknownTracepointHasNoFormat() throws {
        XCTAssertNil(try LiveKernelCatalogue().tracepointFormat(category: "syscalls", name: "sys_enter_nothing"))
        XCTAssertNil(try LiveKernelCatalogue().tracepointFormat(category: "..", name: "x"))
    }

    func testParsesDataLocFields() {
        let text = """
        name: workqueue_queue_work
        ID: 200
        format:
        \tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
        \tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

        \tfield:void * work;\toffset:8;\tsize:8;\tsigned:0;
        \tfield:__data_loc char[] workqueue;\toffset:16;\tsize:4;\tsigned:0;
        \tfield:int req_cpu;\toffset:20;\tsize:4;\tsigned:1;

        print fmt: "work struct=%p"
        """
        let format = TracepointFormatParser.parse(text, category: "workqueue", name: "workqueue_queue_work")
        XCTAssertEqual(format.fields, [
            TracepointField(name: "work", cType: "void *", offset: 8, size: 8, isSigned: false),
            TracepointField(name: "workqueue", cType: "__data_loc char[] workqueue", offset: 16, size: 4, isSigned: false),
            TracepointField(name: "req_cpu", cType: "int", offset: 20, size: 4, isSigned: true),
        ])
        XCTAssertEqual(TracepointFormatParser.fieldDeclarations(text),
                       ["void * work", "__data_loc char[] workqueue", "int req_cpu"])
    }

    func testCatalogueMatchesGlobsPerPart() throws {
        let matches = try LiveKernelCatalogue().tracepoints(category: "sys*", name: "sys_enter_open*")
        XCTAssert(matches.contains { $0 == ("syscalls", "sys_enter_openat") })
        XCTAssert(matches.allSatisfy { $0.category == "syscalls" && $0.name.hasPrefix("sys_enter_open") })
        XCTAssertEqual(try LiveKernelCatalogue().tracepoints(category: "sched", name: "sched_switch").count, 1)
    }

    func testListsLikeBpftraceVerbose() throws {
        XCTAssertEqual(try ProbeLister.list(pattern: "tracepoint:syscalls:sys_enter_openat", verbose: true), """
        tracepoint:syscalls:sys_enter_openat
            int __syscall_nr
            int dfd
            const char * filename
            int flags
            umode_t mode

        """)
    }

    func testListsWithGlobs() throws {
        let sched = try ProbeLister.list(pattern: "tracepoint:sched:sched_sw*", verbose: false)
        XCTAssert(sched.hasPrefix("tracepoint:sched:sched_swap_numa\n") || sched.contains("tracepoint:sched:sched_switch\n"), sched)
        XCTAssert(sched.split(separator: "\n").allSatisfy { $0.hasPrefix("tracepoint:sched:sched_sw") })
        let openat = try ProbeLister.list(pattern: "t:syscalls:*openat", verbose: false)
        XCTAssertEqual(openat, "tracepoint:syscalls:sys_enter_openat\ntracepoint:syscalls:sys_exit_openat\n")
        let bare = try ProbeLister.list(pattern: "*sys_enter_openat", verbose: false)
        XCTAssertEqual(bare, "tracepoint:syscalls:sys_enter_openat\n")
    }

    func testListsSoftwareAndHardwareEvents() throws {
        let software = try ProbeLister.list(pattern: "software:*", verbose: false)
        XCTAssert(software.hasPrefix("software:alignment-faults:\nsoftware:bpf-output:\n"), software)
        XCTAssert(software.contains("software:cpu-clock:\nsoftware:cpu-migrations:\nsoftware:cpu:\nsoftware:cs:\n"), software)
        XCTAssertEqual(try ProbeLister.list(pattern: "hardware:cycles", verbose: false), "hardware:cycles:\n")
        let everything = try ProbeLister.list(pattern: nil, verbose: false)
        XCTAssert(everything.contains("tracepoint:sched:sched_switch\n"))
        XCTAssert(everything.contains("software:page-faults:\n"))
    }
}
