// C record (struct/union) layouts the language can reach through pointers: kernel types from
// BTF at run time, fixed tables in tests. The core only sees this protocol, never libbpf.

/// One member of a record as the language sees it: anonymous struct/union members are flattened
/// into their parent with their offsets added, as C lets you name their fields directly.
public struct RecordField: Sendable, Equatable {
    public var name: String
    public var type: SwType
    /// Byte offset from the start of the record (of the first byte holding a bitfield).
    public var offset: Int
    public var bitfield: Bitfield?

    public init(name: String, type: SwType, offset: Int, bitfield: Bitfield? = nil) {
        self.name = name; self.type = type; self.offset = offset; self.bitfield = bitfield
    }
}

/// A bitfield: `width` bits starting `shift` bits above the low bit of the byte at the field's offset.
public struct Bitfield: Sendable, Equatable {
    public var shift: Int
    public var width: Int
    public init(shift: Int, width: Int) { self.shift = shift; self.width = width }

    /// Bytes to read from the field's offset to hold every bit.
    public var byteCount: Int { (shift + width + 7) / 8 }
}

public struct RecordDefinition: Sendable, Equatable {
    /// As written in programs and messages: "struct task_struct", "union foo".
    public var name: String
    public var size: Int
    public var fields: [RecordField]

    public init(name: String, size: Int, fields: [RecordField]) {
        self.name = name; self.size = size; self.fields = fields
    }

    public var type: SwType { .record(name: name, size: size) }

    public func field(named name: String) -> RecordField? { fields.first { $0.name == name } }
}

public protocol TypeCatalogue: Sendable {
    /// The record called `name` ("struct task_struct"); nil when there is none.
    func record(named name: String) -> RecordDefinition?
    /// Every record name, for "did you mean" hints.
    func recordNames() -> [String]
    /// What a C typedef (`loff_t`, `atomic_t`) stands for; nil when there is none.
    func typedef(named name: String) -> SwType?
    /// The value of a C enum constant (`TASK_COMM_LEN`, `BPF_MAP_TYPE_HASH`); nil when there is none.
    func enumConstant(named name: String) -> UInt64?
}

extension TypeCatalogue {
    public func typedef(named name: String) -> SwType? { nil }
    public func enumConstant(named name: String) -> UInt64? { nil }
}

extension KernelCatalogue {
    /// Catalogues without type information (e.g. test fakes) have no records.
    public var typeCatalogue: TypeCatalogue? { nil }
}

/// A fixed set of records (tests, and kernels without BTF that describe a few types by hand).
public struct FixedTypeCatalogue: TypeCatalogue {
    public var records: [String: RecordDefinition]
    public var typedefs: [String: SwType]
    public var enumConstants: [String: UInt64]

    public init(_ records: [RecordDefinition], typedefs: [String: SwType] = [:], enumConstants: [String: UInt64] = [:]) {
        self.records = Dictionary(records.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.typedefs = typedefs
        self.enumConstants = enumConstants
    }

    public func record(named name: String) -> RecordDefinition? { records[name] }
    public func recordNames() -> [String] { records.keys.sorted() }
    public func typedef(named name: String) -> SwType? { typedefs[name] }
    public func enumConstant(named name: String) -> UInt64? { enumConstants[name] }
}

/// What type checking resolved about record accesses, for codegen: per expression id, the field
/// a `.`/`->` expression reads and the value of `sizeof`/`offsetof` expressions; by name, the
/// kernel enum constants the program uses.
public struct RecordAccesses: Sendable {
    public var fields: [Int: RecordField] = [:]
    public var constants: [Int: UInt64] = [:]
    public var enumConstants: [String: UInt64] = [:]
    /// Expressions whose record value is only the base of a field/index access or a sizeof
    /// operand: codegen walks their address and never copies them.
    public var chainBases: Set<Int> = []
    /// Largest struct value the generated code copies whole (`$t = *p`, `print(p->rec)`); only
    /// fields of bigger ones can be read, the BPF stack being 512 bytes.
    public static let largestCopiedRecord = 256
    public init() {}
}

extension UserFirstTypeCatalogue {
    /// Programs define structs, not enums: enum constants still come from the kernel's types.
    func enumConstant(named name: String) -> UInt64? { kernel?.enumConstant(named: name) }
}
