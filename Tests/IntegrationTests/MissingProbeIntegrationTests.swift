// Wildcard attach points that match nothing on this kernel, through the real binary: left out
// beside attach points that exist (as dcsnoop.bt needs), and a probe made only of them removed
// under missing_probes (warn by default, error, ignore).
import XCTest

final class MissingProbeIntegrationTests: XCTestCase {
    private let unmatched = "tracepoint:syscalls:sys_enter_swtrace_no_such*"

    // The probe attaches to getppid and counts the workload's calls; the other attach point
    // says nothing.
    func testUnmatchedWildcardBesideAnExistingTracepointIsLeftOut() throws {
        try Executables.requireRoot()
        let comm = uniqueName("mpw")
        let workload = try Workload(["getppid", "3"], comm: comm)
        let result = try Swtrace.trace(program: """
            tracepoint:syscalls:sys_enter_getppid, \(unmatched) /comm == "\(comm)"/ { @[probe] = count(); }
            """, during: workload)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "@[tracepoint:syscalls:sys_enter_getppid]: 3", result.transcript)
        XCTAssertEqual(result.stderr, "Attached 1 probe\n", result.transcript)
    }

    // A tracepoint name that does not exist, beside one that does: bpftrace's warning, and the
    // probe counts the workload's calls on the other.
    func testMissingTracepointBesideAnExistingOneIsSkippedWithAWarning() throws {
        try Executables.requireRoot()
        let comm = uniqueName("mpn")
        let workload = try Workload(["getppid", "2"], comm: comm)
        let program = "tracepoint:syscalls:sys_enter_swtrace_no_such, tracepoint:syscalls:sys_enter_getppid /comm == \"\(comm)\"/ { @[probe] = count(); }"
        let result = try Swtrace.trace(program: program, during: workload)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "@[tracepoint:syscalls:sys_enter_getppid]: 2", result.transcript)
        XCTAssertEqual(result.stderr, """
            stdin:1:1-46: WARNING: No matches for tracepoint syscalls:sys_enter_swtrace_no_such. Skipping.
            \(program)
            ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
            HINT: list what exists with: swtrace -l 'tracepoint:syscalls:*'
            Attached 1 probe

            """, result.transcript)
    }

    func testProbeOfOnlyUnmatchedWildcardsIsRemovedWithAWarning() throws {
        try Executables.requireRoot()
        let program = "BEGIN { printf(\"begun\\n\"); exit(); } \(unmatched) { @hits = count(); }"
        let result = try Swtrace.runToEnd(["-e", program], timeout: 60)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "begun", result.transcript)
        XCTAssertEqual(result.stderr, """
            stdin:1:38-84: WARNING: Probe has no valid attach points. It is being removed which may cause issues with program behavior.
            \(program)
                                                 ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
            HINT: '\(unmatched)' matches nothing on this system
            HINT: list what exists with: swtrace -l 'tracepoint:syscalls:*'
            Attached 1 probe

            """, result.transcript)
    }

    func testMissingProbesErrorRefusesTheProgram() throws {
        try Executables.requireRoot()
        let program = "config = { missing_probes = \"error\" } BEGIN { exit(); } \(unmatched) { @hits = count(); }"
        let result = try Swtrace.runToEnd(["-e", program], timeout: 60)
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertEqual(result.stdout, "", result.transcript)
        XCTAssertEqual(result.stderr, """
            stdin:1:57-103: ERROR: Probe has no valid attach points. If this is expected, set the 'missing_probes' config variable to 'warn'.
            \(program)
                                                                    ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
            HINT: '\(unmatched)' matches nothing on this system
            HINT: list what exists with: swtrace -l 'tracepoint:syscalls:*'

            """, result.transcript)
    }

    // With every probe removed nothing is left to run: bpftrace's "No probes to attach", status 1.
    func testNoProbesLeftToAttach() throws {
        try Executables.requireRoot()
        let ignored = try Swtrace.runToEnd(["-e", "config = { missing_probes = \"ignore\" } \(unmatched) { @hits = count(); }"],
                                           timeout: 60)
        XCTAssertEqual(ignored.status, 1, ignored.transcript)
        XCTAssertEqual(ignored.stdout, "No probes to attach\n", ignored.transcript)
        XCTAssertEqual(ignored.stderr, "", ignored.transcript)

        let quiet = try Swtrace.runToEnd(["-q", "-e", "config = { missing_probes = \"ignore\" } \(unmatched) { }"], timeout: 60)
        XCTAssertEqual(quiet.status, 1, quiet.transcript)
        XCTAssertEqual(quiet.stdout, "", quiet.transcript)
    }
}
