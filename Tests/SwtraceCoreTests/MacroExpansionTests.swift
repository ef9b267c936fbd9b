// Macro expansion as a tree rewrite: hygiene (a macro's own variables never meet the caller's),
// parameters bound by kind, and fresh expression ids for every copy (types are keyed by id).
import XCTest
@testable import SwtraceCore

final class MacroExpansionTests: XCTestCase {
    func expand(_ text: String) throws -> (Program, [Diagnostic]) {
        let source = SourceFile(name: "stdin", text: text)
        return MacroExpander.expand(try Parser.parse(source), source: source)
    }

    /// Every expression id in the probes, in visiting order.
    func ids(_ program: Program) -> [Int] {
        var seen: [Int] = []
        let walker = SyntaxRewriter(ids: ExpressionIds(after: 1_000_000))
        walker.replace = { expr in seen.append(expr.id); return nil }
        for probe in program.probes { _ = walker.block(probe.body) }
        return seen
    }

    func variables(_ program: Program) -> Set<String> {
        var names: Set<String> = []
        let walker = SyntaxRewriter(ids: ExpressionIds(after: 1_000_000))
        walker.renameVariable = { names.insert($0); return $0 }
        for probe in program.probes { _ = walker.block(probe.body) }
        return names
    }

    func testExpansionsGetFreshIdsAndPrivateVariables() throws {
        let (program, problems) = try expand("""
        macro double_it(x) { $t = x; $t * 2 }
        BEGIN { $t = 5; $a = double_it($t); $b = double_it(double_it(1)); }
        """)
        XCTAssertEqual(problems, [])
        let all = ids(program)
        XCTAssertEqual(all.count, Set(all).count, "an id is used twice")
        let names = variables(program)
        XCTAssertTrue(names.isSuperset(of: ["t", "a", "b"]))
        // Three expansions, each with its own $t that no script can spell.
        XCTAssertEqual(names.filter { $0.hasPrefix("t.double_it.") }.count, 3)
    }

    func testParametersBindVariablesMapsAndExpressions() throws {
        let (program, problems) = try expand("""
        macro bump($v, @m, amount) { $v += amount; @m[amount] = $v; }
        BEGIN { $count = 1; bump($count, @seen, 2 + 3); }
        """)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(variables(program), ["count"])
        guard case .expression(let call) = program.probes[0].body.statements[1].kind,
              case .block(let statements, _) = call.kind,
              case .assign(let target, _, let value) = statements[1].kind,
              case .map(let name, let keys) = target.kind else { return XCTFail("not expanded: \(program.probes[0].body)") }
        XCTAssertEqual(name, "seen")
        guard case .binary(.add, _, _) = keys[0].kind, case .variable("count") = value.kind else {
            return XCTFail("parameters not substituted")
        }
    }

    func testMacrosWithoutMacrosLeaveTheProgramAlone() throws {
        let (program, problems) = try expand("BEGIN { $x = 1; }")
        XCTAssertEqual(problems, [])
        XCTAssertEqual(ids(program).count, 2)
    }

    /// A macro that uses its expression argument twice doubles with every level of nesting:
    /// thirty levels would be a billion copies, so expansion stops with a diagnostic instead.
    func testExponentialExpansionStopsAtABudget() throws {
        let nested = String(repeating: "d(", count: 30) + "1" + String(repeating: ")", count: 30)
        let (_, problems) = try expand("macro d(x) { x + x } BEGIN { $a = \(nested); }")
        XCTAssertEqual(problems.map(\.id), ["macro-expansion-size"])
        XCTAssertEqual(problems.first?.message, "Expanding macro d here makes more than 1000000 expressions")
    }
}
