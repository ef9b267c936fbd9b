// Expressions: C precedence and associativity, unary and postfix forms, casts, literals, tuples.

import XCTest
@testable import SwtraceCore

final class ParserExpressionTests: XCTestCase {
    private func expr(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        let source = SourceFile(name: "stdin", text: text)
        do {
            return Dump.expr(try Parser.parseExpression(source))
        } catch let error as DiagnosticError {
            XCTFail(DiagnosticRenderer.render(error.diagnostics, in: source), file: file, line: line)
        } catch {
            XCTFail("\(error)", file: file, line: line)
        }
        return "<error>"
    }

    func testMultiplicativeBindsTighterThanAdditive() {
        XCTAssertEqual(expr("1 + 2 * 3"), "(+ 1 (* 2 3))")
        XCTAssertEqual(expr("1 * 2 + 3"), "(+ (* 1 2) 3)")
        XCTAssertEqual(expr("a % b / c * d"), "(* (/ (% a b) c) d)")
    }

    func testBinaryOperatorsAssociateLeft() {
        XCTAssertEqual(expr("1 - 2 - 3"), "(- (- 1 2) 3)")
        XCTAssertEqual(expr("a << b << c"), "(<< (<< a b) c)")
        XCTAssertEqual(expr("a && b && c"), "(&& (&& a b) c)")
    }

    func testFullPrecedenceLadder() {
        // || < && < | < ^ < & < == != < relational < shifts < additive < multiplicative
        XCTAssertEqual(expr("a || b && c | d ^ e & f == g < h << i + j * k"),
                       "(|| a (&& b (| c (^ d (& e (== f (< g (<< h (+ i (* j k))))))))))")
        XCTAssertEqual(expr("a * b + c << d < e == f & g ^ h | i && j || k"),
                       "(|| (&& (| (^ (& (== (< (<< (+ (* a b) c) d) e) f) g) h) i) j) k)")
        XCTAssertEqual(expr("a != b >= c"), "(!= a (>= b c))")
        XCTAssertEqual(expr("a >> 1 <= 2"), "(<= (>> a 1) 2)")
    }

    func testTernaryIsLowestAndRightAssociative() {
        XCTAssertEqual(expr("a || b ? c + 1 : d"), "(? (|| a b) (+ c 1) d)")
        XCTAssertEqual(expr("a ? b : c ? d : e"), "(? a b (? c d e))")
        XCTAssertEqual(expr("a ? b ? c : d : e"), "(? a (? b c d) e)")
        XCTAssertEqual(expr("$a > 0 ? $a : -1"), "(? (> $a 0) $a (u- 1))")
    }

    func testUnaryOperators() {
        XCTAssertEqual(expr("-a * b"), "(* (u- a) b)")
        XCTAssertEqual(expr("!a && ~b"), "(&& (u! a) (u~ b))")
        XCTAssertEqual(expr("*$p + 1"), "(+ (u* $p) 1)")
        XCTAssertEqual(expr("**(int64**)reg(\"sp\") + 16"), "(+ (u* (u* (cast int64 ** reg(\"sp\")))) 16)")
        XCTAssertEqual(expr("&$x"), "(u& $x)")
        XCTAssertEqual(expr("- - 1"), "(u- (u- 1))")
    }

    func testIncrementAndDecrement() {
        XCTAssertEqual(expr("$x++"), "(post++ $x)")
        XCTAssertEqual(expr("$x--"), "(post-- $x)")
        XCTAssertEqual(expr("++$x"), "(pre++ $x)")
        XCTAssertEqual(expr("--@m[1]"), "(pre-- @m[1])")
        XCTAssertEqual(expr("@[pid, comm]++"), "(post++ @[pid, comm])")
    }

    func testCasts() {
        XCTAssertEqual(expr("(uint32)x"), "(cast uint32 x)")
        XCTAssertEqual(expr("(uint16)$x + 1"), "(+ (cast uint16 $x) 1)")
        XCTAssertEqual(expr("(struct task_struct *)curtask"), "(cast struct task_struct * curtask)")
        XCTAssertEqual(expr("((struct task_struct *)curtask)->mm"), "(-> (cast struct task_struct * curtask) mm)")
        XCTAssertEqual(expr("(struct task_struct *)curtask->mm"), "(cast struct task_struct * (-> curtask mm))")
        XCTAssertEqual(expr("(int8[4])x"), "(cast int8[4] x)")
        XCTAssertEqual(expr("(uint8[])x"), "(cast uint8[] x)")
        XCTAssertEqual(expr("(uint64_t)1"), "(cast uint64_t 1)")
        XCTAssertEqual(expr("(union bpf_attr *)arg1"), "(cast union bpf_attr * arg1)")
        XCTAssertEqual(expr("(unsigned long)x"), "(cast unsigned long x)")
        XCTAssertEqual(expr("(foo *)x"), "(cast foo * x)")
        XCTAssertEqual(expr("(u64)x"), "(cast u64 x)")
        XCTAssertEqual(expr("(u32)$x + (s16)(1)"), "(+ (cast u32 $x) (cast s16 1))")
        XCTAssertEqual(expr("(pid_type)!x"), "(cast pid_type (u! x))")
        XCTAssertEqual(expr("(int16 *) $pz"), "(cast int16 * $pz)")
        XCTAssertEqual(expr("(uint32)pton(\"127.0.0.1\")"), "(cast uint32 pton(\"127.0.0.1\"))")
    }

    func testParenthesesAreNotCasts() {
        XCTAssertEqual(expr("(x)"), "x")
        XCTAssertEqual(expr("(a + b) * c"), "(* (+ a b) c)")
        XCTAssertEqual(expr("(comm)"), "comm")
        XCTAssertEqual(expr("(x[0])"), "(index x 0)")
        XCTAssertEqual(expr("(a) - b"), "(- a b)")
        XCTAssertEqual(expr("(a) * b"), "(* a b)")
        XCTAssertEqual(expr("(a) & b"), "(& a b)")
        XCTAssertEqual(expr("(a)[1]"), "(index a 1)")
        XCTAssertEqual(expr("(a).b"), "(. a b)")
    }

    func testFieldAccessAndIndexing() {
        XCTAssertEqual(expr("args.filename"), "(. args filename)")
        XCTAssertEqual(expr("args->filename"), "(-> args filename)")
        XCTAssertEqual(expr("ctx.task.comm"), "(. (. ctx task) comm)")
        XCTAssertEqual(expr("$s.y[0]"), "(index (. $s y) 0)")
        XCTAssertEqual(expr("$kv.0.1"), "(. (. $kv 0) 1)")
        XCTAssertEqual(expr("$a[1]"), "(index $a 1)")
        XCTAssertEqual(expr("@m[1][2]"), "(index @m[1] 2)")
        XCTAssertEqual(expr("str(retval.f_path.dentry.d_name.name)"), "str((. (. (. (. retval f_path) dentry) d_name) name))")
        XCTAssertEqual(expr("args.type"), "(. args type)")
    }

    func testMapsVariablesAndPositionals() {
        XCTAssertEqual(expr("@"), "@")
        XCTAssertEqual(expr("@name"), "@name")
        XCTAssertEqual(expr("@name[k]"), "@name[k]")
        XCTAssertEqual(expr("@name[k1, k2]"), "@name[k1, k2]")
        XCTAssertEqual(expr("@name[(k1, k2)]"), "@name[(tuple k1 k2)]")
        XCTAssertEqual(expr("$x + $1 + $#"), "(+ (+ $x $1) $#)")
    }

    func testCallsAndTuples() {
        XCTAssertEqual(expr("f()"), "f()")
        XCTAssertEqual(expr("printf(\"%d %s\", pid, comm)"), "printf(\"%d %s\", pid, comm)")
        XCTAssertEqual(expr("(1, \"hello\")"), "(tuple 1 \"hello\")")
        XCTAssertEqual(expr("(3, 4, $a)"), "(tuple 3 4 $a)")
        XCTAssertEqual(expr("(1,)"), "(tuple 1)")
        XCTAssertEqual(expr("()"), "(tuple)")
        XCTAssertEqual(expr("(1, \"hello\")[1 - 1]"), "(index (tuple 1 \"hello\") (- 1 1))")
        XCTAssertEqual(expr("print((getopt(\"aa\", 1), getopt(\"bb\")))"), "print((tuple getopt(\"aa\", 1) getopt(\"bb\")))")
    }

    func testSizeofAndOffsetof() {
        XCTAssertEqual(expr("sizeof(struct task_struct)"), "(sizeof struct task_struct)")
        XCTAssertEqual(expr("sizeof(uint32)"), "(sizeof uint32)")
        XCTAssertEqual(expr("sizeof($x)"), "(sizeof $x)")
        XCTAssertEqual(expr("sizeof(x)"), "(sizeof x)")
        XCTAssertEqual(expr("offsetof(struct task_struct, comm)"), "(offsetof struct task_struct comm)")
        XCTAssertEqual(expr("offsetof(struct sk_buff, head.next)"), "(offsetof struct sk_buff head.next)")
    }

    func testLiterals() {
        XCTAssertEqual(expr("true && false"), "(&& true false)")
        XCTAssertEqual(expr("1_000_000 + 0x10 + 0b11 + 0o7 + 010"), "(+ (+ (+ (+ 1000000 16) 3) 7) 8)")
        XCTAssertEqual(expr("5s + 10ms + 100us + 2ns + 1m"), "(+ (+ (+ (+ 5000000000 10000000) 100000) 2) 60000000000)")
        XCTAssertEqual(expr("'a'"), "97")
        XCTAssertEqual(expr("123UL"), "123")
        XCTAssertEqual(expr("elapsed / 1e6"), "(/ elapsed 1000000)")
    }

    func testExpressionIdsFollowCreationOrder() throws {
        let e = try Parser.parseExpression(SourceFile(name: "t", text: "1 + 2"))
        XCTAssertEqual(e.id, 2)
        guard case .binary(_, let l, let r) = e.kind else { return XCTFail() }
        XCTAssertEqual([l.id, r.id], [0, 1])
    }

    func testExpressionRanges() throws {
        let e = try Parser.parseExpression(SourceFile(name: "t", text: "@m[k] + f(a)->b"))
        XCTAssertEqual(e.range, SourceRange(0, 15))
        guard case .binary(_, let l, let r) = e.kind else { return XCTFail() }
        XCTAssertEqual(l.range, SourceRange(0, 5))
        XCTAssertEqual(r.range, SourceRange(8, 15))
    }
}
