// The BTF type catalogue against the running kernel: every struct and union converts to a
// layout whose fields lie inside it, and well-known types have their known shapes.
import XCTest
import SwtraceCore
import SwtraceRuntime

final class BTFTypeCatalogueTests: XCTestCase {
    var catalogue: BTFTypeCatalogue!

    override func setUpWithError() throws {
        guard let vmlinux = BTFTypeCatalogue.vmlinux else { throw XCTSkip("the kernel has no BTF") }
        catalogue = vmlinux
    }

    func testEveryKernelRecordConvertsWithFieldsInsideIt() throws {
        let names = catalogue.recordNames()
        XCTAssertGreaterThan(names.count, 1000)
        var anonymous: Set<String> = []
        for name in names {
            let record = try XCTUnwrap(catalogue.record(named: name), name)
            XCTAssertEqual(record.name, name)
            for field in record.fields {
                let bytes = field.bitfield?.byteCount ?? field.type.byteSize
                XCTAssertLessThanOrEqual(field.offset + bytes, max(record.size, field.offset),
                                         "\(name).\(field.name) at \(field.offset) (\(bytes) bytes) overruns \(record.size)")
                if case .record(let inner, _) = field.type, inner.contains("<anon:") { anonymous.insert(inner) }
            }
        }
        // Anonymous records reached through named members resolve by their synthetic names.
        XCTAssertFalse(anonymous.isEmpty)
        for name in anonymous { XCTAssertNotNil(catalogue.record(named: name), name) }
    }

    func testStableKernelShapes() throws {
        let list = try XCTUnwrap(catalogue.record(named: "struct list_head"))
        XCTAssertEqual(list.size, 16)
        XCTAssertEqual(list.fields, [
            RecordField(name: "next", type: .pointer(list.type), offset: 0),
            RecordField(name: "prev", type: .pointer(list.type), offset: 8),
        ])
        let task = try XCTUnwrap(catalogue.record(named: "struct task_struct"))
        XCTAssertEqual(task.field(named: "comm")?.type, .string(size: 16))
        XCTAssertEqual(task.field(named: "pid")?.type, .int32)
        XCTAssertEqual(task.field(named: "real_parent")?.type, .pointer(task.type))
        let qstr = try XCTUnwrap(catalogue.record(named: "struct qstr"))
        // `len` lives in an anonymous union/struct, flattened into qstr.
        XCTAssertEqual(qstr.field(named: "len")?.type, .uint32)
        XCTAssertEqual(qstr.field(named: "name")?.offset, 8)
        XCTAssertNil(catalogue.record(named: "struct no_such_struct_anywhere"))
        XCTAssertNil(catalogue.record(named: "task_struct"))
    }

    func testTypedefsResolveToTheirTypes() {
        XCTAssertEqual(catalogue.typedef(named: "pid_t"), .int32)
        XCTAssertEqual(catalogue.typedef(named: "loff_t"), .int64)
        XCTAssertEqual(catalogue.typedef(named: "u8"), .uint8)
        XCTAssertNil(catalogue.typedef(named: "no_such_typedef_t"))
    }

    // Enum constants: 32-bit unsigned and signed (sign-extended) enums, and 64-bit ones.
    func testEnumConstantsHaveTheirValues() {
        XCTAssertEqual(catalogue.enumConstant(named: "BPF_MAP_TYPE_HASH"), 1)
        XCTAssertEqual(catalogue.enumConstant(named: "BTF_VAR_STATIC"), 0)
        XCTAssertEqual(catalogue.enumConstant(named: "TASK_COMM_LEN"), 16)
        XCTAssertEqual(catalogue.enumConstant(named: "PERF_EVENT_STATE_DEAD"), UInt64(bitPattern: -5))
        XCTAssertEqual(catalogue.enumConstant(named: "PERF_CONTEXT_HV"), 18446744073709551584)
        XCTAssertNil(catalogue.enumConstant(named: "NO_SUCH_ENUM_CONSTANT"))
    }
}

final class KernelTypeCatalogueTests: XCTestCase {
    /// A directory standing in for /sys/kernel/btf: vmlinux's own BTF also plays a module
    /// ("mirror", split over vmlinux), next to a file that is not BTF at all.
    func testModulesAreReadOnlyForNamesVmlinuxLacksAndBadFilesAreSkipped() throws {
        guard let vmlinux = BTFTypeCatalogue.vmlinux else { throw XCTSkip("the kernel has no BTF") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swtrace-btf-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("mirror").path,
                                                   withDestinationPath: "/sys/kernel/btf/vmlinux")
        try Data("not btf".utf8).write(to: directory.appendingPathComponent("broken"))

        let kernel = KernelTypeCatalogue(vmlinux: vmlinux, directory: directory.path)

        XCTAssertEqual(kernel.record(named: "struct task_struct"), vmlinux.record(named: "struct task_struct"))
        XCTAssertNil(kernel.record(named: "struct no_such_struct_anywhere"))
        XCTAssertEqual(kernel.modules.count, 1, "the broken file is skipped")
        XCTAssertEqual(kernel.typedef(named: "pid_t"), .int32)
        XCTAssertTrue(kernel.recordNames().contains("struct task_struct"))
    }
}

final class RecordValuesTests: XCTestCase {
    /// struct sample { u32 id; unsigned flag:1, level:3; int signed_bits:4 (in byte 5); char name[4]; }
    let catalogue = FixedTypeCatalogue([
        RecordDefinition(name: "struct sample", size: 12, fields: [
            RecordField(name: "id", type: .uint32, offset: 0),
            RecordField(name: "flag", type: .uint8, offset: 4, bitfield: Bitfield(shift: 0, width: 1)),
            RecordField(name: "level", type: .uint8, offset: 4, bitfield: Bitfield(shift: 1, width: 3)),
            RecordField(name: "delta", type: .integer(bits: 8, signed: true), offset: 5, bitfield: Bitfield(shift: 2, width: 4)),
            RecordField(name: "name", type: .string(size: 4), offset: 8),
        ]),
    ])

    func testFieldsInOrderWithBitfieldsExtracted() throws {
        // id 7; byte 4 = 0b1011 (flag 1, level 0b101 = 5); byte 5 = 0b110100 (delta 0b1101 = -3); "ab".
        let bytes: [UInt8] = [7, 0, 0, 0, 0b1011, 0b11_0100, 0, 0, 0x61, 0x62, 0, 0]
        let value = bytes.withUnsafeBytes { raw in
            RecordValues.decode("struct sample", from: raw, at: 0, catalogue: catalogue) { type, offset in
                switch type {
                case .string(let size):
                    let text = raw[offset..<(offset + size)].prefix { $0 != 0 }
                    return .string(String(decoding: text, as: UTF8.self))
                default:
                    return .unsigned(UInt64(raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                }
            }
        }
        XCTAssertEqual(value, .record([
            FieldValue(name: "id", value: .unsigned(7)),
            FieldValue(name: "flag", value: .unsigned(1)),
            FieldValue(name: "level", value: .unsigned(5)),
            FieldValue(name: "delta", value: .signed(-3)),
            FieldValue(name: "name", value: .string("ab")),
        ]))
        XCTAssertNil([UInt8](repeating: 0, count: 12).withUnsafeBytes { raw in
            RecordValues.decode("struct unknown", from: raw, at: 0, catalogue: catalogue) { _, _ in .none }
        })
    }
}
