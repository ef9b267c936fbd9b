// Drives codegen and the kernel verifier with a hand-built tree (no parser involved).
import XCTest
import Glibc
@testable import SwtraceCore
import SwtraceCodegen
import SwtraceRuntime

final class HandBuiltSmokeTests: XCTestCase {
    private var nextID = 0
    private func e(_ kind: ExprKind) -> Expr { nextID += 1; return Expr(id: nextID, kind: kind, range: .none) }
    private func s(_ kind: StmtKind) -> Stmt { Stmt(kind, range: .none) }

    func testCountGetppidLoadsAndCounts() throws {
        guard getuid() == 0 else { throw XCTSkip("needs root") }
        let me = getpid()
        let predicate = e(.binary(.equal, e(.identifier("pid")), e(.integer(UInt64(me)))))
        let body = Block(statements: [
            s(.assign(target: e(.map(name: "", keys: [])), op: .assign, value: e(.call(name: "count", arguments: [])))),
            s(.assign(target: e(.map(name: "h", keys: [e(.identifier("comm"))])), op: .assign,
                      value: e(.call(name: "hist", arguments: [e(.identifier("tid"))])))),
            s(.expression(e(.call(name: "printf", arguments: [e(.string("%s %d\n")), e(.identifier("comm")), e(.identifier("pid"))])))),
        ], range: .none)
        let point = AttachPoint(raw: "tracepoint:syscalls:sys_enter_getppid", parts: ["tracepoint", "syscalls", "sys_enter_getppid"], range: .none)
        let program = Program(probes: [Probe(attachPoints: [point], predicate: predicate, body: body, range: .none)])
        let checked = try SemanticAnalyzer.analyze(program, source: SourceFile(name: "test", text: ""),
                                                   options: SemanticOptions(catalogue: LiveKernelCatalogue()))
        let compiled = try BPFCompiler.compile(checked, options: CompileOptions(possibleCPUs: 2))
        XCTAssertFalse(compiled.elf.isEmpty)
        let loaded = try LoadedProgram(elf: compiled.elf, plan: compiled.plan, verbose: false)
        XCTAssertEqual(try loaded.attachAll(), 1)
        for _ in 0..<1000 { _ = getppid() }
        var printed = 0
        try loaded.drain { event in if case .printf = event { printed += 1 } }
        let snapshot = try loaded.readMap(0)
        XCTAssertEqual(snapshot.entries.first?.value, .count(1000))
        XCTAssertEqual(printed, 1000)
        loaded.detachAll()
    }
}
