// What `watchpoint:FUNC+argN` compiles to: the probe's program, loaded but attached only at run
// time, an arming uprobe program per attach point, and the events between them and user space.
import XCTest
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
    var tracedProcess: TracedProcess? { TracedProcess(pid: 4242, path: "/usr/bin/true") }
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
            ProgramAttachment(programName: "p0_0", kind: .perfEvent, targets: [], probeNames: []),
            ProgramAttachment(programName: "p0_0_arm", kind: .kprobe, targets: [.functionWatchpoint(sync)],
                              probeNames: ["watchpoint:/usr/bin/true:increment:1:4:w"]),
            ProgramAttachment(programName: "p1_0", kind: .perfEvent, targets: [], probeNames: []),
            ProgramAttachment(programName: "p1_0_arm", kind: .kprobe, targets: [.functionWatchpoint(async)],
                              probeNames: ["asyncwatchpoint:/usr/bin/true:decrement:8:rw"]),
        ])
        XCTAssertEqual(compiled.plan.watchpoints, [
            WatchpointProgram(programName: "p0_0", probeName: "watchpoint:/usr/bin/true:increment:1:4:w", watch: sync),
            WatchpointProgram(programName: "p1_0", probeName: "asyncwatchpoint:/usr/bin/true:decrement:8:rw", watch: async),
        ])
        XCTAssertEqual(compiled.plan.events.map(\.kind), [.watchpointDetach, .watchpointAttach(watchIndex: 0),
                                                          .watchpointAttach(watchIndex: 1)])
        XCTAssertEqual(compiled.plan.events.map(\.fieldTypes), [[.uint64], [.uint64], [.uint64]])
        // "Attached 2 probes": the arming uprobes, as bpftrace counts its setup probes.
        XCTAssertEqual(compiled.plan.attachedProbeCount, 2)
        // Only the synchronous watchpoint stops the tracee (send_signal, helper 109, with SIGSTOP).
        XCTAssertTrue(compiled.ir.contains("inttoptr (i64 109 to i64 (i32)*)(i32 19)"), compiled.ir)
        XCTAssertEqual(compiled.ir.components(separatedBy: "inttoptr (i64 109").count - 1, 1, compiled.ir)
    }

    func testTheProgramsPassTheVerifier() throws {
        try ProgramCompiling.requireRoot()
        let compiled = try ProgramCompiling.compile(program, catalogue: TracedCatalogue())
        let loaded = try LoadedProgram(elf: compiled.elf, plan: compiled.plan, verbose: false, requireAttachableProbes: false)
        XCTAssertEqual(loaded.watchpoints.armedCount, 0)
        loaded.detachAll()
    }
}
