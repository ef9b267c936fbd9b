// Loop bodies run as callbacks (bpf_loop, bpf_for_each_map_elem) whose frame sits on the one
// 512-byte BPF stack with their caller's: big strings, tuples and keys built in a loop body
// live in the program's per-CPU scratch memory, like the probe's own. Each program here was
// refused before (LLVM: "BPF stack limit of 512 bytes is exceeded"); it is now compiled and
// loaded through the kernel verifier.
import XCTest
import SwtraceCore
import SwtraceRuntime
@testable import SwtraceCodegen

final class LoopScratchVerifierTests: XCTestCase {
    override func setUpWithError() throws { try ProgramCompiling.requireRoot() }

    /// Compiles as swtrace does, with the program's config block applied (max_strlen sizes its
    /// strings), and loads the result through the verifier.
    @discardableResult
    private func verify(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> CompiledProgram {
        let source = SourceFile(name: "test.bt", text: text)
        let program = try Parser.parse(source)
        let settings = try ProgramSettings.resolve(config: program.config, environment: [:]).settings
        let checked = try SemanticAnalyzer.analyze(program, source: source,
            options: SemanticOptions(catalogue: CompileOnlyCatalogue(), maxStringSize: settings.maxStrlen))
        let compiled = try BPFCompiler.compile(checked, options: CompileOptions(possibleCPUs: 2))
        do {
            let loaded = try LoadedProgram(elf: compiled.elf, plan: compiled.plan, verbose: false, requireAttachableProbes: false)
            loaded.detachAll()
        } catch {
            XCTFail("verifier rejected: \(text)\n\(error)", file: file, line: line)
        }
        return compiled
    }

    /// The optimised IR of each loop callback of a program (verified as it is compiled), by name.
    private func callbackBodies(_ text: String) throws -> [String: String] {
        let ir = try verify(text).ir
        var bodies: [String: String] = [:]
        for piece in ir.components(separatedBy: "\ndefine ").dropFirst() where piece.hasPrefix("internal i64 @") {
            let name = piece.dropFirst("internal i64 @".count).prefix { $0 != "(" }
            bodies[String(name)] = String(piece.prefix { $0 != "}" })
        }
        return bodies
    }

    func testMapLoopBodyWithTwoMaximumStringsAndATuple() throws {
        let text = """
        tracepoint:syscalls:sys_enter_openat {
            @x[1] = 1;
            for ($kv : @x) {
                $s = str(args.filename); $t = str(args.filename);
                @m[$s, $t] = (comm, $s, $t);
                printf("%s %s\\n", $s, comm);
            }
        }
        """
        let bodies = try callbackBodies(text)
        XCTAssertEqual(bodies.count, 1, "\(bodies.keys)")
        // The body's strings are addressed from the scratch map value the record passes on.
        XCTAssertTrue(bodies.values.allSatisfy { $0.contains("scratch") }, "\(bodies)")
    }

    func testRangeLoopBodyWithLongStrings() throws {
        try verify("""
        config = { max_strlen = 300 }
        tracepoint:syscalls:sys_enter_openat {
            for ($i : 0..3) { $s = str(args.filename); @m[$s, $i] = (comm, $s); printf("%s %s\\n", $s, comm); }
        }
        """)
    }

    // Two levels of callbacks, each with values of 512-byte strings, and a caller variable the
    // outer body reassigns.
    func testNestedLoopsBuildingTuplesOfLongStrings() throws {
        let text = """
        config = { max_strlen = 512 }
        tracepoint:syscalls:sys_enter_openat {
            @x[1] = 1;
            $outer = str(args.filename);
            for ($kv : @x) {
                for ($i : 0..2) {
                    $s = str(args.filename);
                    $t = ($s, $kv.0, $i, comm);
                    @m[$s, $kv.0, $i] = $t;
                    printf("%s %d %d %s %s\\n", $s, $kv.0, $i, $t.3, $outer);
                }
                $outer = "changed";
            }
            printf("after %s\\n", $outer);
        }
        """
        XCTAssertEqual(try callbackBodies(text).count, 2)
    }

    // The probe's own variables are in scratch memory too; the loop body reads and writes them there.
    func testCallerScratchVariablesUsedInLoopBodies() throws {
        try verify("""
        tracepoint:syscalls:sys_enter_openat {
            $a = str(args.filename); $b = str(args.filename); $c = str(args.filename); $d = str(args.filename);
            $e = str(args.filename); $f = str(args.filename); $g = str(args.filename);
            for ($i : 0..3) {
                $a = str(args.filename, $i + 1);
                for ($j : 0..2) { $x = ($a, $j, $b); printf("%s|%d|%s\\n", $x.0, $x.1, $x.2); }
            }
            printf("%s %s %s %s %s %s %s\\n", $a, $b, $c, $d, $e, $f, $g);
        }
        """)
    }

    func testJoinAndBufInsideLoops() throws {
        try verify("""
        tracepoint:syscalls:sys_enter_execve {
            for ($i : 0..2) { join(args.argv, ","); $s = str(args.filename); $b = buf(args.filename, 8); printf("%d %s %r\\n", $i, $s, $b); }
            @x[1] = 1;
            for ($kv : @x) { join(args.argv); printf("%r %s\\n", buf(args.filename, 9), str(args.filename)); }
        }
        """)
    }

    // Map loops over maps whose key and value each hold a 512-byte string: each element slot is
    // 1048 bytes, whose zeroing LLVM merged into one memset longer than the BPF backend writes
    // out ("A call to built-in function 'memset' is not supported"); it is split again.
    func testMapLoopsOverElementsOfLongStrings() throws {
        let text = """
        config = { max_strlen = 512 }
        tracepoint:syscalls:sys_enter_openat {
            @paths[str(args.filename)] = count();
            @last[str(args.filename), comm] = (str(args.filename), pid);
            for ($kv : @paths) { printf("%s %d\\n", $kv.0, $kv.1); for ($kw : @last) { printf("%s %s %s\\n", $kw.0.0, $kw.0.1, $kw.1.0); } }
        }
        END { for ($kv : @paths) { $t = ($kv.0, $kv.0); printf("end %s %s\\n", $t.0, $t.1); } }
        """
        XCTAssertFalse(try verify(text).ir.contains("i64 1048, i1 false)"), "the 1048-byte zeroing is split into pieces")
    }

    // Ten 64-byte strings in one body: 640 bytes, more than the whole stack.
    func testTenStringsInOneLoopBody() throws {
        let strings = (0..<10).map { "$s\($0) = str($i + \($0));" }.joined(separator: " ")
        let arguments = (0..<10).map { "$s\($0)" }.joined(separator: ", ")
        try verify("BEGIN { for ($i : 0..2) { \(strings) printf(\"\(String(repeating: "%s", count: 10))\\n\", \(arguments)); } exit(); }")
    }

    // Each loop's record (ctx, a pointer per variable the body mentions, the range start) is
    // needed only during its helper call: eight loops each reaching twelve variables would need
    // 8 x 112 bytes of records if the records did not share their stack bytes.
    func testLoopRecordsShareTheirStackBytes() throws {
        let variables = (0..<12).map { "$v\($0) = \($0);" }.joined(separator: " ")
        let sum = (0..<12).map { " + $v\($0)" }.joined()
        let loops = (0..<8).map { "for ($i\($0) : 0..2) { $v\($0) += $i\($0)\(sum); }" }.joined(separator: " ")
        let text = "BEGIN { \(variables) \(loops) printf(\"%d %d\\n\", $v0, $v7); exit(); }"
        XCTAssertEqual(try callbackBodies(text).count, 8)
    }

    // A body is handed the variables it mentions only: the record of a loop that uses one of
    // twenty variables holds ctx, the range start and that one pointer; the body loads the two
    // pointers it uses.
    func testCallbackReceivesOnlyTheVariablesItMentions() throws {
        let variables = (0..<20).map { "$v\($0) = \($0);" }.joined(separator: " ")
        let text = "BEGIN { \(variables) for ($i : 0..2) { $v3 += $i; } printf(\"%d %d\\n\", $v3, $v19); exit(); }"
        let bodies = try callbackBodies(text)
        XCTAssertEqual(bodies.count, 1)
        let pointerLoads = bodies.values.first!.components(separatedBy: "\n").filter { $0.contains("= load i64*") || $0.contains("= load i8*") }
        XCTAssertEqual(pointerLoads.count, 2, "the range start and $v3: \(pointerLoads)")
    }
}
