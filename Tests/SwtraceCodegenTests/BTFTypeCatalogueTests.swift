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
}
