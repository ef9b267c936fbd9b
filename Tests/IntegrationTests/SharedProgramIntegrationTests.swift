// A probe with several attach points shares one BPF program only where one program can serve
// them all: attach points of different program kinds, or the same one twice, get their own.
import XCTest

final class SharedProgramIntegrationTests: XCTestCase {
    override func setUpWithError() throws { try Executables.requireRoot() }

    /// BEGIN (a raw tracepoint program) with a tracepoint: both attach; events: 3 getppid().
    func testDifferentKindsOfAttachPointInOneProbe() throws {
        let workload = try Workload(["getppid", "3"])
        let result = try Swtrace.trace(program: "BEGIN,tracepoint:syscalls:sys_enter_getppid /pid == \(workload.pid)/ { @calls = count(); }",
                                       during: workload)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "@calls: 3", result.transcript)
    }

    /// The same tracepoint twice runs the block twice per event, as in bpftrace (@: 6 for 3 calls).
    func testTheSameAttachPointTwiceRunsTwice() throws {
        let workload = try Workload(["getppid", "3"])
        let result = try Swtrace.trace(program: """
            tracepoint:syscalls:sys_enter_getppid,t:syscalls:sys_enter_getppid /pid == \(workload.pid)/ { @calls = count(); }
            """, during: workload)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stderr.contains("Attached 2 probes"), result.transcript)
        XCTAssertEqual(result.report, "@calls: 6", result.transcript)
    }

    /// A uprobe and a uretprobe (one kind of BPF program, two providers) get a program each,
    /// so `probetype` is known in each. Events: 2 calls of the workload's increment().
    func testProbetypeInAProbeOfTwoProviders() throws {
        let workload = try Workload(["increment", "2"])
        let binary = Executables.workload
        let result = try Swtrace.trace(program: """
            uprobe:\(binary):increment,uretprobe:\(binary):increment /pid == \(workload.pid)/ { @[probetype] = count(); }
            """, during: workload)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "@[uprobe]: 2\n@[uretprobe]: 2", result.transcript)
    }
}
