// Statements: assignments, declarations, control flow, loops and separators.

import XCTest
@testable import SwtraceCore

final class ParserStatementTests: XCTestCase {
    private func body(_ statements: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        let d = dump("BEGIN { \(statements) }", file: file, line: line)
        guard d.hasPrefix("BEGIN ") else { return d }
        return String(d.dropFirst("BEGIN ".count))
    }

    func testAssignments() {
        XCTAssertEqual(body("@x = 1; $y = 2; @m[1, \"a\"] = 3; @ = 4"),
                       "{ (= @x 1); (= $y 2); (= @m[1, \"a\"] 3); (= @ 4) }")
    }

    func testCompoundAssignments() {
        XCTAssertEqual(body("$a += 1; $a -= 1; $a *= 2; $a /= 2; $a %= 3; $a &= 4; $a |= 5; $a ^= 6; $a <<= 7; $a >>= 8"),
                       "{ (+= $a 1); (-= $a 1); (*= $a 2); (/= $a 2); (%= $a 3); (&= $a 4); (|= $a 5); (^= $a 6); (<<= $a 7); (>>= $a 8) }")
        XCTAssertEqual(body("@duration[tid] += nsecs - @start[tid];"), "{ (+= @duration[tid] (- nsecs @start[tid])) }")
    }

    func testLetDeclarations() {
        XCTAssertEqual(body("let $a; let $b = 1; let $c: uint32 = 5; let $d: string; let $e: struct task_struct * = curtask"),
                       "{ (let $a); (let $b = 1); (let $c: uint32 = 5); (let $d: string); (let $e: struct task_struct * = curtask) }")
    }

    func testIfElseChains() {
        XCTAssertEqual(body("if ($a == 1) { @x = 1 } else if ($a == 2) { @x = 2 } else { @x = 3 }"),
                       "{ (if (== $a 1) { (= @x 1) } else { (if (== $a 2) { (= @x 2) } else { (= @x 3) }) }) }")
        XCTAssertEqual(body("if (pid) { } @y = 1"), "{ (if pid { }); (= @y 1) }")
    }

    func testLoops() {
        XCTAssertEqual(body("while ($i <= 100) { $i++; if ($i > 5) { break; } continue }"),
                       "{ (while (<= $i 100) { (post++ $i); (if (> $i 5) { break }); continue }) }")
        XCTAssertEqual(body("unroll(3) { print(\"Unrolled\") }"), "{ (unroll 3 { print(\"Unrolled\") }) }")
        XCTAssertEqual(body("for ($kv : @map) { print($kv.0); print($kv.1); }"),
                       "{ (for $kv @map { print((. $kv 0)); print((. $kv 1)) }) }")
        XCTAssertEqual(body("for ($i : 0..10) { }"), "{ (for $i 0..10 { }) }")
        XCTAssertEqual(body("for ($cpu : 0..ncpus) { print($cpu) }"), "{ (for $cpu 0..ncpus { print($cpu) }) }")
        XCTAssertEqual(body("for ($i : $a..$b + 1) { }"), "{ (for $i $a..(+ $b 1) { }) }")
    }

    // bpftrace 0.24's own scripts (opensnoop.bt, the print() example of its stdlib reference) write
    // the loop header without parentheses; both spellings give the same tree.
    func testLoopHeadersWithoutParentheses() {
        XCTAssertEqual(body("for $elem : 1..$i { @[$elem] = $elem - 1; }"),
                       "{ (for $elem 1..$i { (= @[$elem] (- $elem 1)) }) }")
        XCTAssertEqual(body("for $j : ((uint64)0)..((uint64)$n) { break }"),
                       body("for ($j : ((uint64)0)..((uint64)$n)) { break }"))
        XCTAssertEqual(body("for $kv : @map { print($kv.0) }"), "{ (for $kv @map { print((. $kv 0)) }) }")
        XCTAssertEqual(body("for $i : 0..3 { for $j : 0..$i { @[$i, $j] = 1 } }"),
                       "{ (for $i 0..3 { (for $j 0..$i { (= @[$i, $j] 1) }) }) }")
    }

    // Newer bpftrace (its syscount.bt: `if $sysname {`) writes conditions without parentheses;
    // a parenthesised start may continue as the first operand.
    func testConditionsWithoutParentheses() {
        XCTAssertEqual(body("if $a > 1 { @x = 1 } else if $a { @x = 2 } else { @x = 3 }"),
                       "{ (if (> $a 1) { (= @x 1) } else { (if $a { (= @x 2) } else { (= @x 3) }) }) }")
        XCTAssertEqual(body("if ($a > 1) && ($b < 2) { }"), "{ (if (&& (> $a 1) (< $b 2)) { }) }")
        XCTAssertEqual(body("if ($a) { } if !$a { } if -$a < 0 { }"),
                       "{ (if $a { }); (if (u! $a) { }); (if (< (u- $a) 0) { }) }")
        XCTAssertEqual(body("while $i < 3 { $i++ }"), "{ (while (< $i 3) { (post++ $i) }) }")
        XCTAssertEqual(body("if (int64)$x > 5 { }"), body("if ((int64)$x > 5) { }"))
        XCTAssertEqual(body("if ((uint8)$x) { }"), body("if (uint8)$x { }"))
        XCTAssertEqual(body("if has_key(@m, 1) { print(1) }"), "{ (if has_key(@m, 1) { print(1) }) }")
    }

    func testReturnAndNestedBlocks() {
        XCTAssertEqual(body("return; "), "{ return }")
        XCTAssertEqual(body("return"), "{ return }")
        XCTAssertEqual(body("{ $a = 1; { $b = 2 } } return 1"), "{ { (= $a 1); { (= $b 2) } }; (return 1) }")
    }

    func testSemicolonsAreSeparators() {
        XCTAssertEqual(body(";;@a = 1;; @b = 2;"), "{ (= @a 1); (= @b 2) }")
        XCTAssertEqual(body(""), "{ }")
    }

    func testExpressionStatements() {
        XCTAssertEqual(body("@x++; --@y; delete(@m, 1); exit()"),
                       "{ (post++ @x); (pre-- @y); delete(@m, 1); exit() }")
        XCTAssertEqual(body("$a == 1 ? print(\"true\") : print(\"false\");"),
                       "{ (? (== $a 1) print(\"true\") print(\"false\")) }")
    }

    func testDiscardAssignment() {
        XCTAssertEqual(body("_ = has_key(@a, 1);"), "{ has_key(@a, 1) }")
    }

    func testBlockExpressions() {
        XCTAssertEqual(body("let $a = { let $b = 1; $b };"), "{ (let $a = (block { (let $b = 1); } $b)) }")
        XCTAssertEqual(body("$a = { 1 }"), "{ (= $a (block { } 1)) }")
    }

    func testStatementRanges() throws {
        let program = try XCTUnwrap(parseOK("BEGIN { @x = 1 + 2; if (1) { } }"))
        let statements = program.probes[0].body.statements
        XCTAssertEqual(statements.map(\.range), [SourceRange(8, 18), SourceRange(20, 30)])
    }
}
