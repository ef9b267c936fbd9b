// Kernel struct/union layouts read from BTF (/sys/kernel/btf/vmlinux, and a loaded module's
// /sys/kernel/btf/MODULE on top of it) with libbpf's btf__* API, converted to the core's
// RecordDefinition. Records are built on first use and cached: the kernel's BTF holds ~100k
// types and a program names only a few.
import CLibbpf
import Foundation
import SwtraceCore

public final class BTFTypeCatalogue: TypeCatalogue, @unchecked Sendable {
    private let btf: OpaquePointer
    /// For a module's split BTF: the module's name and the vmlinux types it builds on.
    private let module: String?
    private let base: BTFTypeCatalogue?
    /// Ids below this belong to the base (vmlinux) BTF.
    private let firstOwnID: UInt32
    private let lock = NSLock()
    private var records: [String: RecordDefinition?] = [:]
    private var typedefs: [String: SwType?] = [:]
    private var allNames: [String]?
    /// Every enum constant of this BTF by name, indexed on the first lookup.
    private var enumConstants: [String: UInt64]?

    /// The running kernel's types; nil when the kernel has no BTF.
    public static let vmlinux: BTFTypeCatalogue? = {
        guard let btf = btf__load_vmlinux_btf() else { return nil }
        return BTFTypeCatalogue(owning: btf)
    }()

    /// Types from a BTF file (raw BTF such as /sys/kernel/btf/vmlinux, or an ELF with .BTF).
    public convenience init?(path: String) {
        guard let btf = btf__parse(path, nil) else { return nil }
        self.init(owning: btf)
    }

    /// A module's types (/sys/kernel/btf/MODULE), split BTF over `base`; anonymous records of
    /// the module are named "struct <anon:MODULE:ID>".
    public init?(module: String, path: String, base: BTFTypeCatalogue) {
        guard let btf = btf__parse_split(path, base.btf) else { return nil }
        self.btf = btf; self.module = module; self.base = base; firstOwnID = btf__type_cnt(base.btf)
    }

    private init(owning btf: OpaquePointer) {
        self.btf = btf; module = nil; base = nil; firstOwnID = 1
    }

    deinit { btf__free(btf) }

    public func record(named name: String) -> RecordDefinition? {
        lock.lock()
        defer { lock.unlock() }
        if let cached = records[name] { return cached }
        let built = typeID(ofRecord: name).map(definition)
        records[name] = .some(built)
        return built
    }

    public func typedef(named name: String) -> SwType? {
        lock.lock()
        defer { lock.unlock() }
        if let cached = typedefs[name] { return cached }
        let id = btf__find_by_name_kind(btf, name, UInt32(BTF_KIND_TYPEDEF))
        let type = id > 0 ? swType(UInt32(id)) : nil
        typedefs[name] = .some(type)
        return type
    }

    public func enumConstant(named name: String) -> UInt64? {
        lock.lock()
        defer { lock.unlock() }
        if enumConstants == nil { enumConstants = indexEnumConstants() }
        return enumConstants?[name]
    }

    /// One pass over this BTF's enum types (~100k types, a few milliseconds); the first
    /// definition of a name wins, as C allows only one.
    private func indexEnumConstants() -> [String: UInt64] {
        var constants: [String: UInt64] = [:]
        for id in firstOwnID..<max(firstOwnID, btf__type_cnt(btf)) {
            guard let type = btf__type_by_id(btf, id) else { continue }
            let count = Int(btf_vlen(type))
            switch Int(btf_kind(type)) {
            case Int(BTF_KIND_ENUM):
                let values = btf_enum(type)!
                for index in 0..<count where constants[string(values[index].name_off)] == nil {
                    // Signed enums sign-extend; unsigned ones keep their 32 bits.
                    let raw = values[index].val
                    constants[string(values[index].name_off)] = btf_kflag(type) ? UInt64(bitPattern: Int64(raw)) : UInt64(UInt32(bitPattern: raw))
                }
            case BTFKind.enum64:
                let values = btf_enum64(type)!
                for index in 0..<count where constants[string(values[index].name_off)] == nil {
                    constants[string(values[index].name_off)] = UInt64(values[index].val_hi32) << 32 | UInt64(values[index].val_lo32)
                }
            default:
                continue
            }
        }
        return constants
    }

    public func recordNames() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        if let allNames { return allNames }
        var names = Set<String>()
        for id in firstOwnID..<max(firstOwnID, btf__type_cnt(btf)) {
            guard let type = btf__type_by_id(btf, id), btf_is_composite(type),
                  let name = self.name(type), !name.isEmpty else { continue }
            names.insert(recordName(id, type))
        }
        let sorted = names.sorted()
        allNames = sorted
        return sorted
    }

    // MARK: Lookup

    /// "struct task_struct" -> its BTF id; anonymous records are named "struct <anon:ID>"
    /// (vmlinux) or "struct <anon:MODULE:ID>" (a module's own types).
    private func typeID(ofRecord name: String) -> UInt32? {
        let parts = name.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        let kind: UInt32
        switch parts[0] {
        case "struct": kind = UInt32(BTF_KIND_STRUCT)
        case "union": kind = UInt32(BTF_KIND_UNION)
        default: return nil
        }
        if parts[1].hasPrefix("<anon:"), parts[1].hasSuffix(">") {
            let reference = parts[1].dropFirst(6).dropLast().split(separator: ":").map(String.init)
            let owner = reference.count == 2 ? reference[0] : nil
            guard owner == module, let id = reference.last.flatMap({ UInt32($0) }), id >= firstOwnID,
                  id < btf__type_cnt(btf), let type = btf__type_by_id(btf, id), UInt32(btf_kind(type)) == kind else { return nil }
            return id
        }
        let id = btf__find_by_name_kind(btf, parts[1], kind)
        return id > 0 ? UInt32(id) : nil
    }

    private func definition(_ id: UInt32) -> RecordDefinition {
        let type = btf__type_by_id(btf, id)!
        return RecordDefinition(name: recordName(id, type), size: Int(type.pointee.size), fields: members(of: id, baseBits: 0))
    }

    /// Members of a struct/union, anonymous struct/union members flattened into their parent.
    private func members(of id: UInt32, baseBits: Int) -> [RecordField] {
        guard let type = btf__type_by_id(btf, id), btf_is_composite(type) else { return [] }
        let list = btf_members(type)!
        var fields: [RecordField] = []
        for index in 0..<Int(btf_vlen(type)) {
            let member = list[index]
            let bits = baseBits + Int(btf_member_bit_offset(type, UInt32(index)))
            let width = Int(btf_member_bitfield_size(type, UInt32(index)))
            let name = string(member.name_off)
            if name.isEmpty {
                let inner = skipQualifiers(member.type)
                if let innerType = btf__type_by_id(btf, inner), btf_is_composite(innerType) {
                    fields += members(of: inner, baseBits: bits)
                }
                continue
            }
            let fieldType = swType(member.type)
            if width > 0 {
                let bitfield = Bitfield(shift: bits % 8, width: width)
                let signed = fieldType.isSigned
                fields.append(RecordField(name: name, type: .integer(bits: width > 32 ? 64 : width > 16 ? 32 : width > 8 ? 16 : 8, signed: signed),
                                          offset: bits / 8, bitfield: bitfield))
            } else {
                fields.append(RecordField(name: name, type: fieldType, offset: bits / 8))
            }
        }
        return fields
    }

    // MARK: Types

    /// The language type of a BTF type: integers, pointers, char arrays as strings, records by name.
    private func swType(_ id: UInt32) -> SwType {
        let id = skipQualifiers(id)
        guard id != 0, let type = btf__type_by_id(btf, id) else { return .void }
        let size = Int(type.pointee.size)
        switch Int(btf_kind(type)) {
        case Int(BTF_KIND_INT):
            if size > 8 { return .array(.uint8, count: size) }
            let encoding = btf_int_encoding(type)
            let bool = encoding & 4 != 0
            return .integer(bits: max(8, size * 8), signed: !bool && encoding & 1 != 0)
        case Int(BTF_KIND_ENUM), BTFKind.enum64:
            return .integer(bits: [1, 2, 4, 8].contains(size) ? size * 8 : 64, signed: btf_kflag(type))
        case Int(BTF_KIND_PTR):
            return .pointer(pointee(type.pointee.type))
        case Int(BTF_KIND_ARRAY):
            let array = btf_array(type)!.pointee
            let count = Int(array.nelems)
            if isCharacter(array.type) { return .string(size: count) }
            return .array(swType(array.type), count: count)
        case Int(BTF_KIND_STRUCT), Int(BTF_KIND_UNION):
            return .record(name: recordName(id, type), size: size)
        case Int(BTF_KIND_FWD):
            return .record(name: (btf_kflag(type) ? "union " : "struct ") + (name(type) ?? ""), size: 0)
        case BTFKind.float:
            return .array(.uint8, count: size)
        default:
            return .void
        }
    }

    /// What a pointer points to; a pointer to a function is a pointer to void.
    private func pointee(_ id: UInt32) -> SwType {
        let resolved = skipQualifiers(id)
        if let type = btf__type_by_id(btf, resolved), btf_is_func_proto(type) { return .void }
        return swType(id)
    }

    /// `char name[N]` (not `u8 bytes[N]`) reads as a string, as in bpftrace.
    private func isCharacter(_ id: UInt32) -> Bool {
        var current = id
        while let type = btf__type_by_id(btf, current), btf_is_mod(type) || btf_is_type_tag(type) {
            current = type.pointee.type
        }
        guard let type = btf__type_by_id(btf, current), btf_is_int(type), type.pointee.size == 1 else { return false }
        return ["char", "signed char", "unsigned char"].contains(name(type) ?? "")
    }

    /// Follows typedefs, const/volatile/restrict and type tags to the underlying type.
    private func skipQualifiers(_ id: UInt32) -> UInt32 {
        var current = id
        for _ in 0..<32 {
            guard current != 0, let type = btf__type_by_id(btf, current),
                  btf_is_mod(type) || btf_is_typedef(type) || btf_is_type_tag(type) else { break }
            current = type.pointee.type
        }
        return current
    }

    private func recordName(_ id: UInt32, _ type: UnsafePointer<btf_type>) -> String {
        let keyword = btf_is_union(type) ? "union" : "struct"
        guard let name = name(type), !name.isEmpty else {
            if let module, id >= firstOwnID { return "\(keyword) <anon:\(module):\(id)>" }
            return "\(keyword) <anon:\(id)>"
        }
        return "\(keyword) \(name)"
    }

    private func name(_ type: UnsafePointer<btf_type>) -> String? {
        let text = string(type.pointee.name_off)
        return text.isEmpty ? nil : text
    }

    private func string(_ offset: UInt32) -> String {
        guard let pointer = btf__name_by_offset(btf, offset) else { return "" }
        return String(cString: pointer)
    }
}

/// BTF kinds that both libbpf's and the kernel's headers define (ambiguous when imported).
private enum BTFKind {
    static let float = 16
    static let enum64 = 19
}

/// The running kernel's types: vmlinux first, then each loaded module's BTF, read on the first
/// name vmlinux does not know (most programs never need them).
public final class KernelTypeCatalogue: TypeCatalogue, @unchecked Sendable {
    public static let running: KernelTypeCatalogue? = BTFTypeCatalogue.vmlinux.map {
        KernelTypeCatalogue(vmlinux: $0, directory: "/sys/kernel/btf")
    }

    private let vmlinux: BTFTypeCatalogue
    private let directory: String
    private let lock = NSLock()
    private var loadedModules: [BTFTypeCatalogue]?

    public init(vmlinux: BTFTypeCatalogue, directory: String) {
        self.vmlinux = vmlinux; self.directory = directory
    }

    /// Every module with BTF under `directory`, in name order.
    public var modules: [BTFTypeCatalogue] {
        lock.lock()
        defer { lock.unlock() }
        if let loadedModules { return loadedModules }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0 != "vmlinux" }.sorted()
        let loaded = names.compactMap { BTFTypeCatalogue(module: $0, path: directory + "/" + $0, base: vmlinux) }
        loadedModules = loaded
        return loaded
    }

    public func record(named name: String) -> RecordDefinition? {
        vmlinux.record(named: name) ?? modules.lazy.compactMap { $0.record(named: name) }.first
    }

    public func typedef(named name: String) -> SwType? {
        vmlinux.typedef(named: name) ?? modules.lazy.compactMap { $0.typedef(named: name) }.first
    }

    public func enumConstant(named name: String) -> UInt64? {
        vmlinux.enumConstant(named: name) ?? modules.lazy.compactMap { $0.enumConstant(named: name) }.first
    }

    public func recordNames() -> [String] {
        Array(Set(vmlinux.recordNames() + modules.flatMap { $0.recordNames() })).sorted()
    }
}

extension LiveKernelCatalogue {
    /// Kernel structs from the running kernel's BTF (vmlinux and loaded modules).
    public var typeCatalogue: TypeCatalogue? { KernelTypeCatalogue.running }
}
