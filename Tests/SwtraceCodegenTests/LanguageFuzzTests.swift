// Property-based fuzzing of the front end: random programs from the grammar, mutations of
// valid programs, and token soup go through parse -> semantic analysis -> (when they check)
// LLVM codegen. The properties: every input terminates quickly, nothing crashes, and every
// diagnostic points inside the source. A short deterministic run is part of `swift test`;
// Benchmarks/fuzz.sh runs it for as long as asked (SWTRACE_FUZZ_SECONDS) with a fresh seed.
import XCTest
import Foundation
import SwtraceCore
import SwtraceCodegen
import SwtraceRuntime

final class LanguageFuzzTests: XCTestCase {
    func testRandomProgramsNeverCrashOrHang() throws {
        let environment = ProcessInfo.processInfo.environment
        let seconds = Double(environment["SWTRACE_FUZZ_SECONDS"] ?? "") ?? 3
        let seed = UInt64(environment["SWTRACE_FUZZ_SEED"] ?? "") ?? 0x5EED_2026
        // Where the input being tried is written first, so a crash leaves it behind.
        let currentFile = environment["SWTRACE_FUZZ_CURRENT"]

        var random = FuzzRandom(seed: seed)
        let generator = ProgramGenerator()
        var corpus = FuzzCorpus.programs
        var statistics = FuzzStatistics()
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let text: String
            switch random.below(10) {
            case 0..<4: text = generator.program(&random)
            case 4..<8: text = Mutator.mutate(corpus[random.below(corpus.count)], &random)
            default: text = Mutator.tokenSoup(&random)
            }
            if let currentFile { try? text.write(toFile: currentFile, atomically: false, encoding: .utf8) }
            let started = Date()
            let stage = FuzzHarness.run(text, statistics: &statistics)
            let elapsed = Date().timeIntervalSince(started)
            XCTAssertLessThan(elapsed, 5, "too slow (\(elapsed) s):\n\(text)")
            if stage == .compiled, corpus.count < 400 { corpus.append(text) }
        }
        print("fuzz: seed \(seed), \(statistics.total) programs in \(Int(seconds)) s: " +
              "\(statistics.syntaxErrors) syntax errors, \(statistics.semanticErrors) semantic errors, " +
              "\(statistics.codegenErrors) codegen refusals, \(statistics.compiled) compiled; " +
              "most common first errors: \(statistics.commonDiagnostics)")
        XCTAssertGreaterThan(statistics.compiled, 0, "the generator should produce some valid programs")
        if FuzzHarness.verifyInKernel {
            print("fuzz: \(statistics.verifierRejections.count) compiled programs refused by the verifier")
            for rejection in statistics.verifierRejections.prefix(3) { print("--- refused:\n\(rejection)") }
        }
    }
}

extension LanguageFuzzTests {
    /// Found with SWTRACE_FUZZ_VERIFY=1 (seed 2027): a frame LLVM's BPF backend found over 512
    /// bytes made LLVM print an error and exit the process. Scratch slots are now addressed where
    /// they are used (not all at once at the start, where LLVM spilled the addresses), so that
    /// program compiles. Integer variables stay on the stack (the verifier tracks them there):
    /// seventy of them that a loop body mentions (so LLVM cannot keep them in registers, and the
    /// loop's record holds a pointer to each) still overflow it, and that is an error swtrace
    /// reports.
    func testStackOverflowInTheBackendIsAnErrorNotAnExit() throws {
        let text = """
        macro twice(x) { x * 2 }
        macro bump($v, @w) { $v += 1; @w += 1; }
        fn f($x: int64, $y: uint32): int64 { if ($x > $y) { return $x; } return $y + 1; }
        fn g($p: string): uint8 { return $p == "x"; }
        config = { unstable_map_decl=enable }
        let @decl = percpulruhash(16);
        interval:s:1 /@sm[2] == 5/ {
          $a = 1; $b = 2; $c = 3; $s = "s"; $t = (1, "x"); @m[0] = 1; @n[1] = 2; @k = 3; @p[1, 2] = 3; @cnt = count(); @sm[1] = sum(5);
          unroll(3) {
          @decl[@n[7]] = count();
          if (1_000) {
          for ($j : 2..4) {
          printf("%d %s\\n", 1_000, str($b));
          delete(@m[65536]);
          $a %= $a;
          }
          printf("%d %s\\n", 0777, "lit");
          } else { $i = 0; while ($i < 1) {
          $i++;
          $c >>= sizeof(uint32);
          $b = $c;
          printf("%d %s\\n", 4294967296, str($c));
          @agg[-1] = count();
          $b %= sizeof(uint32);
          } }
          if (nsecs) {
          for ($j : 0..$a) {
          let $d;
          @m[$a] >>= 'a';
          break;
          print(tid);
          let $f = $a;
          }
          }
          }
        }
        """
        XCTAssertNoThrow(try ProgramCompiling.compile(text))

        let assignments = (0..<70).map { "$v\($0) = \($0);" }.joined(separator: " ")
        let sum = (1..<70).map { " + $v\($0)" }.joined()
        let overflowing = "BEGIN { \(assignments) for ($i : 0..2) { $v0 += $i\(sum); } printf(\"%d\\n\", $v0); exit(); }"
        XCTAssertThrowsError(try ProgramCompiling.compile(overflowing)) { error in
            guard case CodegenError.stackLimit(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("BPF stack limit of 512 bytes"), message)
            XCTAssertTrue("\(error)".hasPrefix("the program needs more than the BPF stack's 512 bytes"), "\(error)")
        }
    }
}

struct FuzzStatistics {
    var total = 0, syntaxErrors = 0, semanticErrors = 0, codegenErrors = 0, compiled = 0
    /// With SWTRACE_FUZZ_VERIFY=1 (root): compiled programs the kernel verifier refused.
    var verifierRejections: [String] = []
    /// How often each diagnostic id was the first one reported, to see what the generator trips on.
    var firstDiagnostics: [String: Int] = [:]
    var commonDiagnostics: String {
        firstDiagnostics.sorted { $0.value > $1.value }.prefix(8).map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}

enum FuzzStage { case syntaxError, semanticError, codegenError, compiled }

enum FuzzHarness {
    static let catalogue = FuzzCatalogue()
    /// Also load what compiles through the kernel verifier (slow; needs root).
    static let verifyInKernel = ProcessInfo.processInfo.environment["SWTRACE_FUZZ_VERIFY"] == "1" && geteuid() == 0

    /// Runs one input through every stage it gets past; checks the diagnostics it produces.
    static func run(_ text: String, statistics: inout FuzzStatistics) -> FuzzStage {
        statistics.total += 1
        let source = SourceFile(name: "fuzz.bt", text: text)
        let program: Program
        do {
            program = try Parser.parse(source)
        } catch {
            statistics.syntaxErrors += 1
            check(error, in: source, text)
            return .syntaxError
        }
        let checked: CheckedProgram
        do {
            checked = try SemanticAnalyzer.analyze(program, source: source,
                options: SemanticOptions(catalogue: catalogue,
                                         positionalArguments: ["7", "text"] + (text.contains("getopt(\"n\"") ? ["--n=5"] : [])
                                                              + (text.contains("getopt(\"flag\")") ? ["--flag"] : [])))
        } catch {
            statistics.semanticErrors += 1
            if let first = (error as? DiagnosticError)?.diagnostics.first { statistics.firstDiagnostics[first.id, default: 0] += 1 }
            check(error, in: source, text)
            return .semanticError
        }
        do {
            let compiled = try BPFCompiler.compile(checked, options: CompileOptions(possibleCPUs: 2))
            if verifyInKernel {
                do {
                    let loaded = try LoadedProgram(elf: compiled.elf, plan: compiled.plan, verbose: false, requireAttachableProbes: false)
                    loaded.detachAll()
                } catch {
                    statistics.verifierRejections.append(text + "\n--- " + String(describing: error).suffix(300))
                }
            }
        } catch {
            statistics.codegenErrors += 1
            statistics.firstDiagnostics["codegen: \(error)".prefix(60).description, default: 0] += 1
            return .codegenError
        }
        statistics.compiled += 1
        return .compiled
    }

    private static func check(_ error: Error, in source: SourceFile, _ text: String) {
        guard let error = error as? DiagnosticError else {
            XCTFail("not a diagnostic: \(error)\n\(text)")
            return
        }
        XCTAssertFalse(error.diagnostics.isEmpty, text)
        for diagnostic in error.diagnostics {
            if diagnostic.range == .unlocated { continue }  // about the whole script
            XCTAssertLessThanOrEqual(diagnostic.range.start, diagnostic.range.end, text)
            XCTAssertLessThanOrEqual(diagnostic.range.end, source.utf8.count + 1, "\(diagnostic.message)\n\(text)")
        }
        _ = DiagnosticRenderer.render(error.diagnostics, in: source)
    }
}

/// A fixed kernel: two read tracepoints and every probe kind available.
struct FuzzCatalogue: KernelCatalogue {
    let formats = [
        TracepointFormat(category: "syscalls", name: "sys_enter_read", fields: [
            TracepointField(name: "__syscall_nr", cType: "int", offset: 8, size: 4, isSigned: true),
            TracepointField(name: "fd", cType: "unsigned int", offset: 16, size: 8, isSigned: false),
            TracepointField(name: "buf", cType: "char *", offset: 24, size: 8, isSigned: false),
            TracepointField(name: "count", cType: "size_t", offset: 32, size: 8, isSigned: false),
        ]),
        TracepointFormat(category: "syscalls", name: "sys_exit_read", fields: [
            TracepointField(name: "__syscall_nr", cType: "int", offset: 8, size: 4, isSigned: true),
            TracepointField(name: "ret", cType: "long", offset: 16, size: 8, isSigned: true),
        ]),
    ]
    var features: KernelFeatures { KernelFeatures(kprobes: true, fentry: false, btf: false, ringBuffer: true) }
    func tracepoints(category: String, name: String) throws -> [(category: String, name: String)] {
        formats.filter { globMatches(category, $0.category) && globMatches(name, $0.name) }.map { ($0.category, $0.name) }
    }
    func tracepointFormat(category: String, name: String) throws -> TracepointFormat? {
        formats.first { $0.category == category && $0.name == name }
    }
}

/// SplitMix64: small, fast, and the same sequence for the same seed on every machine.
struct FuzzRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// Random programs from the grammar: mostly valid, sometimes ill-typed on purpose.
struct ProgramGenerator {
    let integers = ["0", "1", "7", "255", "256", "-1", "-129", "65536", "0x1f", "0777", "1_000", "5ms", "2s", "1m",
                    "'a'", "4294967296", "9223372036854775807", "18446744073709551615", "2e3", "10UL", "true", "false"]
    let types = ["uint8", "int8", "uint16", "int16", "uint32", "int32", "uint64", "int64", "u64", "uint32_t", "bool"]
    let binary = ["+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>", "==", "!=", "<", "<=", ">", ">=", "&&", "||"]
    let compound = ["=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>="]
    /// Integer variables every probe starts by assigning (ill-typed uses stay possible via $s/$t).
    let variables = ["$a", "$b", "$c"]
    /// Leaves only some probes provide (args fields, retval...).
    var probeLeaves: [String] = []
    /// The preamble defines `struct Pair`, which casts may then name.
    var hasPair = false
    /// The preamble declares `@decl` with this map type.
    var declaredKind: String?
    let maps = ["@", "@m", "@n", "@k", "@agg"]

    func program(_ r: inout FuzzRandom) -> String {
        var parts: [String] = []
        if r.chance(95) { parts.append("macro twice(x) { x * 2 }\nmacro bump($v, @w) { $v += 1; @w += 1; }") }
        if r.chance(95) { parts.append("fn f($x: int64, $y: uint32): int64 { if ($x > $y) { return $x; } return $y + 1; }") }
        if r.chance(95) { parts.append("fn g($p: string): uint8 { return $p == \"x\"; }") }
        if r.chance(10) { parts.append("config = { max_map_keys = 64; }") }
        if r.chance(5) { parts.append("config = { unstable_tseries=\(r.pick(["enable", "warn", "error"])) }") }
        var generator = self
        if r.chance(40) {
            parts.append("struct Pair { int x; u64 y; char name[8]; struct Pair *next; }")
            generator.hasPair = true
        }
        if r.chance(20) {
            let kind = r.chance(95) ? r.pick(["hash", "lruhash", "percpuhash", "percpulruhash"]) : "bogus"
            parts.append("config = { unstable_map_decl=enable }\nlet @decl = \(kind)(\(r.chance(95) ? "16" : "0"));")
            generator.declaredKind = kind
        }
        return parts.joined(separator: "\n") + "\n" + generator.probes(&r)
    }

    func probes(_ r: inout FuzzRandom) -> String {
        var parts: [String] = []
        for _ in 0..<(1 + r.below(3)) {
            let probe = r.pick(["BEGIN", "END", "tracepoint:syscalls:sys_enter_read", "tracepoint:syscalls:sys_exit_read",
                                "interval:s:1", "tracepoint:syscalls:sys_*_read", "kprobe:vfs_read", "kretprobe:vfs_read",
                                "self:signal:SIGUSR1", "test:case", "bench:case", "hardware:cache-misses:1e3"])
            // Rarely, forms this catalogue refuses (no iterators, no -p, no trampolines): their
            // diagnostics are exercised without drowning the programs that compile.
            let rareProbe = r.chance(3) ? r.pick(["iter:task:pinned", "watchpoint:increment+arg1:4:w", "fexit:bpf:prog"]) : nil
            var inProbe = self
            switch probe {
            case "tracepoint:syscalls:sys_enter_read": inProbe.probeLeaves = ["args.count", "args.fd", "str(args.buf)"]
            case "tracepoint:syscalls:sys_exit_read": inProbe.probeLeaves = ["args.ret"]
            case "kprobe:vfs_read": inProbe.probeLeaves = ["arg0", "arg2"]
            case "kretprobe:vfs_read": inProbe.probeLeaves = ["retval"]
            default: inProbe.probeLeaves = []
            }
            // A few leaves the probe lacks keep the "not available here" paths exercised.
            if r.chance(10) { inProbe.probeLeaves.append(r.pick(["args.count", "retval", "arg1", "args.nope"])) }
            let predicate = r.chance(20) ? " /\(inProbe.expression(&r, depth: 2))/" : ""
            let setup = "  $a = 1; $b = 2; $c = 3; $s = \"s\"; $t = (1, \"x\"); @m[0] = 1; @n[1] = 2; @k = 3; @p[1, 2] = 3; @cnt = count(); @sm[1] = sum(5);\n"
            parts.append("\(rareProbe ?? probe)\(predicate) {\n\(setup)\(inProbe.block(&r, depth: 3))}")
        }
        return parts.joined(separator: "\n")
    }

    func block(_ r: inout FuzzRandom, depth: Int, inLoop: Bool = false) -> String {
        (0..<(1 + r.below(5))).map { _ in "  " + statement(&r, depth: depth, inLoop: inLoop) + "\n" }.joined()
    }

    func statement(_ r: inout FuzzRandom, depth: Int, inLoop: Bool) -> String {
        let e = { (r: inout FuzzRandom) in expression(&r, depth: depth) }
        switch r.below(depth > 0 ? 16 : 8) {
        case 0: return "\(r.pick(variables)) \(r.pick(compound)) \(e(&r));"
        case 1: return "\(r.pick(["@m", "@n"]))[\(e(&r))] \(r.pick(compound)) \(e(&r));"
        case 2: return "@agg[\(e(&r))] = \(r.pick(["count()", "sum(\(e(&r)))", "hist(\(e(&r)))", "min(\(e(&r)))", "lhist(\(e(&r)), 0, 100, 10)", "tseries(\(e(&r)), 1s, 5)"]));"
        case 3: return "\(r.pick(variables + ["@k", "@m[2]", "@n[$a]"]))\(r.pick(["++", "--"]));"
        case 4: return "printf(\"%d %s\\n\", \(e(&r)), \(r.pick(["comm", "\"lit\"", "\"\\xff\\251\"", "$s", "str(\(e(&r)))"])));"
        case 5: return "let \(r.pick(["$d", "$e", "$f", "$a"]))\(r.chance(50) ? ": " + r.pick(types + ["string"]) : "")\(r.chance(70) ? " = " + e(&r) : "");"
        case 6: return r.pick(["print(\(e(&r)));", "delete(@m[\(e(&r))]);", "clear(@n);", "exit();", "print(@k);", "printf(\"%r\\n\", buf($s, \(e(&r))));"])
        case 7: return inLoop ? r.pick(["break;", "continue;"]) : r.pick(["return;", "$s = \"str\";", "$t = (1, \"x\");"])
        case 8, 9:
            let elseBlock = r.chance(50) ? " else { \(statement(&r, depth: depth - 1, inLoop: inLoop)) }" : ""
            return "if (\(e(&r))) {\n\(block(&r, depth: depth - 1, inLoop: inLoop))  }\(elseBlock)"
        // The counter moves first, so a `continue` in the body cannot make the loop endless
        // (the verifier refuses endless loops, which would hide real refusals with SWTRACE_FUZZ_VERIFY).
        case 10: return "$i = 0; while ($i < \(r.below(8))) {\n  $i++;\n\(block(&r, depth: depth - 1, inLoop: true))  }"
        case 11 where depth == 3: return "unroll(\(r.below(5))) {\n\(block(&r, depth: depth - 1, inLoop: inLoop))  }"
        case 12: return "for ($j : \(r.below(3))..\(r.pick(["4", "$a", "ncpus"]))) {\n\(block(&r, depth: depth - 1, inLoop: true))  }"
        case 13: return "@m[1] = 2; for ($kv : \(r.pick(["@m", "@n", "@k"]))) {\n  $a = $kv.0;\n\(block(&r, depth: depth - 1, inLoop: true))  }"
        case 14: return "\(r.pick(variables)) = { let $z = \(e(&r)); $z + 1 };"
        case 15 where declaredKind != nil && r.chance(50):
            return "@decl[\(e(&r))] = \(declaredKind!.hasPrefix("percpu") ? "count()" : "1");"
        case 15 where r.chance(50): return r.pick(["_ = \(e(&r));", "\(e(&r));"])
        default: return "bump($a, @n); $b = twice(\(e(&r)));"
        }
    }

    /// Maps keep one key shape each (as bpftrace requires), except now and then.
    func map(_ r: inout FuzzRandom, depth: Int) -> String {
        let key = { (r: inout FuzzRandom) in expression(&r, depth: depth - 1) }
        switch r.below(6) {
        case 0: return r.pick(["@k", "@"])
        case 1: return "@p[\(key(&r)), \(key(&r))]"
        case 2 where r.chance(10): return "\(r.pick(maps))[\(key(&r)), 1]"
        default: return "\(r.pick(["@m", "@n"]))[\(key(&r))]"
        }
    }

    func expression(_ r: inout FuzzRandom, depth: Int) -> String {
        if depth <= 0 || r.chance(30) {
            return r.pick(integers + variables + variables + probeLeaves + ["pid", "tid", "nsecs", "cpu", "$1", "$#", "sizeof(uint32)"]
                          + (r.chance(10) ? ["comm", "\"str\"", "$s", "$t", "$2", "probe"] : []))
        }
        let sub = { (r: inout FuzzRandom) in expression(&r, depth: depth - 1) }
        switch r.below(12) {
        case 0, 1, 2: return "\(sub(&r)) \(r.pick(binary)) \(sub(&r))"
        case 3: return "\(r.pick(["-", "!", "~"]))\(sub(&r))"
        case 4: return "(\(sub(&r)) ? \(sub(&r)) : \(sub(&r)))"
        case 5: return "(\(r.pick(types)))\(sub(&r))"
        case 6: return "(\(sub(&r)), \(sub(&r)))"
        case 7: return "(\(sub(&r)), \"x\").\(r.below(3))"
        case 8: return map(&r, depth: depth)
        case 9: return r.pick(["f(\(sub(&r)), 3)", "g(\"x\")", "twice(\(sub(&r)))", "str($2 + 1)", "str(args.buf)",
                               "(int64)@cnt", "(uint32)@sm[1]", "@sm[2] == 5", "@p[(1, 2)]", "@p[\(sub(&r)), 2]",
                               "getopt(\"n\", 3)", "getopt(\"flag\")", "getopt(\"n\", \(r.pick(integers)))"])
        case 10 where hasPair && r.chance(40): return "((struct Pair *)$\(r.pick(["a", "b", "c"])))->\(r.pick(["x", "y", "next->x", "name"]))"
        case 10: return "{ \(sub(&r)) }"
        default: return "(\(sub(&r)))"
        }
    }
}

/// Small random edits of a program's text, and sequences of loose tokens.
enum Mutator {
    static let tokens = [
        "BEGIN", "END", "tracepoint:syscalls:sys_enter_read", "{", "}", "(", ")", "[", "]", ";", ",", "/", "=", "+=",
        "==", "?", ":", "..", ".", "->", "++", "--", "@x", "@", "$y", "$1", "$#", "42", "0x1f", "5s", "\"s\"", "'c'",
        "if", "else", "while", "for", "unroll", "let", "return", "break", "continue", "config", "fn", "macro",
        "sizeof", "(uint8)", "printf", "count()", "getopt(\"n\"", "--", "*", "&", "-", "!", "~", "<<", ">>", "$kv.0", ".0", "args.",
        "\n", " ", "//c\n", "/*c*/", "\"", "#define X 1\n", "\\", "%", "0..", "_", "$", "@m[", "uint64", ": int64",
        "\"\\xff\\376\"", "\\x", "\\777", "buf(", "iter:task:pin", "watchpoint:f+arg1:4:w", "fentry:bpf:prog", "unwatch(",
    ]

    static func mutate(_ text: String, _ r: inout FuzzRandom) -> String {
        var bytes = Array(text.utf8)
        for _ in 0..<(1 + r.below(4)) {
            let at = r.below(bytes.count + 1)
            switch r.below(5) {
            case 0 where !bytes.isEmpty:
                let length = 1 + r.below(min(8, bytes.count - min(at, bytes.count - 1)))
                let start = min(at, bytes.count - 1)
                bytes.removeSubrange(start..<min(bytes.count, start + length))
            case 1:
                bytes.insert(contentsOf: Array(r.pick(tokens).utf8), at: at)
            case 2 where !bytes.isEmpty:
                let start = r.below(bytes.count), length = 1 + r.below(min(16, bytes.count - start))
                bytes.insert(contentsOf: bytes[start..<(start + length)], at: at)
            case 3 where !bytes.isEmpty:
                bytes[min(at, bytes.count - 1)] = UInt8(32 + r.below(95))
            default:
                bytes.insert(UInt8(r.below(256)), at: at)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func tokenSoup(_ r: inout FuzzRandom) -> String {
        (0..<r.below(40)).map { _ in r.pick(tokens) }.joined(separator: r.chance(50) ? " " : "")
    }
}

/// Valid programs to mutate: bpftrace documentation examples in our own words, and language
/// features side by side.
enum FuzzCorpus {
    static let programs = [
        "BEGIN { printf(\"hello\\n\"); exit(); }",
        "tracepoint:syscalls:sys_enter_read /pid > 1/ { @reads[comm] = count(); @bytes = hist(args.count); }",
        "tracepoint:syscalls:sys_exit_read { @size = lhist(args.ret, 0, 1000, 100); $r = args.ret; if ($r < 0) { @err++; } }",
        "BEGIN { $a = 1; $b = $a > 0 ? $a : -1; $a == 1 ? print(\"t\") : print(\"f\"); }",
        "BEGIN { $x = 1 << 16; printf(\"%d %d\\n\", (uint16)$x, $x); }",
        "BEGIN { $i = 0; while ($i <= 100) { if ($i > 5) { break; } $i++; } unroll(3) { print(\"u\"); } }",
        "BEGIN { @map[10] = 20; for ($kv : @map) { print($kv.0); print($kv.1); } }",
        "BEGIN { @map[10, 11] = 20; for ($kv : @map) { print($kv.0.0); print($kv.0.1); print($kv.1); } }",
        "BEGIN { $a = 10; for ($i : 0..$a) { print($i); $a--; } }",
        "BEGIN { $a = (1, \"hello\"); $b = (3, 4, $a); print($b.2.1); print($a[1]); print((1,)); }",
        "macro one() { 1 } macro add_one(x) { x + 1 } BEGIN { print(one()); print(one); print(add_one(1 + 1)); }",
        "macro add_one_to_each($a, @b) { $a += 1; @b += 1; } BEGIN { $a = 10; @b = 5; add_one_to_each($a, @b); }",
        "fn add($a: int64, $b: int64): int64 { return $a + $b; } BEGIN { print(add(5, 9)); }",
        "BEGIN { let $a = { let $b = 1; $b }; let $c: uint8 = 200; let $d; $d = \"s\"; }",
        "config = { max_map_keys = 2 } BEGIN { @a = 1; @b[1] = 1; }",
        "BEGIN { printf(\"%d %s %d\\n\", $1, str($2), $#); printf(\"%s\\n\", str($2 + 1)); }",
        "#define LIMIT 5\nBEGIN { if (LIMIT > 3) { printf(\"%d\\n\", LIMIT); } }",
        "BEGIN { $x = 10; $y = $x--; $b = --$x; @c += 3; @c <<= 2; @c %= 5; }",
        "struct S { int x; char c[4]; } let @a = lruhash(10); BEGIN { $p = (struct S *)0; @a[1] = sizeof(struct S); _ = has_key(@a, 1); }",
        "union U { u32 w; u8 b[4]; } struct T { union U u; struct T *next; } BEGIN { $t = (struct T *)curtask; print($t->u.w + $t->next->u.b[1]); }",
    ]
}
