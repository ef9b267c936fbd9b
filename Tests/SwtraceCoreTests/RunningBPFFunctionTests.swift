// `fentry:bpf[:ID]:NAME` / `fexit:bpf[:ID]:NAME` resolved against a fixed list of loaded BPF
// programs (bpftrace's own test fixture: func_1 in programs 123 and 456, func_2 in 123).
import XCTest
@testable import SwtraceCore

/// FixedCatalogue with trampolines available and a fixed set of running BPF programs.
struct RunningProgramsCatalogue: KernelCatalogue {
    var base = FixedCatalogue()
    var functions = [
        RunningBPFFunction(programID: 123, name: "func_1"),
        RunningBPFFunction(programID: 123, name: "func_2"),
        RunningBPFFunction(programID: 456, name: "func_1"),
    ]
    init(fentry: Bool = true) {
        base.features = KernelFeatures(kprobes: false, fentry: fentry, btf: true, ringBuffer: true)
    }
    var features: KernelFeatures { base.features }
    func tracepoints(category: String, name: String) throws -> [(category: String, name: String)] {
        try base.tracepoints(category: category, name: name)
    }
    func tracepointFormat(category: String, name: String) throws -> TracepointFormat? {
        try base.tracepointFormat(category: category, name: name)
    }
    func runningBPFFunctions() throws -> [RunningBPFFunction] { functions }
}

final class RunningBPFFunctionTests: XCTestCase {
    func analyze(_ text: String, catalogue: RunningProgramsCatalogue = RunningProgramsCatalogue()) throws -> CheckedProgram {
        let source = SourceFile(name: "stdin", text: text)
        return try SemanticAnalyzer.analyze(try Parser.parse(source), source: source,
                                            options: SemanticOptions(catalogue: catalogue))
    }

    func testANameAloneAttachesToEveryProgramWithThatFunction() throws {
        let checked = try analyze("fentry:bpf:func_1 { @[probe] = count(); }")
        let points = checked.probes[0].attachPoints
        XCTAssertEqual(points.map(\.probeName), ["fentry:bpf:123:func_1", "fentry:bpf:456:func_1"])
        XCTAssertEqual(points.map(\.target), [.bpfFunction(programID: 123, function: "func_1", atExit: false),
                                              .bpfFunction(programID: 456, function: "func_1", atExit: false)])
        XCTAssertEqual(points.map(\.programKind), [.tracing, .tracing])
        XCTAssertTrue(checked.probes[0].needsProgramPerAttachPoint)
    }

    func testAProgramIdWithAWildcardNameTakesThatProgramsFunctions() throws {
        let checked = try analyze("fentry:bpf:123:func_* { @[probe] = count(); }")
        XCTAssertEqual(checked.probes[0].attachPoints.map(\.probeName), ["fentry:bpf:123:func_1", "fentry:bpf:123:func_2"])
        let everything = try analyze("fentry:bpf:*:* { @[probe] = count(); }")
        XCTAssertEqual(everything.probes[0].attachPoints.map(\.probeName),
                       ["fentry:bpf:123:func_1", "fentry:bpf:123:func_2", "fentry:bpf:456:func_1"])
        let wildcardName = try analyze("f:bpf:*_2 { }")
        XCTAssertEqual(wildcardName.probes[0].attachPoints.map(\.probeName), ["fentry:bpf:123:func_2"])
    }

    /// fexit takes the return value from the trampoline (bpf_get_func_ret in codegen): no
    /// argument layout is needed, and none is given.
    func testFexitHasRetvalAndNoArgumentLayout() throws {
        let checked = try analyze("fexit:bpf:*:func_2 { @ = retval; } kretfunc:bpf:456:func_1 { printf(\"%s %d\\n\", probe, retval); }")
        let point = checked.probes[0].attachPoints[0]
        XCTAssertEqual(point.probeName, "fexit:bpf:123:func_2")
        XCTAssertEqual(point.target, .bpfFunction(programID: 123, function: "func_2", atExit: true))
        XCTAssertNil(point.tracepointFormat)
        XCTAssertEqual(checked.probes[1].attachPoints.map(\.probeName), ["fexit:bpf:456:func_1"])
        XCTAssertEqual(checked.maps.map(\.value), [.int64])
    }

    /// Ids order as text, as in bpftrace's list (`bpf:10:...` before `bpf:9:...`); a function
    /// listed twice attaches once.
    func testMatchesAreOrderedAsTextAndListedOnce() throws {
        var catalogue = RunningProgramsCatalogue()
        catalogue.functions = [
            RunningBPFFunction(programID: 9, name: "handler"),
            RunningBPFFunction(programID: 10, name: "handler"),
            RunningBPFFunction(programID: 10, name: "handler"),
            RunningBPFFunction(programID: 100, name: "other"),
        ]
        let checked = try analyze("fentry:bpf:handler { }", catalogue: catalogue)
        XCTAssertEqual(checked.probes[0].attachPoints.map(\.probeName), ["fentry:bpf:10:handler", "fentry:bpf:9:handler"])
    }

    func testProbeFuncAndArgNWorkButArgsIsRefused() throws {
        XCTAssertNoThrow(try analyze("fentry:bpf:func_1 { @[probe, func] = count(); @a = arg0; }"))
        XCTAssertEqual(renderedAnalysis("fentry:bpf:func_1 { @ = args.x; }", catalogue: RunningProgramsCatalogue()), """
            stdin:1:25-29: ERROR: The args builtin cannot be used for 'fentry/fexit:bpf' probes
            fentry:bpf:func_1 { @ = args.x; }
                                    ~~~~

            """)
        XCTAssertEqual(renderedAnalysis("fexit:bpf:func_2 { print(args); }", catalogue: RunningProgramsCatalogue()), """
            stdin:1:26-30: ERROR: The args builtin cannot be used for 'fentry/fexit:bpf' probes
            fexit:bpf:func_2 { print(args); }
                                     ~~~~

            """)
    }

    func testMalformedAttachPointsAreRefusedWithBpftracesWords() {
        let catalogue = RunningProgramsCatalogue()
        XCTAssertEqual(renderedAnalysis("fentry:bpf { }", catalogue: catalogue), """
            stdin:1:1-11: ERROR: Invalid attach point 'fentry:bpf': the 'bpf' variant of this probe requires a bpf program name and optional bpf program id
            fentry:bpf { }
            ~~~~~~~~~~
            HINT: e.g. fentry:bpf:NAME or fentry:bpf:ID:NAME; list them with: swtrace -l 'fentry:bpf:*'

            """)
        XCTAssertEqual(renderedAnalysis("fexit:bpf:abc:func_1 { }", catalogue: catalogue), """
            stdin:1:1-21: ERROR: Invalid attach point 'fexit:bpf:abc:func_1': bpf program id must be a number or '*'
            fexit:bpf:abc:func_1 { }
            ~~~~~~~~~~~~~~~~~~~~

            """)
        XCTAssertEqual(renderedAnalysis("fentry:bpf:1:func_1:x { }", catalogue: catalogue), """
            stdin:1:1-22: ERROR: Invalid attach point 'fentry:bpf:1:func_1:x': expected fentry:bpf:NAME or fentry:bpf:ID:NAME
            fentry:bpf:1:func_1:x { }
            ~~~~~~~~~~~~~~~~~~~~~

            """)
    }

    func testNamesOrIdsOfNoLoadedProgramMatchNothing() {
        let catalogue = RunningProgramsCatalogue()
        XCTAssertEqual(renderedAnalysis("fentry:bpf:gone { }", catalogue: catalogue), """
            stdin:1:1-16: ERROR: No probes matched 'fentry:bpf:gone'
            fentry:bpf:gone { }
            ~~~~~~~~~~~~~~~
            HINT: list what exists with: swtrace -l 'fentry:bpf:*'

            """)
        XCTAssertEqual(renderedAnalysis("fexit:bpf:456:func_2 { }", catalogue: catalogue), """
            stdin:1:1-21: ERROR: No probes matched 'fexit:bpf:456:func_2'
            fexit:bpf:456:func_2 { }
            ~~~~~~~~~~~~~~~~~~~~
            HINT: list what exists with: swtrace -l 'fexit:bpf:*'

            """)
    }

    /// A kernel without trampolines (this host): one error, and no tracepoint advice, which
    /// cannot stand in for a BPF program's function.
    func testAKernelWithoutTrampolinesSaysSoInOneError() {
        XCTAssertEqual(renderedAnalysis("fexit:bpf:func_1 { @ = count(); }", catalogue: RunningProgramsCatalogue(fentry: false)), """
            stdin:1:1-17: ERROR: this kernel does not support fexit (BPF trampolines), which fexit:bpf:func_1 needs
            fexit:bpf:func_1 { @ = count(); }
            ~~~~~~~~~~~~~~~~

            """)
    }
}
