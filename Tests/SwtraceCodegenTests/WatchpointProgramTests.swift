// What `watchpoint:FUNC+argN` compiles to: the probe's program, loaded but attached only at run
// time, an arming uprobe program per attach point, and the events between them and user space.
import XCTest
import Glibc
import SwtraceCore
import SwtraceCodegen
import SwtraceRuntime

/// CompileOnlyCatalogue with a traced process (-p/-c), which function watchpoints need.
private struct TracedCatalogue: KernelCatalogue {
    let base = CompileOnlyCatalogue()
    func tracepoints(category: String, name: String) throws -> [(category: String, name: String)] {
        try base.tracepoints(category: category, name: name)
    }
    func tracepointFormat(category: String, name: String) throws -> TracepointFormat? {
        try base.tracepointFormat(category: category, name: name)
    }
    var features: KernelFeatures { base.features }
    var pid: Int32 = 4242
    var tracedProcess: TracedProcess? { TracedProcess(pid: pid, path: "/usr/bin/true") }
}

final class WatchpointProgramTests: XCTestCase {
    private let program = """
        watchpoint:increment+arg1:4:w { @[probe] = count(); unwatch(0x1000); }
        asyncwatchpoint:decrement+arg0:8:rw { @a = count(); }
        """

    func testEachAttachPointHasAnArmingProgramAndALateAttachedBody() throws {
        let compiled = try ProgramCompiling.compile(program, catalogue: TracedCatalogue())
        let sync = FunctionWatchpoint(path: "/usr/bin/true", function: "increment", argument: 1, length: 4, mode: "w",
                                      pid: 4242, stopsTracee: true)
        let async = FunctionWatchpoint(path: "/usr/bin/true", function: "decrement", argument: 0, length: 8, mode: "rw",
                                       pid: 4242, stopsTracee: false)
        XCTAssertEqual(compiled.plan.programs, [
            ProgramAttachment(programName: "watchpoint__usr_bin_true_increment_1_4_w_1", kind: .perfEvent, targets: [], probeNames: []),
            ProgramAttachment(programName: "watchpoint__usr_bin_true_increment_1_4_w_wp_setup_1", kind: .kprobe, targets: [.functionWatchpoint(sync)],
                              probeNames: ["watchpoint:/usr/bin/true:increment:1:4:w"]),
            ProgramAttachment(programName: "asyncwatchpoint__usr_bin_true_decrement_8_rw_2", kind: .perfEvent, targets: [], probeNames: []),
            ProgramAttachment(programName: "asyncwatchpoint__usr_bin_true_decrement_8_rw_wp_setup_2", kind: .kprobe, targets: [.functionWatchpoint(async)],
                              probeNames: ["asyncwatchpoint:/usr/bin/true:decrement:8:rw"]),
        ])
        XCTAssertEqual(compiled.plan.watchpoints, [
            WatchpointProgram(programName: "watchpoint__usr_bin_true_increment_1_4_w_1", probeName: "watchpoint:/usr/bin/true:increment:1:4:w", watch: sync),
            WatchpointProgram(programName: "asyncwatchpoint__usr_bin_true_decrement_8_rw_2", probeName: "asyncwatchpoint:/usr/bin/true:decrement:8:rw", watch: async),
        ])
        XCTAssertEqual(compiled.plan.events.map(\.kind), [.watchpointDetach, .watchpointAttach(watchIndex: 0),
                                                          .watchpointAttach(watchIndex: 1)])
        XCTAssertEqual(compiled.plan.events.map(\.fieldTypes), [[.uint64], [.uint64], [.uint64]])
        // "Attached 2 probes": the arming uprobes, as bpftrace counts its setup probes.
        XCTAssertEqual(compiled.plan.attachedProbeCount, 2)
        // Only the synchronous watchpoint stops the tracee (send_signal, helper 109, with SIGSTOP).
        XCTAssertTrue(compiled.ir.contains("inttoptr (i64 109 to i64 (i32)*)(i32 19)"), compiled.ir)
        XCTAssertEqual(compiled.ir.components(separatedBy: "inttoptr (i64 109").count - 1, 1, compiled.ir)
        // The map of handled addresses, only where function watchpoints are.
        XCTAssertTrue(compiled.ir.contains("@swtrace_watched = "), compiled.ir)
        let plain = try ProgramCompiling.compile("watchpoint:0x1000:8:w { unwatch(0x1000); }", catalogue: TracedCatalogue())
        XCTAssertFalse(plain.ir.contains("swtrace_watched"), plain.ir)
        XCTAssertEqual(plain.plan.watchpoints, [])
    }

    func testTheProgramsPassTheVerifier() throws {
        try ProgramCompiling.requireRoot()
        let compiled = try ProgramCompiling.compile(program, catalogue: TracedCatalogue())
        let loaded = try LoadedProgram(elf: compiled.elf, plan: compiled.plan, verbose: false, requireAttachableProbes: false)
        XCTAssertEqual(loaded.watchpoints.armedCount, 0)
        loaded.detachAll()
    }

    /// Arming as user space does it on the uprobe's events, here with breakpoints on addresses
    /// of this test process that nothing touches: once per probe and address, never again after
    /// unwatch(), nothing after detach.
    func testArmingOncePerProbeAndAddress() throws {
        try ProgramCompiling.requireRoot()
        try XCTSkipUnless(FileManager.default.fileExists(atPath: "/sys/bus/event_source/devices/breakpoint"), "no breakpoint PMU")
        let compiled = try ProgramCompiling.compile(program, catalogue: TracedCatalogue(pid: getpid()))
        let loaded = try LoadedProgram(elf: compiled.elf, plan: compiled.plan, verbose: false, requireAttachableProbes: false)
        let arming = loaded.watchpoints
        func outcome(_ index: Int, _ address: UInt64) -> String {
            switch arming.arm(index: index, address: address) {
            case .armed: return "armed"
            case .alreadyWatched: return "already watched"
            case .noFreeRegister: return "no free register"
            case .failed(let error): return "failed: \(error)"
            case .detached: return "detached"
            }
        }
        XCTAssertEqual(outcome(0, 0x7000_0000), "armed")
        XCTAssertEqual(outcome(0, 0x7000_0000), "already watched")
        XCTAssertEqual(outcome(1, 0x7000_0000), "armed")   // another probe may watch it too
        XCTAssertEqual(outcome(0, 0x7000_0008), "armed")
        XCTAssertEqual(arming.armedCount, 3)
        arming.disarm(address: 0x7000_0000)             // both probes' breakpoints go
        XCTAssertEqual(arming.armedCount, 1)
        arming.disarm(address: 0x1234)                  // nothing there: silently nothing
        XCTAssertEqual(outcome(0, 0x7000_0000), "already watched")
        XCTAssertEqual(outcome(0, 0x7000_0002), "failed: failed to attach probe watchpoint:/usr/bin/true:increment:1:4:w: "
                       + "address 0x70000002 is not aligned to the watched length 4")
        XCTAssertEqual(outcome(2, 0x7000_0000), "failed: malformed event from the kernel: watchpoint probe index 2 out of range")
        loaded.detachAll()
        XCTAssertEqual(arming.armedCount, 0)
        XCTAssertEqual(outcome(0, 0x7000_0010), "detached")
    }
}
