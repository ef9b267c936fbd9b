// Struct and union definitions in a program's preamble: how they parse, the C layout each
// member gets (alignment, padding, unions, nesting, pointers to records defined anywhere,
// char arrays as strings), casts and field access through them, and their diagnostics.
import XCTest
@testable import SwtraceCore

final class TypeDefinitionTests: XCTestCase {
    private func records(_ text: String) throws -> [String: RecordDefinition] {
        let program = try Parser.parse(SourceFile(name: "stdin", text: text))
        var sink = DiagnosticSink()
        let records = UserTypeDefinitions.records(program.typeDefinitions, kernelTypes: FakeKernelTypes.records, sink: &sink)
        XCTAssertEqual(sink.diagnostics, [], text)
        return Dictionary(uniqueKeysWithValues: records.map { ($0.name, $0) })
    }

    private func rendered(_ text: String) -> String { renderedAnalysis(text, catalogue: RecordCatalogue()) }

    // A member may define its struct or union in place, named or anonymous (bpftrace's
    // runtime tests: `struct Foo { int m; struct { int x; int y; } bar; int n; }`).
    func testMembersDefinedInPlace() throws {
        let defined = try records("""
        struct Outer { int m; struct { int x; long y; } bar; union Pair { short s; char c[3]; } pair, *pairs; int n; }
        BEGIN { }
        """)
        XCTAssertEqual(defined["struct (anonymous 1)"], RecordDefinition(name: "struct (anonymous 1)", size: 16, fields: [
            RecordField(name: "x", type: .int32, offset: 0),
            RecordField(name: "y", type: .int64, offset: 8),
        ]))
        XCTAssertEqual(defined["union Pair"]?.size, 4)
        let outer = try XCTUnwrap(defined["struct Outer"])
        XCTAssertEqual(outer.size, 48)
        XCTAssertEqual(outer.fields.map(\.name), ["m", "bar", "pair", "pairs", "n"])
        XCTAssertEqual(outer.fields.map(\.offset), [0, 8, 24, 32, 40])
        XCTAssertEqual(outer.fields[1].type, .record(name: "struct (anonymous 1)", size: 16))
    }

    func testMembersAreLaidOutWithCAlignment() throws {
        let defined = try records("""
        struct Small { char c; int i; short s; }
        struct Mixed {
            u8 flag;
            unsigned long long big;
            const char *name, **names;
            struct Small inner;
            char comm[16];
            uint16_t ports[3];
            struct path *path;
            struct Node *next;
        };
        union Either { u64 whole; u32 halves[2]; char bytes[8]; }
        struct Node { int value; struct Node *next; }
        BEGIN { }
        """)
        XCTAssertEqual(defined["struct Small"], RecordDefinition(name: "struct Small", size: 12, fields: [
            RecordField(name: "c", type: .integer(bits: 8, signed: true), offset: 0),
            RecordField(name: "i", type: .int32, offset: 4),
            RecordField(name: "s", type: .integer(bits: 16, signed: true), offset: 8),
        ]))
        let mixed = try XCTUnwrap(defined["struct Mixed"])
        XCTAssertEqual(mixed.fields.map(\.name), ["flag", "big", "name", "names", "inner", "comm", "ports", "path", "next"])
        XCTAssertEqual(mixed.fields.map(\.offset), [0, 8, 16, 24, 32, 44, 60, 72, 80])
        XCTAssertEqual(mixed.size, 88)
        XCTAssertEqual(mixed.field(named: "names")?.type, .pointer(.pointer(.integer(bits: 8, signed: true))))
        XCTAssertEqual(mixed.field(named: "comm")?.type, .string(size: 16))
        XCTAssertEqual(mixed.field(named: "ports")?.type, .array(.integer(bits: 16, signed: false), count: 3))
        XCTAssertEqual(mixed.field(named: "path")?.type, .pointer(.record(name: "struct path", size: 16)))
        // Defined later in the preamble: the pointer still gets the record's final size.
        XCTAssertEqual(mixed.field(named: "next")?.type, .pointer(.record(name: "struct Node", size: 16)))
        XCTAssertEqual(defined["union Either"]?.size, 8)
        XCTAssertEqual(defined["union Either"]?.fields.map(\.offset), [0, 0, 0])
        XCTAssertEqual(defined["struct Node"]?.field(named: "next")?.type, .pointer(.record(name: "struct Node", size: 16)))
    }

    func testDefinedTypesWorkInCastsFieldsSizeofAndOffsetof() {
        XCTAssertEqual(rendered("""
        struct MyStruct { int a; int y[4]; }
        struct task_struct { int only; }
        BEGIN {
            $p = (struct MyStruct *)curtask;
            $st = *$p;
            $x = $st.a + $p->a + $p.y[3];
            $sizes = sizeof(struct MyStruct) + offsetof(struct MyStruct, y);
            $t = curtask->only;
        }
        """), "")
    }

    func testDiagnostics() {
        XCTAssertEqual(rendered("""
        struct A { int x; int x; u3 y; struct Missing m; }
        struct A { int z; }
        BEGIN { }
        """), """
        stdin:1:19-24: ERROR: Duplicate member 'x' in struct A
        struct A { int x; int x; u3 y; struct Missing m; }
                          ~~~~~
        stdin:1:26-28: ERROR: Unknown type of member: 'u3'
        struct A { int x; int x; u3 y; struct Missing m; }
                                 ~~
        HINT: did you mean 'u32'?
        stdin:1:32-46: ERROR: Unknown type of member: 'struct Missing'
        struct A { int x; int x; u3 y; struct Missing m; }
                                       ~~~~~~~~~~~~~~
        HINT: define it before this type, or use an integer type such as u32 or uint64
        stdin:2:1-20: ERROR: Redefinition of type: struct A
        struct A { int z; }
        ~~~~~~~~~~~~~~~~~~~
        HINT: each struct or union can be defined once; rename one of them

        """)
        XCTAssertEqual(rendered("struct B { int flags : 3; } BEGIN { }"), """
        stdin:1:22-23: ERROR: bitfields are not supported in type definitions
        struct B { int flags : 3; } BEGIN { }
                             ~
        HINT: declare the whole integer holding the bits and mask them, e.g. (x >> 3) & 0x7

        """)
    }
}
