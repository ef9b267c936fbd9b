// Semantic analysis against a fixed kernel catalogue: probe resolution, types, map typing, errors.
import XCTest
@testable import SwtraceCore

struct FixedCatalogue: KernelCatalogue {
    var formats: [TracepointFormat] = [
        TracepointFormat(category: "syscalls", name: "sys_enter_openat", fields: [
            TracepointField(name: "__syscall_nr", cType: "int", offset: 8, size: 4, isSigned: true),
            TracepointField(name: "dfd", cType: "int", offset: 16, size: 8, isSigned: false),
            TracepointField(name: "filename", cType: "const char *", offset: 24, size: 8, isSigned: false),
            TracepointField(name: "flags", cType: "int", offset: 32, size: 8, isSigned: false),
            TracepointField(name: "mode", cType: "umode_t", offset: 40, size: 8, isSigned: false),
        ]),
        TracepointFormat(category: "syscalls", name: "sys_exit_read", fields: [
            TracepointField(name: "__syscall_nr", cType: "int", offset: 8, size: 4, isSigned: true),
            TracepointField(name: "ret", cType: "long", offset: 16, size: 8, isSigned: true),
        ]),
        TracepointFormat(category: "sched", name: "sched_switch", fields: [
            TracepointField(name: "prev_comm", cType: "char prev_comm[16]", offset: 8, size: 16, isSigned: false),
            TracepointField(name: "prev_pid", cType: "pid_t", offset: 24, size: 4, isSigned: true),
        ]),
        TracepointFormat(category: "sched", name: "sched_wakeup", fields: []),
    ]
    var features = KernelFeatures(kprobes: false, fentry: false, btf: true, ringBuffer: true)

    func tracepoints(category: String, name: String) throws -> [(category: String, name: String)] {
        formats.filter { globMatches(category, $0.category) && globMatches(name, $0.name) }.map { ($0.category, $0.name) }
    }
    func tracepointFormat(category: String, name: String) throws -> TracepointFormat? {
        formats.first { $0.category == category && $0.name == name }
    }
}

final class SemanticAnalysisTests: XCTestCase {
    func analyze(_ text: String, pid: Int32? = nil, arguments: [String] = [],
                 catalogue: FixedCatalogue = FixedCatalogue()) throws -> CheckedProgram {
        let source = SourceFile(name: "stdin", text: text)
        return try SemanticAnalyzer.analyze(try Parser.parse(source), source: source,
            options: SemanticOptions(catalogue: catalogue, pidFilter: pid, positionalArguments: arguments))
    }

    /// The ids and messages of every error the program produces.
    func errors(_ text: String, catalogue: FixedCatalogue = FixedCatalogue()) -> [String] {
        do {
            _ = try analyze(text, catalogue: catalogue)
            return []
        } catch let error as DiagnosticError {
            return error.diagnostics.filter { $0.severity == .error }.map { "\($0.id): \($0.message)" }
        } catch {
            return ["unexpected: \(error)"]
        }
    }

    func testWildcardTracepointsExpandAndProbeNeedsOneProgramEach() throws {
        let checked = try analyze("tracepoint:sched:sched* { @[probe] = count(); }")
        XCTAssertEqual(checked.probes[0].attachPoints.map(\.probeName),
                       ["tracepoint:sched:sched_switch", "tracepoint:sched:sched_wakeup"])
        XCTAssertTrue(checked.probes[0].needsProgramPerAttachPoint)
        XCTAssertEqual(checked.maps, [MapInfo(name: "@", keyTypes: [.probeName], isKeyed: true,
                                              value: .aggregation(.count), firstUse: checked.maps[0].firstUse)])
    }

    func testSharedProgramWhenBodyDoesNotDependOnTheProbe() throws {
        let checked = try analyze("tracepoint:sched:sched* { @ = count(); }")
        XCTAssertFalse(checked.probes[0].needsProgramPerAttachPoint)
        XCTAssertEqual(checked.maps[0].keyTypes, [])
        XCTAssertFalse(checked.maps[0].isKeyed)
    }

    func testArgsFieldsTakeTheirTracepointTypes() throws {
        let checked = try analyze(#"tracepoint:syscalls:sys_exit_read { @bytes = hist(args.ret); @last = args.ret; }"#)
        XCTAssertEqual(checked.maps.map(\.name), ["@bytes", "@last"])
        XCTAssertEqual(checked.maps[0].value, .aggregation(.hist))
        XCTAssertEqual(checked.maps[1].value, .int64)
        let comm = try analyze(#"tracepoint:sched:sched_switch { @[args.prev_comm] = count(); }"#)
        XCTAssertEqual(comm.maps[0].keyTypes, [.string(size: 16)])
    }

    func testMapReadBeforeTheProbeThatAssignsItIsTypedFromTheAssignment() throws {
        let checked = try analyze("tracepoint:syscalls:sys_exit_read /@start[tid]/ { @ns = hist(nsecs - @start[tid]); } tracepoint:syscalls:sys_enter_openat { @start[tid] = nsecs; }")
        XCTAssertEqual(checked.maps.first { $0.name == "@start" }?.value, .uint64)
        XCTAssertEqual(checked.maps.first { $0.name == "@start" }?.keyTypes, [.uint64])
    }

    func testStrSizeAndComm() throws {
        let checked = try analyze(#"tracepoint:syscalls:sys_enter_openat { @[comm, str(args.filename)] = count(); }"#)
        XCTAssertEqual(checked.maps[0].keyTypes, [.string(size: 16), .string(size: 64)])
    }

    func testLhistBoundsAreLiterals() throws {
        let checked = try analyze("tracepoint:syscalls:sys_exit_read { @l = lhist(args.ret, 0, 2000, 200); }")
        XCTAssertEqual(checked.maps[0].value, .aggregation(.lhist(min: 0, max: 2000, step: 200)))
        XCTAssertEqual(errors("tracepoint:syscalls:sys_exit_read { @l = lhist(args.ret, 0, pid, 200); }"),
                       ["literal-required: lhist(): min, max and step must be a literal"])
    }

    func testPidFilterAppliesToTracepointsButNotToBeginOrInterval() throws {
        let checked = try analyze("BEGIN { } interval:s:1 { } tracepoint:syscalls:sys_exit_read { }", pid: 42)
        XCTAssertEqual(checked.probes.map(\.filtersByPid), [false, false, true])
        XCTAssertEqual(checked.pidFilter, 42)
    }

    func testIntervalPeriods() throws {
        let checked = try analyze("interval:s:5 { } interval:ms:100 { } i:us:10 { } interval:hz:4 { }")
        XCTAssertEqual(checked.probes.map { $0.attachPoints[0].target }, [
            .interval(periodNanoseconds: 5_000_000_000), .interval(periodNanoseconds: 100_000_000),
            .interval(periodNanoseconds: 10_000), .interval(periodNanoseconds: 250_000_000),
        ])
        XCTAssertEqual(checked.probes[0].attachPoints[0].probeName, "interval:s:5")
    }

    func testPositionalParameters() throws {
        let checked = try analyze(#"BEGIN { @n = $1; @s = str($2); @c = $#; }"#, arguments: ["42", "hello"])
        XCTAssertEqual(checked.maps.map(\.value), [.int64, .string(size: 6), .int64])
    }

    func testErrors() {
        XCTAssertEqual(errors("BEGIN { @x = pidd; }"), ["unknown-identifier: Unknown identifier: 'pidd'"])
        XCTAssertEqual(errors("BEGIN { foo(1); }"), ["unknown-function: Unknown function: 'foo'"])
        XCTAssertEqual(errors("BEGIN { printf(\"%d %d\\n\", 1); }"),
                       ["printf-format: printf: Not enough arguments for format string (1 supplied, 2 expected)"])
        XCTAssertEqual(errors("BEGIN { printf(\"%d\\n\", comm); }"),
                       ["printf-format: printf: %d specifier expects an integer (argument 1 is string[16])"])
        XCTAssertEqual(errors("BEGIN { @x = 1; @x = comm; }"),
                       ["map-value-mismatch: Type mismatch for @x: trying to assign value of type 'string[16]' when map already contains a value of type 'int64'"])
        XCTAssertEqual(errors("BEGIN { @x = count(); @x = sum(1); }"),
                       ["map-value-mismatch: Type mismatch for @x: trying to assign value of type 'sum_t' when map already contains a value of type 'count_t'"])
        XCTAssertEqual(errors("BEGIN { print(@nope); }"), ["undefined-map: Undefined map: @nope"])
        XCTAssertEqual(errors("BEGIN { @x = $y; }"), ["undefined-variable: Undefined or undeclared variable: $y"])
        XCTAssertEqual(errors("tracepoint:nope:nothing { }"), ["no-probes-matched: No probes matched 'tracepoint:nope:nothing'"])
        XCTAssertEqual(errors("tracepoint:syscalls:sys_exit_read { @ = args.bytes; }"),
                       ["unknown-field: tracepoint:syscalls:sys_exit_read args has no field named 'bytes'"])
        XCTAssertEqual(errors("kprobe:vfs_read { }"),
                       ["kernel-lacks-feature: this kernel does not support kprobes, which kprobe:vfs_read needs"])
        XCTAssertEqual(errors("BEGIN { @c = lhist(1, 0, 10, 1); if (@c > 1) { } }"),
                       ["read-aggregation: Cannot read the value of @c, which holds lhist() data, inside a probe"])
        XCTAssertEqual(errors("BEGIN { @c = count(); if (@c > 1) { } $x = @c; }"), [])
        XCTAssertEqual(errors("BEGIN { @c = count(); if (@c + 1) { } }"), [])
        XCTAssertEqual(errors("BEGIN { x = count(); }").first?.hasPrefix("invalid-assignment") ?? false ||
                       errors("BEGIN { x = count(); }").first?.hasPrefix("syntax") ?? false, true)
        XCTAssertEqual(errors("BEGIN { break; }"), ["loop-control: 'break' used outside of a loop"])
        XCTAssertEqual(errors("blah:foo { }"), ["unknown-probe-type: Invalid probe type: blah"])
        XCTAssertEqual(errors("BEGIN { @x = retval; }"),
                       ["builtin-unavailable: The retval builtin can not be used with 'BEGIN' probes"])
    }

    func testHintsNameTheFix() throws {
        do {
            _ = try analyze("BEGIN { @x = commm; }")
            XCTFail("expected an error")
        } catch let error as DiagnosticError {
            XCTAssertEqual(error.diagnostics.first?.hints, ["did you mean 'comm'?"])
        }
        do {
            _ = try analyze("kretprobe:vfs_read { }")
            XCTFail("expected an error")
        } catch let error as DiagnosticError {
            XCTAssertEqual(error.diagnostics.first?.hints,
                           ["the stable tracepoint tracepoint:syscalls:sys_exit_read covers the same events: use it instead"])
        }
    }
}
