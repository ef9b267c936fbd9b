// Syntax errors: the exact rendered text users see, several errors per run, and recovery.

import XCTest
@testable import SwtraceCore

final class ParserErrorTests: XCTestCase {
    func testUnexpectedIdentifier() {
        XCTAssertEqual(errors("BEGIN { foo bar }"), """
            stdin:1:13-16: ERROR: syntax error, unexpected identifier, expecting ; or }
            BEGIN { foo bar }
                        ~~~
            HINT: statements are separated by ';'

            """)
    }

    func testFloatingPointLiteral() {
        XCTAssertEqual(errors("BEGIN { $x = 1.5 * $t.1.0; }"), """
            stdin:1:14-17: ERROR: Floating-point numbers are not supported: 1.5
            BEGIN { $x = 1.5 * $t.1.0; }
                         ~~~
            HINT: BPF has integers only; scale the value, e.g. 1500 for 1.5k or 1500ms for 1.5 s

            """)
    }

    func testPreambleItemsAfterProbes() {
        XCTAssertEqual(errors("BEGIN { }\nconfig = { max_map_keys = 2 }\nlet @a = hash(2);"), """
            stdin:2:1-7: ERROR: the config block must come before the first probe
            config = { max_map_keys = 2 }
            ~~~~~~
            HINT: move it to the top of the script, above the probes
            stdin:3:1-4: ERROR: map declarations must come before the first probe
            let @a = hash(2);
            ~~~
            HINT: move it to the top of the script, above the probes

            """)
    }

    func testConditionsNeedParenthesesAndComparisonsNeedDoubleEquals() {
        XCTAssertEqual(errors("BEGIN { if { } }\nBEGIN { while ($a = 1) { } }\nBEGIN /pid = 1/ { }"), """
            stdin:1:12-13: ERROR: syntax error, unexpected {, expecting condition
            BEGIN { if { } }
                       ~
            HINT: if takes a condition before its block: if (...) { }
            stdin:2:19-20: ERROR: syntax error, unexpected =, expecting )
            BEGIN { while ($a = 1) { } }
                              ~
            HINT: to compare values write '==' ('=' assigns)
            stdin:3:12-13: ERROR: syntax error, unexpected =, expecting /
            BEGIN /pid = 1/ { }
                       ~
            HINT: to compare values write '==' ('=' assigns)

            """)
    }

    func testMissingExpression() {
        XCTAssertEqual(errors("BEGIN { @x = ; }"), """
            stdin:1:14-15: ERROR: syntax error, unexpected ;, expecting expression
            BEGIN { @x = ; }
                         ~

            """)
    }

    func testUnterminatedString() {
        XCTAssertEqual(errors("BEGIN { printf(\"hello\n); }"), """
            stdin:1:16-22: ERROR: unterminated string
            BEGIN { printf("hello
                           ~~~~~~
            HINT: strings must end with '"' on the line they start on

            """)
    }

    func testMissingClosingBracePointsAtOpeningBrace() {
        XCTAssertEqual(errors("BEGIN {\n  if (1) {\n    @x = 1;\n  }\n"), """
            stdin:1:7-8: ERROR: syntax error, unexpected end of file, expecting }
            BEGIN {
                  ~
            HINT: this '{' is never closed

            """)
        XCTAssertEqual(errors("BEGIN {\n  if (1) {\n    @x = 1;\n"), """
            stdin:2:10-11: ERROR: syntax error, unexpected end of file, expecting }
              if (1) {
                     ~
            HINT: this '{' is never closed

            """)
    }

    func testEndOfFileInsideACall() {
        XCTAssertEqual(errors("BEGIN { printf(\"x\""), """
            stdin:1:19-20: ERROR: syntax error, unexpected end of file, expecting ) or ","
            BEGIN { printf("x"
                              ~

            """)
    }

    func testSeveralErrorsInOneRun() {
        XCTAssertEqual(errors("BEGIN { @x = 1 +; @y = ; $z = 3 }\nEND { @ = }"), """
            stdin:1:17-18: ERROR: syntax error, unexpected ;, expecting expression
            BEGIN { @x = 1 +; @y = ; $z = 3 }
                            ~
            stdin:1:24-25: ERROR: syntax error, unexpected ;, expecting expression
            BEGIN { @x = 1 +; @y = ; $z = 3 }
                                   ~
            stdin:2:11-12: ERROR: syntax error, unexpected }, expecting expression
            END { @ = }
                      ~

            """)
    }

    func testInvalidAssignmentTarget() {
        XCTAssertEqual(errors("BEGIN { pid = 2; }"), """
            stdin:1:9-12: ERROR: only maps and variables can be assigned to
            BEGIN { pid = 2; }
                    ~~~
            HINT: assign to a map (@name, @name[key]) or a variable ($name)

            """)
    }

    func testBadLiterals() {
        XCTAssertEqual(errors("BEGIN { $x = 5sec; }"), """
            stdin:1:14-18: ERROR: invalid integer literal '5sec': unknown suffix 'sec'
            BEGIN { $x = 5sec; }
                         ~~~~
            HINT: integer suffixes are u, l, ul, ll, ull; duration suffixes are ns, us, ms, s, m, h, d

            """)
        XCTAssertEqual(errors(#"BEGIN { $x = "\q"; }"#), #"""
            stdin:1:15-17: ERROR: invalid escape character '\q'
            BEGIN { $x = "\q"; }
                          ~~
            HINT: valid escapes are \n \t \r \\ \" \' \xNN and \0NN (octal)

            """#)
        XCTAssertEqual(errorIds("BEGIN { $x = 99999999999999999999; }"), ["integer-overflow"])
        XCTAssertEqual(errorIds("BEGIN { $x = 'ab'; }"), ["invalid-character-literal"])
    }

    func testInvalidCharacter() {
        XCTAssertEqual(errors("kprobe:f { ` }"), """
            stdin:1:12-13: ERROR: invalid character '`'
            kprobe:f { ` }
                       ~

            """)
    }

    func testTabsAreShownAsFourSpaces() {
        XCTAssertEqual(errors("\tBEGIN { @x = ; }"), """
            stdin:1:15-16: ERROR: syntax error, unexpected ;, expecting expression
                BEGIN { @x = ; }
                             ~

            """)
    }

    func testMissingProbeBody() {
        XCTAssertEqual(errors("BEGIN printf(\"x\")"), """
            stdin:1:7-13: ERROR: syntax error, unexpected identifier, expecting {
            BEGIN printf("x")
                  ~~~~~~

            """)
    }

    func testMissingAttachPoint() {
        XCTAssertEqual(errors("BEGIN { }\n}", name: "script.bt"), """
            script.bt:2:1-2: ERROR: syntax error, unexpected }, expecting attach point
            }
            ~
            HINT: a probe starts with an attach point such as BEGIN or tracepoint:syscalls:sys_enter_openat

            """)
    }

    func testUnclosedPredicate() {
        XCTAssertEqual(errors("kprobe:f /pid == 1 { }"), """
            stdin:1:20-21: ERROR: syntax error, unexpected {, expecting /
            kprobe:f /pid == 1 { }
                               ~

            """)
    }

    func testUnterminatedCommentIsTheOnlyError() {
        XCTAssertEqual(errors("BEGIN { /* never closed"), """
            stdin:1:9-11: ERROR: unterminated comment
            BEGIN { /* never closed
                    ~~
            HINT: close the comment with '*/'

            """)
    }

    // `if 1 { }` is newer bpftrace's spelling (ParserStatementTests); unroll keeps its parentheses.
    func testUnrollNeedsParentheses() {
        XCTAssertEqual(errors("BEGIN { unroll 3 { } }"), """
            stdin:1:16-17: ERROR: syntax error, unexpected integer, expecting (
            BEGIN { unroll 3 { } }
                           ~
            HINT: unroll takes its count in parentheses: unroll (...) { }

            """)
    }

    func testForLoopHeaderErrors() {
        XCTAssertEqual(errors("BEGIN { for 1 : 0..2 { } }\nBEGIN { for $i : 0..2 print($i) }\nBEGIN { for ($i 0..2) { } }"), """
            stdin:1:13-14: ERROR: syntax error, unexpected integer, expecting ( or variable
            BEGIN { for 1 : 0..2 { } }
                        ~
            HINT: a for loop reads: for ($i : 0..10) { } or for $kv : @map { }
            stdin:2:23-28: ERROR: syntax error, unexpected identifier, expecting {
            BEGIN { for $i : 0..2 print($i) }
                                  ~~~~~
            stdin:3:17-18: ERROR: syntax error, unexpected integer, expecting :
            BEGIN { for ($i 0..2) { } }
                            ~

            """)
    }

    func testKeywordIsNotAnExpression() {
        XCTAssertEqual(errorIds("BEGIN { $x = while; }"), ["syntax-expected-expression"])
    }

    func testBlockExpressionNeedsAValue() {
        XCTAssertEqual(errorIds("BEGIN { @x = { 1; }; }"), ["block-expression-without-value"])
    }

    func testUnsupportedDeclarations() {
        XCTAssertEqual(errorIds("import \"x\";\nBEGIN { }"), ["unsupported-declaration"])
        XCTAssertEqual(errorIds("enum E { A, B }\nBEGIN { }"), ["unsupported-declaration"])
        // Anonymous too (bpftrace's runtime tests write `enum { ONE = 1, TWO = 2 };`): one error, not a cascade.
        XCTAssertEqual(errorIds("enum { ONE = 1, TWO = 2 };\nBEGIN { @ = ONE; }"), ["unsupported-declaration"])
        XCTAssertEqual(errorIds("#define F(x) x\nBEGIN { }"), ["unsupported-function-like-macro"])
        XCTAssertEqual(errorIds("#error nope\nBEGIN { }"), ["unsupported-preprocessor-directive"])
        XCTAssertEqual(errorIds("#ifdef X\nBEGIN { }"), ["unterminated-preprocessor-conditional"])
        XCTAssertEqual(errorIds("#endif\nBEGIN { }"), ["unbalanced-preprocessor-conditional"])
    }

    func testRecoveryKeepsLaterProbes() {
        // The first probe is broken; the error is the only one and the second probe is still checked.
        XCTAssertEqual(errorIds("BEGIN { @x = (1 + ; } END { @y = 2 } kprobe:f { @z = }"),
                       ["syntax-expected-expression", "syntax-expected-expression"])
    }

    func testMacroExpansionErrorsPointAtTheMacroName() {
        XCTAssertEqual(errors("#define BAD 1 +\nBEGIN { @x = BAD; }"), """
            stdin:2:17-18: ERROR: syntax error, unexpected ;, expecting expression
            BEGIN { @x = BAD; }
                            ~

            """)
    }

    func testConfigErrorsRecoverInsideTheBlock() {
        XCTAssertEqual(errors("config = { max_map_keys = ; stack_mode = perf }\nBEGIN { }"), """
            stdin:1:27-28: ERROR: syntax error, unexpected ;, expecting expression
            config = { max_map_keys = ; stack_mode = perf }
                                      ~

            """)
    }
}
