// Layouts of the preamble's `struct`/`union` definitions, computed with the C rules of x86-64
// and arm64 (each member at its natural alignment, the size rounded up to the widest member),
// and a catalogue that shows them ahead of the kernel's BTF types, as bpftrace does.

enum UserTypeDefinitions {
    /// The records the definitions describe; problems (unknown member types, duplicates) go to `sink`.
    static func records(_ definitions: [TypeDefinition], kernelTypes: TypeCatalogue?,
                        sink: inout DiagnosticSink) -> [RecordDefinition] {
        let userNames = Set(definitions.map(\.name))
        var done: [String: (record: RecordDefinition, alignment: Int)] = [:]
        var ordered: [RecordDefinition] = []
        for definition in definitions {
            if done[definition.name] != nil {
                sink.report(SemanticDiagnostics.typeRedefined(definition.name, definition.range))
                continue
            }
            var fields: [RecordField] = []
            var size = 0, alignment = 1
            for member in definition.members {
                if fields.contains(where: { $0.name == member.name }) {
                    sink.report(SemanticDiagnostics.memberRepeated(member.name, definition.name, member.range))
                    continue
                }
                guard let (type, memberAlignment) = memberType(member.type, userNames: userNames, defined: done,
                                                               kernelTypes: kernelTypes, sink: &sink) else { continue }
                let offset = definition.isUnion ? 0 : roundUp(size, to: memberAlignment)
                fields.append(RecordField(name: member.name, type: type, offset: offset))
                size = definition.isUnion ? max(size, type.byteSize) : offset + type.byteSize
                alignment = max(alignment, memberAlignment)
            }
            let record = RecordDefinition(name: definition.name, size: roundUp(size, to: alignment), fields: fields)
            done[definition.name] = (record, alignment)
            ordered.append(record)
        }
        // Pointers to records defined later (or to the record itself) were laid out before
        // the pointee's size was known: give them the final size.
        let sizes = Dictionary(uniqueKeysWithValues: ordered.map { ($0.name, $0.size) })
        return ordered.map { record in
            RecordDefinition(name: record.name, size: record.size, fields: record.fields.map { field in
                RecordField(name: field.name, type: resizingRecords(field.type, sizes), offset: field.offset, bitfield: field.bitfield)
            })
        }
    }

    /// A member's type and alignment; nil after reporting an unknown type.
    private static func memberType(_ written: TypeName, userNames: Set<String>,
                                   defined: [String: (record: RecordDefinition, alignment: Int)],
                                   kernelTypes: TypeCatalogue?, sink: inout DiagnosticSink) -> (SwType, Int)? {
        var base: SwType
        var alignment: Int
        let name = written.name
        if name.hasPrefix("struct ") || name.hasPrefix("union ") {
            if let user = defined[name] {
                base = user.record.type; alignment = user.alignment
            } else if written.pointerDepth > 0, userNames.contains(name) {
                base = .record(name: name, size: 0); alignment = 8  // sized once every definition is laid out
            } else if let kernel = kernelTypes?.record(named: name) {
                base = kernel.type; alignment = 8
            } else {
                sink.report(SemanticDiagnostics.unknownMemberType(name, written.range,
                                                                  candidates: userNames.sorted() + (kernelTypes?.recordNames() ?? [])))
                return nil
            }
        } else if let integer = IntegerTypeNames.type(named: name) ?? kernelTypes?.typedef(named: name), integer != .void {
            base = integer; alignment = integer.alignment
        } else if name == "void", written.pointerDepth > 0 {
            base = .void; alignment = 1
        } else {
            sink.report(SemanticDiagnostics.unknownMemberType(name, written.range, candidates: IntegerTypeNames.names.sorted()))
            return nil
        }
        for _ in 0..<written.pointerDepth { base = .pointer(base); alignment = 8 }
        if let count = written.arrayLength {
            // `char name[16]` reads as a string, as BTF char arrays do.
            if written.pointerDepth == 0, ["char", "signed char", "unsigned char"].contains(name) {
                base = .string(size: count)
            } else {
                base = .array(base, count: count)
            }
        }
        return (base, alignment)
    }

    private static func resizingRecords(_ type: SwType, _ sizes: [String: Int]) -> SwType {
        switch type {
        case .record(let name, 0): return .record(name: name, size: sizes[name] ?? 0)
        case .pointer(let pointee): return .pointer(resizingRecords(pointee, sizes))
        case .array(let element, let count): return .array(resizingRecords(element, sizes), count: count)
        default: return type
        }
    }

    private static func roundUp(_ value: Int, to alignment: Int) -> Int {
        (value + alignment - 1) / alignment * alignment
    }
}

/// The program's own records first, then the kernel's.
struct UserFirstTypeCatalogue: TypeCatalogue {
    let user: [String: RecordDefinition]
    let kernel: TypeCatalogue?

    func record(named name: String) -> RecordDefinition? { user[name] ?? kernel?.record(named: name) }
    func recordNames() -> [String] { user.keys.sorted() + (kernel?.recordNames() ?? []) }
    func typedef(named name: String) -> SwType? { kernel?.typedef(named: name) }
}

/// A kernel catalogue whose type catalogue also holds the program's type definitions; every
/// other question goes to the real catalogue.
struct CatalogueWithUserTypes: KernelCatalogue {
    let base: KernelCatalogue
    let types: UserFirstTypeCatalogue

    var features: KernelFeatures { base.features }
    var typeCatalogue: TypeCatalogue? { types }
    func tracepoints(category: String, name: String) throws -> [(category: String, name: String)] {
        try base.tracepoints(category: category, name: name)
    }
    func tracepointFormat(category: String, name: String) throws -> TracepointFormat? {
        try base.tracepointFormat(category: category, name: name)
    }
    func kernelFunctions(matching pattern: String) throws -> [String] { try base.kernelFunctions(matching: pattern) }
    func kernelFunctionPrototype(_ name: String) throws -> FunctionPrototype? { try base.kernelFunctionPrototype(name) }
    func resolveBinary(_ name: String) -> String? { base.resolveBinary(name) }
    func userFunctions(inBinary path: String, matching pattern: String) throws -> [String] {
        try base.userFunctions(inBinary: path, matching: pattern)
    }
    func usdtProbes(inBinary path: String) throws -> [USDTProbeSite] { try base.usdtProbes(inBinary: path) }
}

extension SemanticDiagnostics {
    static func typeRedefined(_ name: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "type-redefined", message: "Redefinition of type: \(name)", range: range,
                   hints: ["each struct or union can be defined once; rename one of them"])
    }

    static func memberRepeated(_ member: String, _ record: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(id: "member-repeated", message: "Duplicate member '\(member)' in \(record)", range: range)
    }

    static func unknownMemberType(_ name: String, _ range: SourceRange, candidates: [String]) -> Diagnostic {
        var hints: [String] = []
        if let near = nearest(name, in: candidates) { hints.append("did you mean '\(near)'?") }
        else { hints.append("define it before this type, or use an integer type such as u32 or uint64") }
        return Diagnostic(id: "unknown-member-type", message: "Unknown type of member: '\(name)'", range: range, hints: hints)
    }
}
