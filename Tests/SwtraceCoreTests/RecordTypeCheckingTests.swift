// Struct/union access against a fixed type catalogue: the types of `->`/`.`/`*`/`[]` chains,
// the fields and constants handed to codegen, and the exact text of every record diagnostic.
import XCTest
@testable import SwtraceCore

/// A few kernel-like records with hand-written layouts.
enum FakeKernelTypes {
    static let task = SwType.record(name: "struct task_struct", size: 96)
    static let records = FixedTypeCatalogue([
        RecordDefinition(name: "struct task_struct", size: 96, fields: [
            RecordField(name: "state", type: .integer(bits: 32, signed: false), offset: 0),
            RecordField(name: "in_execve", type: .integer(bits: 8, signed: false), offset: 4, bitfield: Bitfield(shift: 1, width: 1)),
            RecordField(name: "pid", type: .int32, offset: 8),
            RecordField(name: "tgid", type: .int32, offset: 12),
            RecordField(name: "real_parent", type: .pointer(task), offset: 16),
            RecordField(name: "parent", type: .pointer(task), offset: 24),
            RecordField(name: "comm", type: .string(size: 16), offset: 32),
            RecordField(name: "tasks", type: .record(name: "struct list_head", size: 16), offset: 48),
            RecordField(name: "cpus", type: .array(.int32, count: 4), offset: 64),
            RecordField(name: "stack", type: .pointer(.void), offset: 80),
            RecordField(name: "fs", type: .pointer(.record(name: "struct fs_struct", size: 0)), offset: 88),
            RecordField(name: "ids", type: .array(.integer(bits: 16, signed: false), count: 2), offset: 92),
        ]),
        RecordDefinition(name: "struct list_head", size: 16, fields: [
            RecordField(name: "next", type: .pointer(.record(name: "struct list_head", size: 16)), offset: 0),
            RecordField(name: "prev", type: .pointer(.record(name: "struct list_head", size: 16)), offset: 8),
        ]),
        RecordDefinition(name: "struct huge", size: 4096, fields: [
            RecordField(name: "a", type: .int64, offset: 0),
        ]),
        RecordDefinition(name: "struct path", size: 16, fields: [
            RecordField(name: "mnt", type: .pointer(.void), offset: 0),
            RecordField(name: "dentry", type: .pointer(.record(name: "struct dentry", size: 64)), offset: 8),
        ]),
        RecordDefinition(name: "struct dentry", size: 64, fields: [
            RecordField(name: "d_flags", type: .uint32, offset: 0),
            RecordField(name: "d_name", type: .record(name: "struct qstr", size: 16), offset: 32),
        ]),
        RecordDefinition(name: "struct qstr", size: 16, fields: [
            RecordField(name: "hash", type: .uint32, offset: 0),
            RecordField(name: "len", type: .uint32, offset: 4),
            RecordField(name: "name", type: .pointer(.uint8), offset: 8),
        ]),
    ], typedefs: ["loff_t": .int64, "list_t": .record(name: "struct list_head", size: 16)],
       enumConstants: ["TASK_COMM_LEN": 16, "pid": 99])
}

/// The semantic tests' tracepoints plus the fake records (or none, like a kernel without BTF).
struct RecordCatalogue: KernelCatalogue {
    var base: FixedCatalogue = {
        var catalogue = FixedCatalogue()
        catalogue.formats.append(TracepointFormat(category: "vfs", name: "path_walk", fields: [
            TracepointField(name: "path", cType: "const struct path *", offset: 8, size: 8, isSigned: false),
            TracepointField(name: "lock", cType: "struct file_lock *", offset: 16, size: 8, isSigned: false),
            TracepointField(name: "argv", cType: "const char *const *", offset: 24, size: 8, isSigned: false),
            TracepointField(name: "status", cType: "int *", offset: 32, size: 8, isSigned: false),
            TracepointField(name: "pos", cType: "loff_t __user *", offset: 40, size: 8, isSigned: false),
            TracepointField(name: "paths", cType: "struct path **", offset: 48, size: 8, isSigned: false),
            TracepointField(name: "args", cType: "unsigned long args[6]", offset: 56, size: 48, isSigned: false),
            TracepointField(name: "saddr", cType: "__u8 saddr[4]", offset: 104, size: 4, isSigned: false),
            TracepointField(name: "odd", cType: "mystery_t odd[2]", offset: 108, size: 8, isSigned: false),
        ]))
        return catalogue
    }()
    var types: TypeCatalogue? = FakeKernelTypes.records
    func tracepoints(category: String, name: String) throws -> [(category: String, name: String)] {
        try base.tracepoints(category: category, name: name)
    }
    func tracepointFormat(category: String, name: String) throws -> TracepointFormat? {
        try base.tracepointFormat(category: category, name: name)
    }
    var features: KernelFeatures { base.features }
    var typeCatalogue: TypeCatalogue? { types }
    /// `path_get` returns a struct pointer, `path_len` an integer.
    func kernelFunctionPrototype(_ name: String) throws -> FunctionPrototype? {
        let cType = ["path_get": "struct path *", "path_len": "long"][name]
        return cType.map { FunctionPrototype(name: name, parameters: [],
                                             returnType: TracepointField(name: "retval", cType: $0, offset: 0, size: 8, isSigned: true)) }
    }
}

final class RecordTypeCheckingTests: XCTestCase {
    func analyze(_ text: String, catalogue: RecordCatalogue = RecordCatalogue()) throws -> CheckedProgram {
        let source = SourceFile(name: "stdin", text: text)
        return try SemanticAnalyzer.analyze(try Parser.parse(source), source: source,
            options: SemanticOptions(catalogue: catalogue, requireKernelFeatures: false))
    }

    /// Every error rendered as the user sees it.
    func rendered(_ text: String, catalogue: RecordCatalogue = RecordCatalogue()) -> String {
        let source = SourceFile(name: "stdin", text: text)
        do {
            _ = try SemanticAnalyzer.analyze(try Parser.parse(source), source: source,
                options: SemanticOptions(catalogue: catalogue, requireKernelFeatures: false))
            return "no error"
        } catch let error as DiagnosticError {
            return DiagnosticRenderer.render(error.diagnostics, in: source)
        } catch {
            return "unexpected: \(error)"
        }
    }

    /// The type of `expression`, printed in the program's single probe.
    func typeOfArgument(_ expression: String, probe: String = "tracepoint:sched:sched_switch") throws -> SwType {
        let checked = try analyze("\(probe) { print(\(expression)); }")
        guard case .expression(let call) = checked.probes[0].probe.body.statements[0].kind,
              case .call(_, let arguments) = call.kind else { throw XCTSkip("unexpected tree") }
        return checked.type(of: arguments[0])
    }

    func testCurtaskChainsTakeTheirFieldTypes() throws {
        XCTAssertEqual(try typeOfArgument("curtask"), .pointer(FakeKernelTypes.task))
        XCTAssertEqual(try typeOfArgument("curtask->pid"), .int32)
        XCTAssertEqual(try typeOfArgument("curtask->real_parent->parent->tgid"), .int32)
        XCTAssertEqual(try typeOfArgument("(*curtask).pid"), .int32)
        XCTAssertEqual(try typeOfArgument("curtask->comm"), .string(size: 16))
        XCTAssertEqual(try typeOfArgument("curtask->comm[1]"), .integer(bits: 8, signed: true))
        XCTAssertEqual(try typeOfArgument("curtask->cpus[3]"), .int32)
        XCTAssertEqual(try typeOfArgument("curtask->tasks.next->prev"), .pointer(.record(name: "struct list_head", size: 16)))
        XCTAssertEqual(try typeOfArgument("curtask->in_execve"), .integer(bits: 8, signed: false))
        XCTAssertEqual(try typeOfArgument("curtask[1].pid"), .int32)
        XCTAssertEqual(try typeOfArgument("*(uint64)curtask"), .uint64)
    }

    func testLessonTwelveCastReachesTheNameThroughNestedRecords() throws {
        let checked = try analyze(#"kprobe:vfs_open { printf("open path: %s\n", str(((struct path *)arg0)->dentry->d_name.name)); }"#)
        XCTAssertTrue(checked.warnings.isEmpty)
        let fields = checked.recordAccesses.fields.values.map { "\($0.name)@\($0.offset)" }.sorted()
        XCTAssertEqual(fields, ["d_name@32", "dentry@8", "name@8"])
        XCTAssertEqual(try typeOfArgument("((struct path *)arg0)->dentry->d_name.name", probe: "kprobe:vfs_open"), .pointer(.uint8))
    }

    func testTracepointStructPointerFieldsAreTypedFromTheCatalogue() throws {
        XCTAssertEqual(try typeOfArgument("args.path", probe: "tracepoint:vfs:path_walk"),
                       .pointer(.record(name: "struct path", size: 16)))
        XCTAssertEqual(try typeOfArgument("args.path->dentry->d_name.len", probe: "tracepoint:vfs:path_walk"), .uint32)
        XCTAssertEqual(try typeOfArgument("args.lock", probe: "tracepoint:vfs:path_walk"), .pointer(.void))
        XCTAssertEqual(rendered("tracepoint:vfs:path_walk { @ = args.lock->fl_pid; }"), """
        stdin:1:32-49: ERROR: Can not access field 'fl_pid' on expression of type 'void'
        tracepoint:vfs:path_walk { @ = args.lock->fl_pid; }
                                       ~~~~~~~~~~~~~~~~~

        """)
    }

    func testFexitRetvalOfAStructPointerFunctionIsTyped() throws {
        XCTAssertEqual(try typeOfArgument("retval.dentry.d_name.name", probe: "fexit:path_get"), .pointer(.uint8))
        XCTAssertEqual(try typeOfArgument("retval", probe: "fexit:path_len"), .int64)
        XCTAssertEqual(try typeOfArgument("retval", probe: "kretprobe:path_get"), .int64)
    }

    func testVariablesKeepPointerTypes() throws {
        let checked = try analyze(#"kprobe:vfs_open { $p = (struct path *)arg0; $t = curtask; printf("%d %d\n", $p->dentry->d_name.len, $t->pid); }"#)
        XCTAssertEqual(checked.recordAccesses.fields.values.map(\.name).sorted(), ["d_name", "dentry", "len", "pid"])
    }

    func testKernelTypedefsInCastsAndSizeof() throws {
        XCTAssertEqual(try typeOfArgument("(loff_t)curtask->state"), .int64)
        XCTAssertEqual(try typeOfArgument("((list_t *)curtask)->next"), .pointer(.record(name: "struct list_head", size: 16)))
        let checked = try analyze("BEGIN { @a = sizeof(loff_t); @b = sizeof(list_t); @c = offsetof(list_t, prev); }")
        XCTAssertEqual(checked.recordAccesses.constants.values.sorted(), [8, 8, 16])
        XCTAssertEqual(rendered("BEGIN { $l = (list_t)0; }"), """
        stdin:1:14-23: ERROR: Cannot cast to "list_t"
        BEGIN { $l = (list_t)0; }
                     ~~~~~~~~~
        HINT: cast to a pointer instead: (list_t *)

        """)
    }

    func testSizeofAndOffsetofAreConstants() throws {
        let checked = try analyze("""
        BEGIN { @a = sizeof(struct task_struct); @b = offsetof(struct task_struct, comm);
                @c = offsetof(struct dentry, d_name.name); @d = sizeof(curtask->comm); @e = sizeof(uint16);
                @f = sizeof(struct path *); @g = sizeof(curtask->cpus); }
        """)
        XCTAssertEqual(checked.recordAccesses.constants.values.sorted(), [2, 8, 16, 16, 32, 40, 96])
    }

    func testRecordValuesInMapsKeepTheirFieldTypes() throws {
        let checked = try analyze(#"tracepoint:sched:sched_switch { @[curtask->comm] = count(); @p[curtask->parent->pid] = curtask->real_parent; }"#)
        XCTAssertEqual(checked.maps.map(\.keyTypes), [[.string(size: 16)], [.int64]])
        // Pointers keep their type in maps: printed in hex, dereferenceable when read back.
        XCTAssertEqual(checked.maps[1].value, .pointer(FakeKernelTypes.task))
    }

    func testUnknownFieldNamesTheNearestField() {
        XCTAssertEqual(rendered("BEGIN { @ = curtask->pdi; }"), """
        stdin:1:13-25: ERROR: Struct/union of type 'struct task_struct' does not contain a field named 'pdi'
        BEGIN { @ = curtask->pdi; }
                    ~~~~~~~~~~~~
        HINT: did you mean 'pid'?

        """)
    }

    func testUnknownStructNamesTheNearestStruct() {
        XCTAssertEqual(rendered("BEGIN { $p = (struct pth *)0; }"), """
        stdin:1:15-27: ERROR: Unknown struct/union: 'struct pth'
        BEGIN { $p = (struct pth *)0; }
                      ~~~~~~~~~~~~
        HINT: did you mean 'struct path'?

        """)
    }

    func testWithoutBTFStructsAreUnknownAndSaySo() {
        var catalogue = RecordCatalogue()
        catalogue.types = nil
        XCTAssertEqual(rendered("BEGIN { @ = sizeof(struct task_struct); }", catalogue: catalogue), """
        stdin:1:20-38: ERROR: Unknown struct/union: 'struct task_struct'
        BEGIN { @ = sizeof(struct task_struct); }
                           ~~~~~~~~~~~~~~~~~~
        HINT: kernel types come from BTF (/sys/kernel/btf/vmlinux), which is not available here

        """)
    }

    // Current bpftrace reads through pointers with '.', as its reference's examples do
    // (`((struct path *)arg0).dentry.d_name.name`), and '->' after its one dereference.
    func testDotReadsThroughAnyNumberOfPointers() throws {
        XCTAssertEqual(try typeOfArgument("curtask.pid"), .int32)
        XCTAssertEqual(try typeOfArgument("curtask.real_parent.parent.comm"), .string(size: 16))
        XCTAssertEqual(try typeOfArgument("((struct path *)arg0).dentry.d_name.name", probe: "kprobe:vfs_open"), .pointer(.uint8))
        XCTAssertEqual(try typeOfArgument("((struct task_struct **)arg0).tgid", probe: "kprobe:vfs_open"), .int32)
        XCTAssertEqual(try typeOfArgument("((struct task_struct **)arg0)->tgid", probe: "kprobe:vfs_open"), .int32)
        XCTAssertEqual(rendered("BEGIN { @ = ((uint32 *)curtask).x; }"), """
        stdin:1:14-34: ERROR: Can not access field 'x' on expression of type 'uint32'
        BEGIN { @ = ((uint32 *)curtask).x; }
                     ~~~~~~~~~~~~~~~~~~~~
        HINT: cast the address to a struct pointer first, e.g. ((struct task_struct *)x)->x

        """)
    }

    func testArrowIsALegacySpellingOfDot() throws {
        XCTAssertEqual(try typeOfArgument("curtask->tasks->next"), .pointer(.record(name: "struct list_head", size: 16)))
        XCTAssertEqual(try typeOfArgument("curtask.tasks.next->prev"), .pointer(.record(name: "struct list_head", size: 16)))
    }

    func testFieldOfAnIntegerSuggestsACast() {
        XCTAssertEqual(rendered("kprobe:vfs_open { @ = arg0->dentry; }"), """
        stdin:1:23-35: ERROR: Can not access field 'dentry' on expression of type 'uint64'
        kprobe:vfs_open { @ = arg0->dentry; }
                              ~~~~~~~~~~~~
        HINT: cast the address to a struct pointer first, e.g. ((struct task_struct *)x)->dentry

        """)
    }

    func testDereferencingRecordsAndVoidPointers() {
        XCTAssertEqual(rendered("BEGIN { @ = *curtask->tasks; @v = *curtask->stack; }"), """
        stdin:1:13-28: ERROR: Can not dereference struct/union of type 'struct list_head'. It is not a pointer.
        BEGIN { @ = *curtask->tasks; @v = *curtask->stack; }
                    ~~~~~~~~~~~~~~~
        HINT: use '.' to reach its fields
        stdin:1:35-50: ERROR: The * operator can not be used on expressions of type 'void *'
        BEGIN { @ = *curtask->tasks; @v = *curtask->stack; }
                                          ~~~~~~~~~~~~~~~

        """)
    }

    func testIndexingChecks() {
        XCTAssertEqual(rendered("BEGIN { @a = curtask->cpus[4]; @b = curtask->pid[0]; @c = curtask->comm[-1]; }"), """
        stdin:1:28-29: ERROR: the index 4 is out of bounds for array of size 4
        BEGIN { @a = curtask->cpus[4]; @b = curtask->pid[0]; @c = curtask->comm[-1]; }
                                   ~
        stdin:1:37-52: ERROR: The array index operator [] can not be used on expressions of type 'int32'
        BEGIN { @a = curtask->cpus[4]; @b = curtask->pid[0]; @c = curtask->comm[-1]; }
                                            ~~~~~~~~~~~~~~~
        stdin:1:73-75: ERROR: the index -1 is out of bounds for array of size 16
        BEGIN { @a = curtask->cpus[4]; @b = curtask->pid[0]; @c = curtask->comm[-1]; }
                                                                                ~~

        """)
    }

    func testCastsToRecordsAndFromStrings() {
        XCTAssertEqual(rendered(#"BEGIN { $a = (struct path)0; $b = (struct path *)comm; }"#), """
        stdin:1:14-28: ERROR: Cannot cast to "struct path"
        BEGIN { $a = (struct path)0; $b = (struct path *)comm; }
                     ~~~~~~~~~~~~~~
        HINT: cast to a pointer instead: (struct path *)
        stdin:1:35-54: ERROR: Cannot cast from "string[16]" to "struct path *"
        BEGIN { $a = (struct path)0; $b = (struct path *)comm; }
                                          ~~~~~~~~~~~~~~~~~~~

        """)
    }

    func testOffsetofUnknownFieldAndNonRecordPath() {
        XCTAssertEqual(rendered("BEGIN { @a = offsetof(struct dentry, d_nmae); @b = offsetof(struct dentry, d_flags.x); }"), """
        stdin:1:14-45: ERROR: Struct/union of type 'struct dentry' does not contain a field named 'd_nmae'
        BEGIN { @a = offsetof(struct dentry, d_nmae); @b = offsetof(struct dentry, d_flags.x); }
                     ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
        HINT: did you mean 'd_name'?
        stdin:1:52-86: ERROR: offsetof(): 'd_flags' is of type 'uint32', not a struct/union
        BEGIN { @a = offsetof(struct dentry, d_nmae); @b = offsetof(struct dentry, d_flags.x); }
                                                           ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

        """)
    }

    // C pointer arithmetic: p + n, n + p and p - n keep the pointer's type (codegen scales by
    // the pointee's size); other operators, int - p and p - p are bpftrace's operand error.
    func testPointerArithmeticKeepsThePointerType() throws {
        XCTAssertEqual(try typeOfArgument("curtask + 1"), .pointer(FakeKernelTypes.task))
        XCTAssertEqual(try typeOfArgument("2 + (int32 *)curtask"), .pointer(.int32))
        XCTAssertEqual(try typeOfArgument("(uint16 *)curtask - 1"), .pointer(.integer(bits: 16, signed: false)))
        XCTAssertEqual(try typeOfArgument("(curtask + 1)->pid"), .int32)
        XCTAssertEqual(try typeOfArgument("*((int32 *)curtask + 2)"), .int32)
        XCTAssertEqual(try typeOfArgument("curtask == curtask->parent"), .boolean)
        let checked = try analyze("BEGIN { $p = (int16 *)curtask; $p++; --$p; @ = *$p; }")
        XCTAssertEqual(checked.maps.map(\.value), [.int64])  // checks without errors; maps store 64 bits
        XCTAssertEqual(rendered("BEGIN { @a = curtask - curtask; @b = 1 - curtask; @c = curtask * 2; @d = curtask + comm; }"), """
        stdin:1:14-31: ERROR: The - operator can not be used on expressions of types struct task_struct *, struct task_struct *
        BEGIN { @a = curtask - curtask; @b = 1 - curtask; @c = curtask * 2; @d = curtask + comm; }
                     ~~~~~~~~~~~~~~~~~
        stdin:1:38-49: ERROR: The - operator can not be used on expressions of types int64, struct task_struct *
        BEGIN { @a = curtask - curtask; @b = 1 - curtask; @c = curtask * 2; @d = curtask + comm; }
                                             ~~~~~~~~~~~
        stdin:1:56-67: ERROR: The * operator can not be used on expressions of types struct task_struct *, int64
        BEGIN { @a = curtask - curtask; @b = 1 - curtask; @c = curtask * 2; @d = curtask + comm; }
                                                               ~~~~~~~~~~~
        stdin:1:74-88: ERROR: The + operator can not be used on expressions of types struct task_struct *, string[16]
        BEGIN { @a = curtask - curtask; @b = 1 - curtask; @c = curtask * 2; @d = curtask + comm; }
                                                                                 ~~~~~~~~~~~~~~

        """)
    }

    // Arrays compare only with ==/!=, only with arrays of the same length and integer type
    // (one error per expression: the first that applies).
    func testArrayComparisons() throws {
        XCTAssertEqual(try typeOfArgument("curtask->cpus == curtask->parent->cpus"), .boolean)
        XCTAssertEqual(try typeOfArgument("curtask->ids != curtask->ids"), .boolean)
        XCTAssertEqual(rendered("BEGIN { @a = curtask->cpus < curtask->cpus; @b = curtask->cpus == curtask->ids; }"), """
        stdin:1:14-43: ERROR: The < operator cannot be used on arrays.
        BEGIN { @a = curtask->cpus < curtask->cpus; @b = curtask->cpus == curtask->ids; }
                     ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
        HINT: arrays only compare with == and !=
        stdin:1:50-79: ERROR: Only arrays of same size support comparison operators.
        BEGIN { @a = curtask->cpus < curtask->cpus; @b = curtask->cpus == curtask->ids; }
                                                         ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

        """)
    }

    // Kernel enum constants are uint64 values handed to codegen by name; builtins keep
    // their meaning even when an enum constant has the same name.
    func testEnumConstantsAreIntegers() throws {
        XCTAssertEqual(try typeOfArgument("TASK_COMM_LEN"), .uint64)
        let checked = try analyze("BEGIN { @a = TASK_COMM_LEN; @b = sizeof(TASK_COMM_LEN); @c = pid; }")
        XCTAssertEqual(checked.recordAccesses.enumConstants, ["TASK_COMM_LEN": 16])
        XCTAssertEqual(checked.recordAccesses.constants.values.sorted(), [8])
        let withDefinitions = try analyze("struct Mine { int a; } BEGIN { @a = TASK_COMM_LEN + sizeof(struct Mine); }")
        XCTAssertEqual(withDefinitions.recordAccesses.enumConstants, ["TASK_COMM_LEN": 16])
    }

    // Pointer and array fields take the type their C declaration names: qualifiers dropped,
    // every '*' kept, integer names and kernel typedefs resolved; unknown pointees stay void and
    // arrays of unknown elements stay bytes.
    func testPointerFieldsAreTypedFromTheirDeclaration() throws {
        let probe = "tracepoint:vfs:path_walk"
        XCTAssertEqual(try typeOfArgument("args.argv", probe: probe), .pointer(.pointer(.integer(bits: 8, signed: true))))
        XCTAssertEqual(try typeOfArgument("args.argv[1]", probe: probe), .pointer(.integer(bits: 8, signed: true)))
        XCTAssertEqual(try typeOfArgument("*args.status", probe: probe), .int32)
        XCTAssertEqual(try typeOfArgument("*args.pos", probe: probe), .int64)
        XCTAssertEqual(try typeOfArgument("args.paths[0]->dentry", probe: probe), .pointer(.record(name: "struct dentry", size: 64)))
        XCTAssertEqual(try typeOfArgument("args.lock", probe: probe), .pointer(.void))
        XCTAssertEqual(try typeOfArgument("args.args", probe: probe), .array(.uint64, count: 6))
        XCTAssertEqual(try typeOfArgument("args.args[5]", probe: probe), .uint64)
        XCTAssertEqual(try typeOfArgument("args.saddr", probe: probe), .array(.uint8, count: 4))
        XCTAssertEqual(try typeOfArgument("args.odd", probe: probe), .array(.uint8, count: 8))
    }

    // Casts between integers and integer arrays (the reference's "Array casts"): sizes agree,
    // an integer may widen into an array of up to 8 bytes, `[]` takes the integer's size.
    func testArrayCasts() throws {
        XCTAssertEqual(try typeOfArgument("(int8[8])12345"), .array(.integer(bits: 8, signed: true), count: 8))
        XCTAssertEqual(try typeOfArgument("(uint8[])(uint32)7"), .array(.uint8, count: 4))
        XCTAssertEqual(try typeOfArgument("(uint16[4])(uint16)7"), .array(.integer(bits: 16, signed: false), count: 4))
        XCTAssertEqual(try typeOfArgument("(uint64)(uint8[8])12345"), .uint64)
        XCTAssertEqual(try typeOfArgument("(int32)curtask->cpus[0]"), .int32)
        XCTAssertEqual(rendered(#"BEGIN { $a = (uint8[3])(uint32)1; $b = (uint16)curtask->cpus; $c = (uint16[])(uint8)1; $d = (uint8[2])"ab"; }"#), """
        stdin:1:14-33: ERROR: Cannot cast from "uint32" to "uint8[3]"
        BEGIN { $a = (uint8[3])(uint32)1; $b = (uint16)curtask->cpus; $c = (uint16[])(uint8)1; $d = (uint8[2])"ab"; }
                     ~~~~~~~~~~~~~~~~~~~
        stdin:1:40-61: ERROR: Cannot cast from "int32[4]" to "uint16"
        BEGIN { $a = (uint8[3])(uint32)1; $b = (uint16)curtask->cpus; $c = (uint16[])(uint8)1; $d = (uint8[2])"ab"; }
                                               ~~~~~~~~~~~~~~~~~~~~~
        stdin:1:68-86: ERROR: Cannot determine array size: the element size is incompatible with the cast integer size
        BEGIN { $a = (uint8[3])(uint32)1; $b = (uint16)curtask->cpus; $c = (uint16[])(uint8)1; $d = (uint8[2])"ab"; }
                                                                           ~~~~~~~~~~~~~~~~~~
        HINT: write the length, e.g. (uint8[8])
        stdin:1:93-107: ERROR: Cannot cast from "string[3]" to "uint8[2]"
        BEGIN { $a = (uint8[3])(uint32)1; $b = (uint16)curtask->cpus; $c = (uint16[])(uint8)1; $d = (uint8[2])"ab"; }
                                                                                                    ~~~~~~~~~~~~~~

        """)
    }

    // Pointers compare with each other like integers; different pointee types warn.
    func testComparingDistinctPointerTypesWarns() throws {
        XCTAssertEqual(try typeOfArgument("curtask == curtask->real_parent"), .boolean)
        let source = "BEGIN { @a = curtask->real_parent != curtask; @b = (uint8 *)curtask == curtask; }"
        let checked = try analyze(source)
        XCTAssertEqual(DiagnosticRenderer.render(checked.warnings, in: SourceFile(name: "stdin", text: source)), """
        stdin:1:52-79: WARNING: comparison of distinct pointer types: uint8, struct task_struct
        BEGIN { @a = curtask->real_parent != curtask; @b = (uint8 *)curtask == curtask; }
                                                           ~~~~~~~~~~~~~~~~~~~~~~~~~~~
        HINT: cast one side, e.g. (uint8 *), if they point to the same memory

        """)
    }

    // `let` declares pointer and record variables with kernel types; values must match them.
    func testLetDeclaresPointerAndRecordVariables() throws {
        let checked = try analyze("BEGIN { let $t: struct task_struct * = curtask; let $u: struct task_struct *; $u = $t->parent; let $l: struct list_head = $u->tasks; @ = $l.next; }")
        XCTAssertEqual(checked.maps.map(\.value), [.pointer(.record(name: "struct list_head", size: 16))])
        XCTAssertEqual(rendered("BEGIN { let $v: struct nope *; let $w: struct task_struct * = comm; }"), """
        stdin:1:17-30: ERROR: Unknown struct/union: 'struct nope'
        BEGIN { let $v: struct nope *; let $w: struct task_struct * = comm; }
                        ~~~~~~~~~~~~~
        stdin:1:32-67: ERROR: Type mismatch for $w: trying to assign value of type 'string[16]' when variable already has a type 'struct task_struct *'
        BEGIN { let $v: struct nope *; let $w: struct task_struct * = comm; }
                                       ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

        """)
    }

    // Tuples compare with == and != when their elements merge (any integer widths, any string
    // lengths, nested tuples); other operators and unrelated tuples are errors.
    func testTupleComparisons() throws {
        XCTAssertEqual(try typeOfArgument(#"((int8)-1, (2, "abc")) == (-1, (2, "abcdef"))"#), .boolean)
        XCTAssertEqual(rendered(#"BEGIN { $x = (1, 2) < (1, 3); $y = (1, "a") == (1, 2); $z = (1, 2) != (1, 2, 3); }"#), """
        stdin:1:14-29: ERROR: The < operator can not be used on expressions of types (int64, int64), (int64, int64)
        BEGIN { $x = (1, 2) < (1, 3); $y = (1, "a") == (1, 2); $z = (1, 2) != (1, 2, 3); }
                     ~~~~~~~~~~~~~~~
        stdin:1:36-54: ERROR: Type mismatch for '==': comparing (int64, string[2]) with (int64, int64)
        BEGIN { $x = (1, 2) < (1, 3); $y = (1, "a") == (1, 2); $z = (1, 2) != (1, 2, 3); }
                                           ~~~~~~~~~~~~~~~~~~
        stdin:1:61-80: ERROR: Type mismatch for '!=': comparing (int64, int64) with (int64, int64, int64)
        BEGIN { $x = (1, 2) < (1, 3); $y = (1, "a") == (1, 2); $z = (1, 2) != (1, 2, 3); }
                                                                    ~~~~~~~~~~~~~~~~~~~

        """)
    }

    // The reference's (docs/language.md) examples about arrays, structs, pointers and type
    // conversion, restated: each type-checks, with the types the reference describes.
    func testLanguageReferenceTypeExamples() throws {
        let arrays = try analyze("struct MyStruct { int y[4]; } kprobe:dummy { $s = (struct MyStruct *) arg0; print($s.y[0]); }")
        XCTAssertEqual(arrays.recordAccesses.fields.values.map(\.name), ["y"])
        let structs = try analyze("""
            struct MyStruct { int a; }
            kprobe:dummy { $ptr = (struct MyStruct *) arg0; $st = *$ptr; print($st.a); print($ptr.a); }
            """)
        XCTAssertEqual(structs.recordAccesses.fields.values.map(\.type), [.int32, .int32])
        _ = try analyze("kprobe:dummy { $z = arg0; $pz = arg1; $y = (uint32) $z; $py = (int16 *) $pz; @ = *$py; }")
        _ = try analyze(#"begin { $a = (int8[8])12345; printf("%x %x\n", $a[0], $a[1]); printf("%d\n", (uint64)$a); }"#)
        _ = try analyze(#"kprobe:vfs_open { printf("open path: %s\n", str(((struct path *)arg0).dentry.d_name.name)); }"#)
        _ = try analyze("""
            kprobe:d_lookup { $name = (struct qstr *)arg1; @fname[tid] = $name.name; }
            kretprobe:d_lookup /@fname[tid]/ { printf("%-8d %-6d %-16s M %s\\n", elapsed / 1e6, pid, comm, str(@fname[tid])); }
            """)
        _ = try analyze("""
            tracepoint:vfs:path_walk { @out[tid] = args.path; }
            tracepoint:vfs:path_walk { $p = @out[tid]; delete(@out, tid); if ($p != 0) { printf("got a path\\n"); } }
            """)
        _ = try analyze("begin { if (curtask) { @a = 1; } @b = curtask ? 1 : 2; @c = (curtask && 0) ? 1 : 2; @d = (curtask || 0) ? 1 : 2; }")
    }

    // A struct bigger than codegen copies whole is an error where it is used whole, with the
    // source shown; reading its fields, indexing it and sizeof stay fine.
    func testWholeLargeStructsAreReportedWhereUsed() throws {
        let fine = try analyze("BEGIN { @a = ((struct huge *)0)->a; @b = (*(struct huge *)0).a; @c = sizeof(*(struct huge *)0); @d = ((struct huge *)0)[1].a; }")
        XCTAssertEqual(fine.recordAccesses.constants.values.sorted(), [4096])
        XCTAssertEqual(rendered("BEGIN { $h = *(struct huge *)0; print(((struct huge *)0)[1]); }"), """
        stdin:1:14-31: ERROR: Copying a whole 4096-byte struct huge is not supported
        BEGIN { $h = *(struct huge *)0; print(((struct huge *)0)[1]); }
                     ~~~~~~~~~~~~~~~~~
        HINT: read the fields you need instead, e.g. (...).field
        stdin:1:40-60: ERROR: Copying a whole 4096-byte struct huge is not supported
        BEGIN { $h = *(struct huge *)0; print(((struct huge *)0)[1]); }
                                               ~~~~~~~~~~~~~~~~~~~~
        HINT: read the fields you need instead, e.g. (...).field

        """)
    }

    // A struct named without its keyword gets a hint naming the struct that exists.
    func testRecordNamesWithoutTheirKeywordSuggestIt() {
        XCTAssertEqual(rendered("BEGIN { $t = (task_struct *)curtask; @ = sizeof(task_struct); }"), """
        stdin:1:15-28: ERROR: Unknown type: 'task_struct'
        BEGIN { $t = (task_struct *)curtask; @ = sizeof(task_struct); }
                      ~~~~~~~~~~~~~
        HINT: did you mean 'struct task_struct'?
        stdin:1:49-60: ERROR: Unknown identifier: 'task_struct'
        BEGIN { $t = (task_struct *)curtask; @ = sizeof(task_struct); }
                                                        ~~~~~~~~~~~
        HINT: did you mean sizeof(struct task_struct)?

        """)
    }

    // Only an address (a pointer, a 64-bit integer) gets the hint to cast it to a struct pointer.
    func testFieldOfASmallIntegerHasNoCastHint() {
        XCTAssertEqual(rendered("BEGIN { @ = curtask.pid.x; }"), """
        stdin:1:13-26: ERROR: Can not access field 'x' on expression of type 'int32'
        BEGIN { @ = curtask.pid.x; }
                    ~~~~~~~~~~~~~

        """)
    }
}
