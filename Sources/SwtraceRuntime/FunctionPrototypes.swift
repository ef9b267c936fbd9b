// Kernel function prototypes from vmlinux BTF: the typed `args` of fentry/fexit and what
// `-lv fentry:...` prints. Parameter i lives at ctx + 8*i (two slots for 9-16 byte structs).

import CLibbpf
import Foundation
import SwtraceCore

public enum FunctionPrototypes {
    /// BTF kinds, by number (the enum names clash between linux/btf.h and libbpf in Swift).
    enum Kind: UInt32 {
        case int = 1, pointer, array, structure, union, enumeration, forward, typedef, volatile, const, restrict
        case function, functionPrototype, variable, dataSection, float, declarationTag, typeTag, enumeration64
    }

    /// vmlinux BTF, loaded once per run (parsing it takes tens of milliseconds).
    private final class Loaded: @unchecked Sendable {
        let btf: OpaquePointer?
        init() { btf = btf__load_vmlinux_btf() }
        deinit { if let btf { btf__free(btf) } }
    }
    private static let vmlinux = Loaded()

    /// Names of every kernel function BTF describes, sorted.
    public static func allFunctions() -> [String] {
        guard let btf = vmlinux.btf else { return [] }
        var names: Set<String> = []
        let count = btf__type_cnt(btf)
        for id in 1..<max(count, 1) {
            guard let type = btf__type_by_id(btf, id), kind(type) == .function,
                  let name = btf__name_by_offset(btf, type.pointee.name_off) else { continue }
            names.insert(String(cString: name))
        }
        return names.sorted()
    }

    public static func prototype(of function: String) -> FunctionPrototype? {
        guard let btf = vmlinux.btf else { return nil }
        let id = btf__find_by_name_kind(btf, function, Kind.function.rawValue)
        guard id > 0, let functionType = btf__type_by_id(btf, UInt32(id)),
              let proto = btf__type_by_id(btf, functionType.pointee.type), kind(proto) == .functionPrototype else { return nil }
        var parameters: [TracepointField] = []
        var slot = 0
        let params = UnsafeRawPointer(proto.advanced(by: 1)).assumingMemoryBound(to: btf_param.self)
        for index in 0..<Int(vlen(proto)) {
            let param = params[index]
            let name = btf__name_by_offset(btf, param.name_off).map { String(cString: $0) } ?? ""
            if name.isEmpty && param.type == 0 { break }  // variadic marker
            let layout = scalarLayout(btf, param.type)
            parameters.append(TracepointField(name: name.isEmpty ? "arg\(index)" : name, cType: typeName(btf, param.type),
                                              offset: slot * 8, size: layout.size, isSigned: layout.signed))
            slot += max(1, (layout.storage + 7) / 8)
        }
        var returnField: TracepointField?
        let returnType = proto.pointee.type
        if returnType != 0 {
            let layout = scalarLayout(btf, returnType)
            returnField = TracepointField(name: "retval", cType: typeName(btf, returnType), offset: slot * 8,
                                          size: layout.size, isSigned: layout.signed)
        }
        return FunctionPrototype(name: function, parameters: parameters, returnType: returnField)
    }

    /// BPF iterators (`task`, `task_file`, ...): each is a `bpf_iter_NAME` function with a
    /// `struct bpf_iter__NAME` context; other `bpf_iter_*` functions are kfuncs, not targets.
    public static func iterators() -> [String] {
        guard let btf = vmlinux.btf else { return [] }
        return allFunctions().filter { $0.hasPrefix("bpf_iter_") }.map { String($0.dropFirst("bpf_iter_".count)) }
            .filter { btf__find_by_name_kind(btf, "bpf_iter__" + $0, Kind.structure.rawValue) > 0 }
    }

    /// Lines `-lv` prints for a function: each parameter, then the return value.
    public static func declarations(_ prototype: FunctionPrototype) -> [String] {
        (prototype.parameters + (prototype.returnType.map { [$0] } ?? [])).map { "\($0.cType) \($0.name)" }
    }

    static func kind(_ type: UnsafePointer<btf_type>) -> Kind? { Kind(rawValue: (type.pointee.info >> 24) & 0x1f) }
    static func vlen(_ type: UnsafePointer<btf_type>) -> UInt32 { type.pointee.info & 0xffff }

    /// Size read from the slot (1, 2, 4 or 8), signedness, and bytes the value occupies.
    static func scalarLayout(_ btf: OpaquePointer, _ id: UInt32) -> (size: Int, signed: Bool, storage: Int) {
        var current = id
        for _ in 0..<32 {
            guard current != 0, let type = btf__type_by_id(btf, current), let kind = kind(type) else { break }
            switch kind {
            case .typedef, .volatile, .const, .restrict, .typeTag, .declarationTag:
                current = type.pointee.type
                continue
            case .int:
                let encoding = UnsafeRawPointer(type.advanced(by: 1)).load(as: UInt32.self)
                let size = Int(type.pointee.size)
                return ([1, 2, 4, 8].contains(size) ? size : 8, (encoding >> 24) & 0x1 != 0, size)
            case .enumeration, .enumeration64:
                let size = Int(type.pointee.size)
                return ([1, 2, 4, 8].contains(size) ? size : 8, false, size)
            case .structure, .union:
                return (8, false, Int(type.pointee.size))
            default:
                return (8, false, 8)
            }
        }
        return (8, false, 8)
    }

    /// C spelling of a BTF type: `struct file *`, `const char *`, `size_t`.
    static func typeName(_ btf: OpaquePointer, _ id: UInt32, depth: Int = 0) -> String {
        guard id != 0 else { return "void" }
        guard depth < 32, let type = btf__type_by_id(btf, id), let kind = kind(type) else { return "void" }
        let name = btf__name_by_offset(btf, type.pointee.name_off).map { String(cString: $0) } ?? ""
        switch kind {
        case .int, .float, .typedef: return name
        case .structure: return "struct \(name)"
        case .union: return "union \(name)"
        case .enumeration, .enumeration64: return "enum \(name)"
        case .forward: return (type.pointee.info >> 31) != 0 ? "union \(name)" : "struct \(name)"
        case .pointer:
            if let pointee = btf__type_by_id(btf, type.pointee.type), Self.kind(pointee) == .functionPrototype { return "void *" }
            return typeName(btf, type.pointee.type, depth: depth + 1) + " *"
        case .const: return "const " + typeName(btf, type.pointee.type, depth: depth + 1)
        case .volatile: return "volatile " + typeName(btf, type.pointee.type, depth: depth + 1)
        case .restrict, .typeTag, .declarationTag: return typeName(btf, type.pointee.type, depth: depth + 1)
        case .array:
            let info = UnsafeRawPointer(type.advanced(by: 1)).assumingMemoryBound(to: btf_array.self).pointee
            return typeName(btf, info.type, depth: depth + 1) + "[\(info.nelems)]"
        default: return name.isEmpty ? "void" : name
        }
    }
}
