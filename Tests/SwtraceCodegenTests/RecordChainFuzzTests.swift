// Random struct access chains over the running kernel's BTF: walks from `curtask` through
// pointers, nested records, arrays and strings, choosing real fields, and checks that every
// chain type-checks and that programs made of them compile and pass the kernel verifier.
// Broken variants (misspelt field, '.' for '->' and back) must give diagnostics, never a crash.
import XCTest
import SwtraceCore
import SwtraceCodegen
import SwtraceRuntime

final class RecordChainFuzzTests: XCTestCase {
    override func setUpWithError() throws {
        try ProgramCompiling.requireRoot()
        guard BTFTypeCatalogue.vmlinux != nil else { throw XCTSkip("the kernel has no BTF") }
    }

    func testRandomChainsFromCurtaskCompileAndVerify() throws {
        let catalogue = try XCTUnwrap(BTFTypeCatalogue.vmlinux)
        var random = FuzzRandom(seed: 0x57A7_C0DE)
        for round in 0..<25 {
            var statements: [String] = []
            for index in 0..<8 {
                let chain = ChainGenerator(catalogue: catalogue).chain(&random)
                statements.append("$v\(index) = \(chain.valueExpression);")
            }
            let program = "tracepoint:sched:sched_switch { \(statements.joined(separator: " ")) }"
            do {
                try verifyLoads(program)
            } catch {
                XCTFail("round \(round): \(error)\n\(program)")
            }
        }
    }

    func testBrokenChainsAreDiagnosedWithinTheSource() throws {
        let catalogue = try XCTUnwrap(BTFTypeCatalogue.vmlinux)
        var random = FuzzRandom(seed: 0xB20C_E17)
        for _ in 0..<60 {
            let chain = ChainGenerator(catalogue: catalogue).chain(&random)
            guard let broken = chain.broken(&random) else { continue }
            let source = SourceFile(name: "fuzz.bt", text: "BEGIN { $x = \(broken); }")
            do {
                let program = try Parser.parse(source)
                _ = try SemanticAnalyzer.analyze(program, source: source, options: SemanticOptions(catalogue: CompileOnlyKernelTypes()))
                XCTFail("no error for \(broken)")
            } catch let error as DiagnosticError {
                for diagnostic in error.diagnostics {
                    XCTAssertLessThanOrEqual(diagnostic.range.end, source.text.utf8.count, "\(diagnostic.message) in \(broken)")
                }
            }
        }
    }

    private func verifyLoads(_ text: String) throws {
        let compiled = try ProgramCompiling.compile(text, catalogue: CompileOnlyKernelTypes())
        let loaded = try LoadedProgram(elf: compiled.elf, plan: compiled.plan, verbose: false, requireAttachableProbes: false)
        loaded.detachAll()
    }
}

/// One walk through kernel types; `steps` are the accessors after `curtask`.
struct RecordChain {
    var steps: [String]
    var type: SwType

    var text: String { "curtask" + steps.joined() }

    /// Records and arrays are measured rather than copied whole.
    var valueExpression: String {
        switch type {
        case .record, .array, .void: return "sizeof(\(text))"
        default: return text
        }
    }

    /// The chain with one accessor spoilt: a misspelt field, or `.`/`->` swapped.
    func broken(_ random: inout FuzzRandom) -> String? {
        let candidates = steps.indices.filter { steps[$0].hasPrefix("->") || steps[$0].hasPrefix(".") }
        guard !candidates.isEmpty else { return nil }
        var spoilt = steps
        let index = random.pick(candidates)
        let step = steps[index]
        switch random.below(3) {
        case 0: spoilt[index] = step + "_nope"
        case 1: spoilt[index] = step.hasPrefix("->") ? "." + step.dropFirst(2) : "->" + step.dropFirst(1)
        default: spoilt[index] = step.hasPrefix("->") ? "->zz" + step.dropFirst(2) : ".zz" + step.dropFirst(1)
        }
        return "curtask" + spoilt.joined()
    }
}

struct ChainGenerator {
    let catalogue: BTFTypeCatalogue

    func chain(_ random: inout FuzzRandom) -> RecordChain {
        var chain = RecordChain(steps: [], type: .pointer(.record(name: "struct task_struct", size: 0)))
        for _ in 0..<(1 + random.below(6)) {
            switch chain.type {
            case .pointer(.record(let name, _)):
                guard let field = pickField(name, &random) else { return chain }
                chain.steps.append("->" + field.name); chain.type = field.type
            case .record(let name, _):
                guard let field = pickField(name, &random) else { return chain }
                chain.steps.append("." + field.name); chain.type = field.type
            case .array(let element, let count) where count > 0:
                chain.steps.append("[\(random.below(count))]"); chain.type = element
            case .string(let size) where size > 0 && random.chance(30):
                chain.steps.append("[\(random.below(size))]"); chain.type = .integer(bits: 8, signed: true)
            default:
                return chain
            }
        }
        return chain
    }

    private func pickField(_ record: String, _ random: inout FuzzRandom) -> RecordField? {
        guard let fields = catalogue.record(named: record)?.fields, !fields.isEmpty else { return nil }
        return random.pick(fields)
    }
}
