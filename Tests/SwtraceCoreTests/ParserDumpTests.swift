// A compact S-expression dump of the syntax tree, so parser tests can state the expected structure
// on one line, plus helpers to parse and to render failures.

import XCTest
@testable import SwtraceCore

enum Dump {
    static func program(_ p: Program) -> String {
        var parts: [String] = []
        if !p.config.isEmpty {
            parts.append("config { " + p.config.map { "\($0.key) = \(expr($0.value))" }.joined(separator: "; ") + " }")
        }
        for f in p.functions {
            let params = f.parameters.map { "$\($0.name): \(type($0.type))" }.joined(separator: ", ")
            parts.append("fn \(f.name)(\(params))" + (f.returnType.map { ": " + type($0) } ?? "") + " " + block(f.body))
        }
        for m in p.macros {
            parts.append("macro \(m.name)(\(m.parameters.joined(separator: ", "))) " + block(m.body))
        }
        for probe in p.probes { parts.append(self.probe(probe)) }
        return parts.joined(separator: "\n")
    }

    static func probe(_ probe: Probe) -> String {
        var s = probe.attachPoints.map(\.raw).joined(separator: ", ")
        if let pred = probe.predicate { s += " /\(expr(pred))/" }
        return s + " " + block(probe.body)
    }

    static func block(_ b: Block) -> String {
        b.statements.isEmpty ? "{ }" : "{ " + b.statements.map(stmt).joined(separator: "; ") + " }"
    }

    static func type(_ t: TypeName) -> String {
        var s = t.name
        if t.pointerDepth > 0 { s += " " + String(repeating: "*", count: t.pointerDepth) }
        if let n = t.arrayLength { s += n == 0 ? "[]" : "[\(n)]" }
        return s
    }

    static func stmt(_ s: Stmt) -> String {
        switch s.kind {
        case .expression(let e): return expr(e)
        case .assign(let target, let op, let value): return "(\(op.rawValue) \(expr(target)) \(expr(value)))"
        case .declare(let v, let t, let value):
            return "(let $\(v)" + (t.map { ": " + type($0) } ?? "") + (value.map { " = " + expr($0) } ?? "") + ")"
        case .ifElse(let c, let then, let e):
            return "(if \(expr(c)) \(block(then))" + (e.map { " else " + block($0) } ?? "") + ")"
        case .whileLoop(let c, let body): return "(while \(expr(c)) \(block(body)))"
        case .unroll(let n, let body): return "(unroll \(expr(n)) \(block(body)))"
        case .forMap(let v, let m, let body): return "(for $\(v) \(expr(m)) \(block(body)))"
        case .forRange(let v, let a, let b, let body): return "(for $\(v) \(expr(a))..\(expr(b)) \(block(body)))"
        case .breakLoop: return "break"
        case .continueLoop: return "continue"
        case .returnValue(let e): return e.map { "(return \(expr($0)))" } ?? "return"
        case .block(let b): return block(b)
        }
    }

    static func expr(_ e: Expr) -> String {
        switch e.kind {
        case .integer(let v): return "\(v)"
        case .string(let s): return "\"" + s.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\t", with: "\\t") + "\""
        case .boolean(let b): return b ? "true" : "false"
        case .identifier(let n): return n
        case .variable(let n): return "$" + n
        case .positional(let n): return "$\(n)"
        case .positionalCount: return "$#"
        case .map(let name, let keys):
            return "@" + name + (keys.isEmpty ? "" : "[" + keys.map(expr).joined(separator: ", ") + "]")
        case .call(let name, let args): return name + "(" + args.map(expr).joined(separator: ", ") + ")"
        case .binary(let op, let l, let r): return "(\(op.rawValue) \(expr(l)) \(expr(r)))"
        case .unary(let op, let x): return "(u\(op.rawValue) \(expr(x)))"
        case .increment(let kind, let x):
            let name: String
            switch kind {
            case .preIncrement: name = "pre++"
            case .preDecrement: name = "pre--"
            case .postIncrement: name = "post++"
            case .postDecrement: name = "post--"
            }
            return "(\(name) \(expr(x)))"
        case .ternary(let c, let a, let b): return "(? \(expr(c)) \(expr(a)) \(expr(b)))"
        case .field(let x, let name, let arrow): return "(\(arrow ? "->" : ".") \(expr(x)) \(name))"
        case .index(let x, let i): return "(index \(expr(x)) \(expr(i)))"
        case .tupleElement(let x, let i): return "(. \(expr(x)) \(i))"
        case .cast(let t, let x): return "(cast \(type(t)) \(expr(x)))"
        case .tuple(let xs): return "(tuple" + xs.map { " " + expr($0) }.joined() + ")"
        case .namedTuple(let names, let xs): return "(record" + zip(names, xs).map { " \($0)=" + expr($1) }.joined() + ")"
        case .sizeofType(let t): return "(sizeof \(type(t)))"
        case .sizeofExpr(let x): return "(sizeof \(expr(x)))"
        case .offsetof(let t, let path): return "(offsetof \(type(t)) \(path.joined(separator: ".")))"
        case .block(let stmts, let value):
            return "(block {" + stmts.map { " " + stmt($0) + ";" }.joined() + " } \(expr(value)))"
        }
    }
}

/// Parses or fails the test with the rendered diagnostics.
func parseOK(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Program? {
    let source = SourceFile(name: "stdin", text: text)
    do {
        return try Parser.parse(source)
    } catch let error as DiagnosticError {
        XCTFail("unexpected errors:\n" + DiagnosticRenderer.render(error.diagnostics, in: source), file: file, line: line)
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
    }
    return nil
}

/// The dump of a program that must parse.
func dump(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
    parseOK(text, file: file, line: line).map(Dump.program) ?? "<error>"
}

/// The rendered diagnostics of a program that must fail to parse.
func errors(_ text: String, name: String = "stdin", file: StaticString = #filePath, line: UInt = #line) -> String {
    let source = SourceFile(name: name, text: text)
    do {
        let program = try Parser.parse(source)
        XCTFail("expected a syntax error, parsed: \(Dump.program(program))", file: file, line: line)
        return ""
    } catch let error as DiagnosticError {
        return DiagnosticRenderer.render(error.diagnostics, in: source)
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
        return ""
    }
}

/// The diagnostic ids of a program that must fail to parse.
func errorIds(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
    do {
        _ = try Parser.parse(SourceFile(name: "stdin", text: text))
        XCTFail("expected a syntax error", file: file, line: line)
    } catch let error as DiagnosticError {
        return error.diagnostics.map(\.id)
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
    }
    return []
}

final class ParserDumpTests: XCTestCase {
    func testDumpShowsStructure() {
        XCTAssertEqual(dump("BEGIN { @x[1] = -$y; }"), "BEGIN { (= @x[1] (u- $y)) }")
    }
}

final class ParserTreePrinterTests: XCTestCase {
    func testTreeLayout() throws {
        let program = try XCTUnwrap(parseOK(#"kprobe:vfs_read /pid == 1/ { @start[tid] = nsecs; printf("%d\n", (uint32)$x); }"#))
        XCTAssertEqual(SyntaxTreePrinter.describe(program), """
            Program
             kprobe:vfs_read
              pred
               ==
                identifier: pid
                int: 1
              =
               map: @start
                identifier: tid
               identifier: nsecs
              call: printf
               string: %d\\n
               (uint32)
                variable: $x

            """)
    }

    func testPreambleTypesAndMapDeclarations() throws {
        let program = try XCTUnwrap(parseOK("""
            struct Pair { const char *name; unsigned long long counts[2], total; struct Pair *next; };
            union Bits { u32 word; u8 bytes[4] }
            let @seen = lruhash(64);
            BEGIN { }
            """))
        XCTAssertEqual(SyntaxTreePrinter.describe(program), """
            Program
             struct Pair
              name :: char *
              counts :: unsigned long long[2]
              total :: unsigned long long
              next :: struct Pair *
             union Bits
              word :: u32
              bytes :: u8[4]
             map decl: @seen :: lruhash(64)
             BEGIN

            """)
    }
}
