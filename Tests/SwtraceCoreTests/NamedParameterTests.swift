// getopt(): named program parameters given after `--` become literals of the default's kind
// before type checking; wrong calls and wrong command lines get bpftrace's errors, exactly.
import XCTest
@testable import SwtraceCore

final class NamedParameterTests: XCTestCase {
    /// The literal each getopt() call became, in program order, as the tree printer shows it.
    private func folded(_ text: String, _ arguments: [String]) throws -> [String] {
        let source = SourceFile(name: "stdin", text: text)
        var sink = DiagnosticSink()
        let (positional, named) = NamedParameters.split(arguments)
        XCTAssertEqual(positional, arguments.filter { !$0.hasPrefix("--") })
        let program = NamedParameters.rewrite(try Parser.parse(source), given: named, sink: &sink)
        XCTAssertEqual(sink.diagnostics, [])
        guard case .expression(let call) = program.probes[0].body.statements[0].kind, case .call("print", let values) = call.kind,
              case .tuple(let elements) = values[0].kind else { XCTFail("not print((...))"); return [] }
        return elements.map { element in
            switch element.kind {
            case .boolean(let flag): return String(flag)
            case .string(let text): return "\"\(text)\""
            case .cast(let type, let operand):
                if case .unary(.negate, let inner) = operand.kind, case .integer(let value) = inner.kind { return "(\(type.name))-\(value)" }
                if case .integer(let value) = operand.kind { return "(\(type.name))\(value)" }
                return "?"
            default: return "?"
            }
        }
    }

    func testValuesFromTheCommandLineOrTheDefaults() throws {
        let program = #"begin { print((getopt("aa", 1), getopt("bb"), getopt("s", "x"), getopt("n", -5), getopt("f", true))); }"#
        XCTAssertEqual(try folded(program, []), ["(int64)1", "false", "\"x\"", "(int64)-5", "true"])
        XCTAssertEqual(try folded(program, ["p1", "--aa=20", "--bb", "--s=hello world", "--n=-7", "--f=off"]),
                       ["(int64)20", "true", "\"hello world\"", "(int64)-7", "false"])
        for (text, flag) in [("1", true), ("TRUE", true), ("on", true), ("yes", true), ("0", false), ("False", false), ("off", false), ("no", false)] {
            XCTAssertEqual(try folded(#"begin { print((getopt("bb"),)); }"#, ["--bb=\(text)"]), [String(flag)], text)
        }
    }

    func testPositionalParametersSkipTheNamedOnes() {
        XCTAssertEqual(renderedAnalysis(#"begin { printf("%s %d %d\n", str($1), $2, $#); $x = getopt("v"); }"#,
                                        arguments: ["p1", "--v", "20"]), "")
        XCTAssertEqual(renderedAnalysis(#"begin { $x = $3; }"#, arguments: ["a", "--v", "b"]).components(separatedBy: "\n").first,
                       "ERROR: unexpected program command line options: --v")
    }

    func testCallErrors() {
        XCTAssertEqual(renderedAnalysis(#"begin { $a = getopt(1, 1); $b = getopt("x", 1 + 1); $c = getopt("y", 1) + getopt("y", 2); $d = getopt(); }"#), """
            stdin:1:21-22: ERROR: First argument to 'getopt' must be a string literal.
            begin { $a = getopt(1, 1); $b = getopt("x", 1 + 1); $c = getopt("y", 1) + getopt("y", 2); $d = getopt(); }
                                ~
            HINT: name the option as written on the command line, e.g. getopt("verbose")
            stdin:1:45-50: ERROR: Second argument to 'getopt' must be a string literal, integer literal, or a boolean literal.
            begin { $a = getopt(1, 1); $b = getopt("x", 1 + 1); $c = getopt("y", 1) + getopt("y", 2); $d = getopt(); }
                                                        ~~~~~
            stdin:1:75-89: ERROR: Command line option 'y' needs to have the same default value in all places it is used. Previous default value: 1
            begin { $a = getopt(1, 1); $b = getopt("x", 1 + 1); $c = getopt("y", 1) + getopt("y", 2); $d = getopt(); }
                                                                                      ~~~~~~~~~~~~~~
            stdin:1:96-104: ERROR: getopt() requires 1 to 3 arguments (0 provided)
            begin { $a = getopt(1, 1); $b = getopt("x", 1 + 1); $c = getopt("y", 1) + getopt("y", 2); $d = getopt(); }
                                                                                                           ~~~~~~~~

            """)
    }

    // Newer bpftrace's third argument describes the option; it must be a string literal.
    func testDescriptionArgument() {
        XCTAssertEqual(renderedAnalysis(#"begin { $a = getopt("aa", 10, "how many"); $b = getopt("bb", "x", "which one"); }"#,
                                        arguments: ["--aa=3"]), "")
        XCTAssertEqual(renderedAnalysis(#"begin { $a = getopt("aa", 10, 5); }"#), """
            stdin:1:31-32: ERROR: Third argument to 'getopt' must be a string literal.
            begin { $a = getopt("aa", 10, 5); }
                                          ~
            HINT: describe the option in words, e.g. getopt("depth", 35, "how many path components")

            """)
    }

    func testCommandLineErrors() {
        let program = #"begin { $a = getopt("aa", 1); $b = getopt("bb"); $s = getopt("s", "x"); }"#
        XCTAssertEqual(renderedAnalysis(program, arguments: ["--cc", "--dd=1", "--help"]), """
            ERROR: unexpected program command line options: --cc, --dd
            HINT: expected program options: --aa, --bb, --s

            """)
        XCTAssertEqual(renderedAnalysis("begin { }", arguments: ["--cc"]), """
            ERROR: unexpected program command line options: --cc
            HINT: no custom program options defined.

            """)
        XCTAssertEqual(renderedAnalysis(program, arguments: ["--aa=abc", "--bb=maybe", "--s"]), """
            ERROR: program command line option --aa expects an integer (value: abc)
            ERROR: program command line option --bb expects a boolean (e.g. 'true') (value: maybe)
            ERROR: program command line option --s expects a string (value: true)

            """)
        XCTAssertEqual(renderedAnalysis(program, arguments: ["--aa"]), "ERROR: program command line option --aa expects an integer (value: true)\n")
        XCTAssertEqual(renderedAnalysis(program, arguments: ["--aa=99999999999999999999"]),
                       "ERROR: program command line option --aa value is out of range (value: 99999999999999999999)\n")
    }
}
