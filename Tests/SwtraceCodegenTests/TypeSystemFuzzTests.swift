// Random expressions over the type system's composite values (kernel structs through BTF,
// pointers and their arithmetic, integer arrays and array casts, tuples and their comparisons,
// narrow integer casts, enum constants): every program either compiles or fails with
// diagnostics that lie inside the source; nothing crashes.
import XCTest
import SwtraceCore
import SwtraceCodegen
import SwtraceRuntime

final class TypeSystemFuzzTests: XCTestCase {
    override func setUpWithError() throws {
        guard BTFTypeCatalogue.vmlinux != nil else { throw XCTSkip("the kernel has no BTF") }
    }

    private static let atoms = [
        "curtask", "curtask->pid", "curtask->comm", "curtask->cpus_mask.bits", "curtask->se.load",
        "(int32 *)curtask", "(uint8[8])12345", "(uint16[])(uint32)7", "TASK_COMM_LEN", "1", "-1", "\"str\"",
        "(int8)255", "(uint16)70000", "curtask->real_parent", "curtask->mm->exe_file", "$a", "@m",
        "(1, \"ab\")", "curtask->comm[1]", "sizeof(struct path)", "offsetof(struct task_struct, pid)",
        "(struct path *)0", "((struct path *)0)->dentry", "*curtask->mm", "curtask->signal->rlim[3]",
    ]
    private static let binary = ["+", "-", "*", "==", "!=", "<", "&&", "&", "<<"]
    private static let casts = ["int8", "uint64", "uint8[4]", "uint8[]", "struct path *", "int32 *", "uint64[2]", "struct qstr"]
    private static let fields = ["pid", "comm", "weight", "dentry", "tgid", "0", "x"]

    private func expression(_ random: inout FuzzRandom, depth: Int = 0) -> String {
        let roll = random.below(100)
        if depth > 2 || roll < 35 { return random.pick(Self.atoms) }
        switch roll {
        case ..<55: return "(\(expression(&random, depth: depth + 1)) \(random.pick(Self.binary)) \(expression(&random, depth: depth + 1)))"
        case ..<63: return "*(\(expression(&random, depth: depth + 1)))"
        case ..<71: return "(\(expression(&random, depth: depth + 1)))[\(random.below(10))]"
        case ..<82: return "(\(random.pick(Self.casts)))\(expression(&random, depth: depth + 1))"
        case ..<92: return "(\(expression(&random, depth: depth + 1))).\(random.pick(Self.fields))"
        default: return "(\(expression(&random, depth: depth + 1)), \(expression(&random, depth: depth + 1)))"
        }
    }

    func testRandomCompositeExpressionsCompileOrAreDiagnosed() throws {
        var random = FuzzRandom(seed: 0x7E57_7E55)
        let catalogue = CompileOnlyKernelTypes()
        var compiled = 0, diagnosed = 0
        for _ in 0..<150 {
            let text = "BEGIN { $a = 1; @m = 2; $x = \(expression(&random)); print($x); @y[$x] = $x; }"
            let source = SourceFile(name: "fuzz.bt", text: text)
            do {
                let checked = try SemanticAnalyzer.analyze(try Parser.parse(source), source: source,
                                                           options: SemanticOptions(catalogue: catalogue))
                _ = try BPFCompiler.compile(checked, options: CompileOptions(possibleCPUs: 2))
                compiled += 1
            } catch let error as DiagnosticError {
                diagnosed += 1
                XCTAssertFalse(error.diagnostics.isEmpty, text)
                for diagnostic in error.diagnostics {
                    XCTAssertLessThanOrEqual(diagnostic.range.start, diagnostic.range.end, text)
                    XCTAssertLessThanOrEqual(diagnostic.range.end, text.utf8.count, "\(diagnostic.message)\n\(text)")
                }
            } catch {
                // Codegen's "not supported yet" errors name a source position too.
                XCTAssertTrue(String(describing: error).contains("1:"), "\(error)\n\(text)")
            }
        }
        // The generator must reach code generation, not only the type checker's errors.
        XCTAssertGreaterThan(compiled, 15, "compiled \(compiled), diagnosed \(diagnosed)")
    }
}
