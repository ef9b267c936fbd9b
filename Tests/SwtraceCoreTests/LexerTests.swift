// Lexer: token kinds, literal values, comments, preprocessor directives and attach-point mode.

import XCTest
@testable import SwtraceCore

final class LexerTests: XCTestCase {
    private func kinds(_ text: String) -> [SyntaxTokenKind] {
        var lexer = Lexer(source: SourceFile(name: "t", text: text))
        var out: [SyntaxTokenKind] = []
        while true {
            let t = lexer.next()
            if t.kind == .endOfFile { break }
            out.append(t.kind)
        }
        return out
    }

    private func integer(_ text: String) -> UInt64? {
        guard case .success(let v) = IntegerLiteral.parse(text) else { return nil }
        return v
    }

    func testIdentifiersMapsVariablesPositionals() {
        XCTAssertEqual(kinds("pid @ @x $y $1 $# $12"), [
            .identifier("pid"), .map(""), .map("x"), .variable("y"), .positional(1), .positionalCount, .positional(12),
        ])
    }

    func testOperatorsTakeLongestMatch() {
        XCTAssertEqual(kinds("<<= >>= << >= -> ++ -- .. . && || != == ="), [
            .punct(.shlAssign), .punct(.shrAssign), .punct(.shl), .punct(.greaterEqual), .punct(.arrow),
            .punct(.plusPlus), .punct(.minusMinus), .punct(.dotDot), .punct(.dot), .punct(.logicalAnd),
            .punct(.logicalOr), .punct(.notEqual), .punct(.equal), .punct(.assign),
        ])
    }

    func testIntegerBases() {
        XCTAssertEqual(integer("42"), 42)
        XCTAssertEqual(integer("0x1F"), 31)
        XCTAssertEqual(integer("0X10"), 16)
        XCTAssertEqual(integer("0o17"), 15)
        XCTAssertEqual(integer("017"), 15)
        XCTAssertEqual(integer("0b1010"), 10)
        XCTAssertEqual(integer("0"), 0)
        XCTAssertEqual(integer("1_000_000"), 1_000_000)
        XCTAssertEqual(integer("0xffff_ffff"), 0xffff_ffff)
        XCTAssertEqual(integer("18446744073709551615"), UInt64.max)
    }

    func testIntegerSuffixesAreIgnored() {
        XCTAssertEqual(integer("123UL"), 123)
        XCTAssertEqual(integer("123u"), 123)
        XCTAssertEqual(integer("123LL"), 123)
        XCTAssertEqual(integer("123ull"), 123)
        XCTAssertEqual(integer("0x10ul"), 16)
    }

    func testScientificLiterals() {
        XCTAssertEqual(integer("2e3"), 2000)
        XCTAssertEqual(integer("1e6"), 1_000_000)
        XCTAssertEqual(integer("5E0"), 5)
    }

    func testDurationsScaleToNanoseconds() {
        XCTAssertEqual(integer("2ns"), 2)
        XCTAssertEqual(integer("100us"), 100_000)
        XCTAssertEqual(integer("10ms"), 10_000_000)
        XCTAssertEqual(integer("5s"), 5_000_000_000)
        XCTAssertEqual(integer("1m"), 60_000_000_000)
        XCTAssertEqual(integer("2h"), 7_200_000_000_000)
        XCTAssertEqual(integer("1d"), 86_400_000_000_000)
    }

    func testInvalidIntegers() {
        XCTAssertNil(integer("12abc"))
        XCTAssertNil(integer("0b102"))
        XCTAssertNil(integer("089"))
        XCTAssertNil(integer("0x"))
        XCTAssertNil(integer("18446744073709551616"))
        XCTAssertNil(integer("100000000000d"))
        XCTAssertNil(integer("1e"))
    }

    func testStringEscapes() {
        XCTAssertEqual(kinds(#""a\n\t\\\"b" "\x41\x4a" "\101" "\033[31m" "\r" "it\'s""#), [
            .string("a\n\t\\\"b"), .string("AJ"), .string("A"), .string("\u{1b}[31m"), .string("\r"), .string("it's"),
        ])
    }

    func testCharacterLiterals() {
        XCTAssertEqual(kinds(#"'a' '\n' '\x41' '\0'"#), [.integer(97), .integer(10), .integer(65), .integer(0)])
    }

    func testCommentsAreSkipped() {
        XCTAssertEqual(kinds("a // line\n/* block\n still */ b /**/ c"), [.identifier("a"), .identifier("b"), .identifier("c")])
    }

    func testSpaceBeforeIsRecorded() {
        var lexer = Lexer(source: SourceFile(name: "t", text: "a/b /c"))
        XCTAssertFalse(lexer.next().spaceBefore)
        XCTAssertFalse(lexer.next().spaceBefore)
        XCTAssertFalse(lexer.next().spaceBefore)
        XCTAssertTrue(lexer.next().spaceBefore)
    }

    func testTokenRangesAreByteOffsets() {
        var lexer = Lexer(source: SourceFile(name: "t", text: "  @x[1] = \"é\";"))
        var ranges: [SourceRange] = []
        while true {
            let t = lexer.next()
            if t.kind == .endOfFile { break }
            ranges.append(t.range)
        }
        XCTAssertEqual(ranges, [SourceRange(2, 4), SourceRange(4, 5), SourceRange(5, 6), SourceRange(6, 7),
                                SourceRange(8, 9), SourceRange(10, 14), SourceRange(14, 15)])
    }

    func testIncludeIsIgnoredAndDefineExpands() {
        let text = """
            #include <linux/sched.h>
            #include "foo.h"
            #define RED "\\033[31m"
            #define LIMIT 10 // a comment
            RED LIMIT
            """
        XCTAssertEqual(kinds(text), [.string("\u{1b}[31m"), .integer(10)])
    }

    /// The constants tools take from C headers exist once their header is included (and the
    /// script's own #define wins); without the include they are plain identifiers.
    func testIncludedHeadersBringTheirConstants() {
        XCTAssertEqual(kinds("#include <sys/socket.h>\n#include <linux/sched.h>\nAF_INET AF_INET6 TASK_RUNNING TASK_UNINTERRUPTIBLE"),
                       [.integer(2), .integer(10), .integer(0), .integer(2)])
        XCTAssertEqual(kinds("#define O_CREAT 7\n#include <fcntl.h>\n#include <net/tcp_states.h>\nO_CREAT O_TRUNC TCP_LISTEN"),
                       [.integer(7), .integer(0o1000), .integer(10)])
        XCTAssertEqual(kinds("AF_INET"), [.identifier("AF_INET")])
    }

    // The stdlib reference's strerror(EPERM) after #include <errno.h>, and syscall_name(__NR_read)
    // after #include <syscall.h> (which also has glibc's SYS_ names).
    func testErrnoAndSystemCallHeaders() {
        XCTAssertEqual(kinds("#include <errno.h>\nEPERM ENOENT EAGAIN EWOULDBLOCK ECONNREFUSED EHWPOISON"),
                       [.integer(1), .integer(2), .integer(11), .integer(11), .integer(111), .integer(133)])
        XCTAssertEqual(kinds("#include <syscall.h>\n__NR_read __NR_write __NR_openat SYS_openat __NR_execve"),
                       [.integer(0), .integer(1), .integer(257), .integer(257), .integer(59)])
        XCTAssertEqual(kinds("#include <asm/unistd.h>\n__NR_getpid SYS_getpid"), [.integer(39), .identifier("SYS_getpid")])
    }

    func testDefinedTokensPointAtTheMacroName() {
        let text = "#define TWO (1 + 1)\nTWO"
        var lexer = Lexer(source: SourceFile(name: "t", text: text))
        var ranges: [SourceRange] = []
        while true {
            let t = lexer.next()
            if t.kind == .endOfFile { break }
            ranges.append(t.range)
        }
        XCTAssertEqual(ranges, Array(repeating: SourceRange(20, 23), count: 5))
    }

    func testMacrosExpandInsideMacros() {
        XCTAssertEqual(kinds("#define A 1\n#define B A + A\nB"), [.integer(1), .punct(.plus), .integer(1)])
        XCTAssertEqual(kinds("#define SELF SELF\nSELF"), [.identifier("SELF")])
    }

    func testConditionals() {
        let text = """
            #ifndef BPFTRACE_HAVE_BTF
            no_btf
            #else
            have_btf
            #endif
            #ifdef UNDEFINED
            hidden
            #elif 1
            shown
            #endif
            #if 0
            gone
            #endif
            """
        XCTAssertEqual(kinds(text), [.identifier("have_btf"), .identifier("shown")])
    }

    func testDefineWithLineContinuation() {
        XCTAssertEqual(kinds("#define SUM 1 + \\\n  2\nSUM"), [.integer(1), .punct(.plus), .integer(2)])
    }

    func testHashInsideBlockCommentIsNotADirective() {
        XCTAssertEqual(kinds("/*\n#define X 1\n*/ X"), [.identifier("X")])
    }

    private func attachPoints(_ text: String) -> [String] {
        var lexer = Lexer(source: SourceFile(name: "t", text: text))
        var out: [String] = []
        while let t = lexer.nextAttachPoint(), case .attachPoint(let raw) = t.kind {
            out.append(raw)
            let sep = lexer.next()
            guard sep.kind == .punct(.comma) else { break }
        }
        return out
    }

    func testAttachPointMode() {
        XCTAssertEqual(attachPoints("uprobe:/bin/bash:readline { }"), ["uprobe:/bin/bash:readline"])
        XCTAssertEqual(attachPoints("kprobe:vfs_read+8,kretprobe:vfs_read {"), ["kprobe:vfs_read+8", "kretprobe:vfs_read"])
        XCTAssertEqual(attachPoints("kprobe:f/arg0/ {"), ["kprobe:f"])
        XCTAssertEqual(attachPoints("BEGIN/1/{"), ["BEGIN"])
        XCTAssertEqual(attachPoints("uprobe:./a.out:main /pid/ {"), ["uprobe:./a.out:main"])
        XCTAssertEqual(attachPoints("software:page-faults:100{"), ["software:page-faults:100"])
        XCTAssertEqual(attachPoints("tracepoint:sched:sched* {"), ["tracepoint:sched:sched*"])
        XCTAssertEqual(attachPoints("t:syscalls:sys_enter_open?t {"), ["t:syscalls:sys_enter_open?t"])
        XCTAssertEqual(attachPoints(#"uprobe:/bin/x:"ns::f(int)" {"#), [#"uprobe:/bin/x:"ns::f(int)""#])
        XCTAssertEqual(attachPoints("iter:task_file:/sys/fs/bpf/files {"), ["iter:task_file:/sys/fs/bpf/files"])
        XCTAssertEqual(attachPoints("kprobe:a, // first\n  kprobe:b {"), ["kprobe:a", "kprobe:b"])
    }
}
