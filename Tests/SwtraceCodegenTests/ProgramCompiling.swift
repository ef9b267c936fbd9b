// Test helpers: compile program text through every stage, optionally loading it into the kernel.
import XCTest
import Glibc
import SwtraceCore
import SwtraceCodegen
import SwtraceRuntime

/// The live kernel's catalogue, but claiming kprobes and fentry so programs that need them can
/// still be compiled and verified on a host that cannot attach them.
struct CompileOnlyCatalogue: KernelCatalogue {
    let live = LiveKernelCatalogue()
    func tracepoints(category: String, name: String) throws -> [(category: String, name: String)] {
        try live.tracepoints(category: category, name: name)
    }
    func tracepointFormat(category: String, name: String) throws -> TracepointFormat? {
        try live.tracepointFormat(category: category, name: name)
    }
    var features: KernelFeatures { KernelFeatures(kprobes: true, fentry: true, btf: true, ringBuffer: true) }
}

enum ProgramCompiling {
    static func compile(_ text: String, arguments: [String] = [], pid: Int32? = nil,
                        catalogue: KernelCatalogue = CompileOnlyCatalogue()) throws -> CompiledProgram {
        let source = SourceFile(name: "test.bt", text: text)
        let program = try Parser.parse(source)
        let checked = try SemanticAnalyzer.analyze(program, source: source,
            options: SemanticOptions(catalogue: catalogue, pidFilter: pid, positionalArguments: arguments))
        return try BPFCompiler.compile(checked, options: CompileOptions(possibleCPUs: 2))
    }

    /// Compiles and loads every program through the kernel verifier, without attaching.
    static func verify(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let compiled = try compile(text)
        do {
            let loaded = try LoadedProgram(elf: compiled.elf, plan: compiled.plan, verbose: false, requireAttachableProbes: false)
            loaded.detachAll()
        } catch {
            XCTFail("verifier rejected: \(text)\n\(error)", file: file, line: line)
        }
    }

    static func requireRoot() throws {
        guard getuid() == 0 else { throw XCTSkip("loading BPF programs needs root") }
    }
}
