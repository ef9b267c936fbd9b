// Typing of struct/union access: `curtask`, casts to `struct X *`, `*p`, `p->f`, `r.f`, `a[i]`,
// `sizeof` and `offsetof`. Record layouts come from the catalogue's TypeCatalogue (kernel BTF);
// the fields and constants resolved here are kept in `recordAccesses` for codegen.

extension TypeChecker {
    var typeCatalogue: TypeCatalogue? { options.catalogue.typeCatalogue }

    /// `curtask` is a `struct task_struct *` when the kernel describes task_struct (else an
    /// integer); other names may be kernel enum constants; `retval` of fexit probes is typed from the function's prototype when it returns
    /// a struct pointer (`fexit:fget { retval.f_path }`).
    func recordTypedBuiltin(_ name: String) -> SwType? {
        switch name {
        case "curtask":
            return typeCatalogue?.record(named: "struct task_struct").map { .pointer($0.type) }
        case "retval":
            return fexitReturnedRecordPointer()
        case "ctx":
            return iteratorContextType()
        default:
            return enumConstantType(name)
        }
    }

    /// A kernel enum constant (`TASK_COMM_LEN`) is a uint64 value, as in bpftrace; builtins win.
    /// `default_str_length` (newer bpftrace's stdlib) is the string size in force (max_strlen),
    /// a constant known when compiling, passed on the same way.
    private func enumConstantType(_ name: String) -> SwType? {
        if name == "default_str_length", BuiltinCatalogue.variable(named: name) == nil {
            recordAccesses.enumConstants[name] = UInt64(options.maxStringSize)
            return .uint64
        }
        guard BuiltinCatalogue.variable(named: name) == nil, let value = typeCatalogue?.enumConstant(named: name) else { return nil }
        recordAccesses.enumConstants[name] = value
        return .uint64
    }

    /// The struct pointer every fexit attach point of this probe returns; nil otherwise.
    private func fexitReturnedRecordPointer() -> SwType? {
        var returned: SwType?
        for point in attachPoints[currentProbe] {
            guard case .fexit(let function) = point.target,
                  let result = (try? options.catalogue.kernelFunctionPrototype(function))??.returnType else { return nil }
            let type = tracepointFieldType(result)
            guard case .pointer(.record) = type, returned == nil || returned == type else { return nil }
            returned = type
        }
        return returned
    }

    /// True for names the record rules type: `struct x`, `union x`, anything with `*`, and kernel
    /// typedefs the language does not know itself (`loff_t`).
    func isRecordOrPointerType(_ typeName: TypeName) -> Bool {
        typeName.pointerDepth > 0 || recordKeyword(typeName.name) != nil
            || (integerType(named: typeName.name) == nil && typeCatalogue?.typedef(named: typeName.name) != nil)
    }

    /// The record named by a type name ("struct  foo" -> "struct foo"), reporting unknown ones.
    func lookUpRecord(_ written: String, _ range: SourceRange) -> RecordDefinition? {
        let name = written.split(separator: " ").joined(separator: " ")
        if let record = typeCatalogue?.record(named: name) { return record }
        report(SemanticDiagnostics.unknownRecord(name, range, candidates: typeCatalogue?.recordNames() ?? [],
                                                 haveTypes: typeCatalogue != nil))
        return nil
    }

    /// The type a type name denotes, with its pointers and array length; nil after reporting.
    func resolveTypeName(_ typeName: TypeName) -> SwType? {
        var base: SwType
        if recordKeyword(typeName.name) != nil {
            guard let record = lookUpRecord(typeName.name, typeName.range) else { return nil }
            base = record.type
        } else if let integer = integerType(named: typeName.name) {
            base = integer
        } else if let aliased = typeCatalogue?.typedef(named: typeName.name), aliased != .void {
            base = aliased
        } else if typeName.name == "void", typeName.pointerDepth > 0 {
            base = .void
        } else {
            report(SemanticDiagnostics.unknownTypeName(typeName.name, typeName.range, record: recordNamed(bare: typeName.name)))
            return nil
        }
        for _ in 0..<typeName.pointerDepth { base = .pointer(base) }
        if let count = typeName.arrayLength, count > 0 { base = .array(base, count: count) }
        return base
    }

    /// `(struct path *)x`, `(uint8 *)x`, `(uint8[4])x`: the pointer or array type, or nil when the
    /// cast is none of those (integer casts are typed by the caller).
    func recordCastTarget(_ typeName: TypeName, from operandType: SwType, _ expr: Expr) -> SwType? {
        if let target = arrayCastTarget(typeName, from: operandType, expr) { return target }
        guard isRecordOrPointerType(typeName) else { return nil }
        guard let target = resolveTypeName(typeName) else { return .void }
        if case .record(let name, _) = target {
            report(SemanticDiagnostics.castToRecord(expr.range, typeName.name == name ? name : typeName.name))
            return .void
        }
        if !(operandType.isInteger || isPointer(operandType) || operandType == .void) {
            report(SemanticDiagnostics.castFrom(expr.range, from: operandType, to: target))
        }
        return target
    }

    /// A tracepoint (or function argument) field's type; pointers are typed from their C
    /// declaration, so `args.file->f_path` reaches a struct, `*args.stat_addr` reads an int and
    /// `args.argv[1]` is a `char *`. Pointees the catalogue does not know stay `void`.
    func tracepointFieldType(_ field: TracepointField) -> SwType {
        let type = TracepointFieldTypes.type(of: field)
        if case .array = type { return declaredArrayType(field) ?? type }
        guard case .pointer = type, !TracepointFieldTypes.isDataLocation(field) else { return type }
        return declaredPointerType(field.cType) ?? type
    }

    /// `unsigned long args[6]` -> uint64[6] (raw_syscalls' arguments), `__u8 saddr[4]` -> uint8[4];
    /// nil unless the element type is known and the declared length fills the field's size.
    func declaredArrayType(_ field: TracepointField) -> SwType? {
        guard let open = field.cType.firstIndex(of: "["), let close = field.cType.firstIndex(of: "]"), open < close,
              let count = Int(field.cType[field.cType.index(after: open)..<close]), count > 0 else { return nil }
        let qualifiers: Set<String> = ["const", "volatile"]
        var words = field.cType[..<open].split(separator: " ").map(String.init).filter { !qualifiers.contains($0) }
        if words.last == field.name { words.removeLast() }
        let baseName = words.joined(separator: " ")
        let element: SwType
        if recordKeyword(baseName) != nil {
            guard let record = typeCatalogue?.record(named: baseName) else { return nil }
            element = record.type
        } else if let integer = IntegerTypeNames.type(named: baseName) ?? typeCatalogue?.typedef(named: baseName), integer.isInteger {
            element = integer
        } else {
            return nil
        }
        guard element.byteSize * count == field.size else { return nil }
        return .array(element, count: count)
    }

    /// `const char *const *` -> char **, `struct rusage *` -> struct rusage *, `int *` -> int32 *;
    /// nil when `cType` is not a plain pointer declaration.
    func declaredPointerType(_ cType: String) -> SwType? {
        let qualifiers: Set<String> = ["const", "volatile", "restrict", "__restrict", "__user", "__rcu", "__percpu", "__iomem"]
        let words = cType.replacingOccurrences(of: "*", with: " * ").split(separator: " ").map(String.init)
            .filter { !qualifiers.contains($0) }
        guard let firstStar = words.firstIndex(of: "*"), words[firstStar...].allSatisfy({ $0 == "*" }) else { return nil }
        let baseName = words[..<firstStar].joined(separator: " ")
        var base: SwType
        if baseName == "void" {
            base = .void
        } else if recordKeyword(baseName) != nil {
            base = typeCatalogue?.record(named: baseName)?.type ?? .void
        } else if let integer = IntegerTypeNames.type(named: baseName) ?? typeCatalogue?.typedef(named: baseName) {
            base = integer
        } else {
            base = .void
        }
        for _ in firstStar..<words.count { base = .pointer(base) }
        return base
    }

    /// `*p`: what a pointer points to, or the 64-bit value at an integer address.
    func checkDereference(_ operandType: SwType, _ expr: Expr) -> SwType {
        checkCopiedRecordSize(dereferencedType(operandType, expr), expr)
    }

    private func dereferencedType(_ operandType: SwType, _ expr: Expr) -> SwType {
        switch operandType {
        case .pointer(.void):
            report(SemanticDiagnostics.dereferenceInvalid("*", expr.range, type: operandType))
            return .void
        case .pointer(let pointee):
            return pointee
        case .integer:
            return .uint64
        case .record:
            report(SemanticDiagnostics.dereferenceRecord(expr.range, type: operandType))
            return .void
        case .void:
            return .void
        default:
            report(SemanticDiagnostics.dereferenceInvalid("*", expr.range, type: operandType))
            return .void
        }
    }

    /// `base.name` / `base->name` on records and pointers to records. As in current bpftrace,
    /// `.` reads through any number of pointers and `->` is merely its legacy spelling.
    func checkRecordField(_ base: Expr, _ name: String, arrow: Bool, _ expr: Expr) -> SwType {
        recordAccesses.chainBases.insert(base.id)
        let baseType = check(base)
        if baseType == .void { return .void }
        if case .namedTuple = baseType { return checkNamedTupleField(baseType, name, expr) }
        let recordType = Self.withoutPointers(baseType)
        guard case .record(let recordName, _) = recordType else {
            let castable: Bool
            if case .integer(64, _) = baseType { castable = true } else { castable = isPointer(baseType) && recordType != .void }
            report(SemanticDiagnostics.fieldOfNonRecord(name, expr.range, type: recordType, castable: castable))
            return .void
        }
        guard let record = lookUpRecord(recordName, expr.range) else { return .void }
        guard let field = record.field(named: name) else {
            report(SemanticDiagnostics.unknownRecordField(name, expr.range, record: record))
            return .void
        }
        recordAccesses.fields[expr.id] = field
        return checkCopiedRecordSize(field.type, expr)
    }

    /// A struct value used whole (not as the base of a field access) must fit what codegen
    /// copies; bigger ones are reported here, with the source, instead of failing in codegen.
    private func checkCopiedRecordSize(_ type: SwType, _ expr: Expr) -> SwType {
        guard case .record(let name, let size) = type, size > RecordAccesses.largestCopiedRecord,
              !recordAccesses.chainBases.contains(expr.id) else { return type }
        report(SemanticDiagnostics.recordTooLargeToCopy(name, size, expr.range))
        return .void
    }

    /// `a[i]` on arrays and pointers (and on strings, one character).
    func checkIndex(_ base: Expr, _ index: Expr, _ expr: Expr) -> SwType {
        recordAccesses.chainBases.insert(base.id)
        let baseType = check(base)
        let indexType = check(index)
        if !indexType.isInteger {
            report(SemanticDiagnostics.integerRequired("The array index", index.range, got: indexType))
        }
        switch baseType {
        case .array(let element, let count):
            checkConstantIndex(index, count: count)
            return element
        case .pointer(.void):
            report(SemanticDiagnostics.indexInvalid(expr.range, type: baseType))
            return .void
        case .pointer(let pointee):
            return checkCopiedRecordSize(pointee, expr)
        case .string(let size):
            checkConstantIndex(index, count: size)
            return .integer(bits: 8, signed: true)
        case .void:
            return .void
        default:
            report(SemanticDiagnostics.indexInvalid(expr.range, type: baseType))
            return .void
        }
    }

    /// A constant index must fall inside a fixed-size array.
    private func checkConstantIndex(_ index: Expr, count: Int) {
        guard let value = ConstantFolding.integer(index), value < 0 || value >= Int64(count) else { return }
        report(SemanticDiagnostics.indexOutOfBounds(value, index.range, count: count))
    }

    /// `sizeof(type)`: the size in bytes, recorded for codegen.
    func checkSizeofType(_ typeName: TypeName, _ expr: Expr) -> SwType {
        if let type = resolveTypeName(typeName) { recordAccesses.constants[expr.id] = UInt64(type.byteSize) }
        return .uint64
    }

    /// `sizeof(expr)`: the size of the expression's type; the expression is not evaluated.
    func checkSizeofExpr(_ operand: Expr, _ expr: Expr) -> SwType {
        // `sizeof(task_struct)`: a struct named without its keyword, not an unknown variable.
        if case .identifier(let name) = operand.kind, BuiltinCatalogue.variable(named: name) == nil,
           typeCatalogue?.enumConstant(named: name) == nil, let record = recordNamed(bare: name) {
            report(SemanticDiagnostics.recordNameWithoutKeyword(name, operand.range, record: record))
            return .uint64
        }
        recordAccesses.chainBases.insert(operand.id)
        let type = check(operand)
        recordAccesses.constants[expr.id] = UInt64(type.byteSize)
        return .uint64
    }

    /// `offsetof(struct foo, a.b)` (or a typedef of a record): byte offset of a (nested) field.
    func checkOffsetof(_ typeName: TypeName, _ path: [String], _ expr: Expr) -> SwType {
        guard let type = resolveTypeName(typeName) else { return .uint64 }
        guard case .record(let name, _) = type, var record = typeCatalogue?.record(named: name) else {
            report(SemanticDiagnostics.offsetofNonRecord(typeName.name, typeName.range, type: type))
            return .uint64
        }
        var offset = 0
        for (position, name) in path.enumerated() {
            guard let field = record.field(named: name) else {
                report(SemanticDiagnostics.unknownRecordField(name, expr.range, record: record))
                return .uint64
            }
            offset += field.offset
            guard position + 1 < path.count else { break }
            guard case .record(let inner, _) = field.type, let next = lookUpRecord(inner, expr.range) else {
                report(SemanticDiagnostics.offsetofNonRecord(path.prefix(position + 1).joined(separator: "."), expr.range, type: field.type))
                return .uint64
            }
            record = next
        }
        recordAccesses.constants[expr.id] = UInt64(offset)
        return .uint64
    }

    /// What a chain of pointers finally points to (the type itself when it is no pointer).
    static func withoutPointers(_ type: SwType) -> SwType {
        if case .pointer(let pointee) = type { return withoutPointers(pointee) }
        return type
    }

    /// "struct NAME" or "union NAME" when the catalogue has one for a name written bare.
    private func recordNamed(bare name: String) -> String? {
        ["struct " + name, "union " + name].first { typeCatalogue?.record(named: $0) != nil }
    }

    private func recordKeyword(_ name: String) -> String? {
        ["struct", "union"].first { name.hasPrefix($0 + " ") }
    }
}
