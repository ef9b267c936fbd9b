// Typing of scratch variables: reads, `let` declarations and assignments. A variable keeps the
// narrowest integer type that holds every value assigned to it (bpftrace's rule: `$a = 1` then
// `$a = -1000` makes it an int16; uint64 and int64 have no common type), and reads give the
// 64-bit type its value is computed in.

extension TypeChecker {
    func checkVariableRead(_ name: String, _ expr: Expr) -> SwType {
        guard let type = scopes[name] else {
            if let outside = scopes.closed[name] {
                // bpftrace rejects this; older scripts rely on it, so it stays a warning here.
                report(SemanticDiagnostics.variableOutOfScope("$" + name, expr.range))
                return Self.readType(outside)
            }
            reportUndefinedVariable(name, expr.range)
            return .void
        }
        return Self.readType(type)
    }

    /// An unknown `$name`, with the visible variable it most likely means (macro-private names,
    /// which contain a '.', are never suggested).
    func reportUndefinedVariable(_ name: String, _ range: SourceRange) {
        let candidates = scopes.visibleNames.filter { !$0.contains(".") }
        if let near = SemanticDiagnostics.nearest(name, in: candidates) {
            report(SemanticDiagnostics.undefinedVariable("$" + name, range, near: "$" + near))
        } else {
            report(SemanticDiagnostics.undefinedVariable("$" + name, range))
        }
    }

    /// The type a variable's value has in expressions: integers computed in 64 bits.
    static func readType(_ type: SwType) -> SwType {
        switch type {
        case .void: return .int64  // `let $x;` never assigned: reads as 0
        case .integer(let bits, let signed): return bits == 64 ? type : (signed || bits < 64 ? .int64 : .uint64)
        default: return type
        }
    }

    /// `let $x`, `let $x: type`, `let $x = v`, `let $x: type = v`.
    func checkDeclaration(_ name: String, _ typeName: TypeName?, _ value: Expr?, _ range: SourceRange) {
        // Shadowing is not supported (as in bpftrace): an inner `let` would share the outer slot.
        if scopes[name] != nil {
            report(SemanticDiagnostics.variableRedeclared("$" + name, range))
        }
        var declared: SwType?
        if let typeName { declared = declaredType(typeName) }
        var type = declared ?? .void
        if let value {
            let valueType = check(value)
            if let declared {
                if !assignable(valueType, to: declared) {
                    report(SemanticDiagnostics.declarationTypeMismatch("$" + name, range, declared: declared, got: valueType))
                } else if let narrower = integerThatDoesNotFit(value, valueType, in: declared) {
                    report(SemanticDiagnostics.declarationTypeMismatch("$" + name, range, declared: declared, got: narrower))
                }
            } else if valueType != .void {
                type = valueStorageType(value, valueType)
            }
        }
        scopes.declare(name, type: type, key: range.start)
    }

    /// bpftrace's rule for `let $x: T = v`: a literal must fit T (`let $a: uint32 = -1` is an
    /// error) and an explicitly cast value must convert without loss (`(uint64)1` into uint32
    /// is not allowed). Returns the value's own type when it does not fit; other values are
    /// truncated to T as they are stored.
    func integerThatDoesNotFit(_ value: Expr, _ valueType: SwType, in declared: SwType) -> SwType? {
        guard case .integer(let bits, let signed) = declared, valueType.isInteger else { return nil }
        if case .integer(let literal) = value.kind, literal > UInt64(Int64.max) {
            return signed || bits < 64 ? .uint64 : nil
        }
        if let constant = ConstantFolding.integer(value) {
            let fits: Bool
            if signed {
                fits = bits == 64 || (constant >= -(Int64(1) << (bits - 1)) && constant < (Int64(1) << (bits - 1)))
            } else {
                fits = constant >= 0 && (bits == 64 || constant < (Int64(1) << bits))
            }
            return fits ? nil : Self.smallestType(holding: constant)
        }
        guard case .cast = value.kind, case .integer(let valueBits, let valueSigned) = valueType else { return nil }
        let lossless = valueSigned == signed ? valueBits <= bits : (!valueSigned && valueBits < bits)
        return lossless ? nil : valueType
    }

    /// The type a `let` names; unknown names are reported (nil).
    func declaredType(_ typeName: TypeName) -> SwType? {
        if isRecordOrPointerType(typeName) { return resolveTypeName(typeName) }
        if typeName.name == "string" {
            return .string(size: typeName.arrayLength ?? options.maxStringSize)
        }
        if let integer = IntegerTypeNames.languageType(named: typeName.name) {
            if let count = typeName.arrayLength { return .array(integer, count: count) }
            return integer
        }
        report(SemanticDiagnostics.unknownType(typeName.name, typeName.range, candidates: IntegerTypeNames.names + ["string"]))
        return nil
    }

    func assignable(_ value: SwType, to declared: SwType) -> Bool {
        switch (value, declared) {
        case (.void, _): return true
        case (.integer, .integer), (.boolean, .integer), (.pointer, .integer): return true
        case (.string, .string): return true
        default: return value == declared
        }
    }

    /// `$name = value` (plain assignment): defines the variable or checks the new value fits it.
    func assignVariable(_ name: String, _ value: Expr, _ type: SwType, _ range: SourceRange) {
        if type == .void { if scopes[name] == nil { scopes[name] = .void }; return }
        let new = valueStorageType(value, type)
        guard let existing = scopes[name], existing != .void else {
            scopes[name] = new
            return
        }
        if let merged = Self.unify(existing, new) {
            scopes[name] = merged
        } else if existing.isInteger && new.isInteger {
            report(SemanticDiagnostics.signednessMismatch("$" + name, range, existing: existing, new: new))
        } else {
            report(SemanticDiagnostics.variableTypeMismatch("$" + name, range, existing: existing, new: new))
        }
    }

    /// What a variable records for a value: literals take the smallest integer type holding them.
    func valueStorageType(_ value: Expr, _ type: SwType) -> SwType {
        if type.isInteger, let constant = ConstantFolding.integer(value) {
            if case .integer(let literal) = value.kind, literal > UInt64(Int64.max) { return .uint64 }
            return Self.smallestType(holding: constant)
        }
        return type
    }

    static func smallestType(holding value: Int64) -> SwType {
        if value >= 0 {
            for bits in [8, 16, 32] where value <= (Int64(1) << bits) - 1 { return .integer(bits: bits, signed: false) }
            return .uint64
        }
        for bits in [8, 16, 32] where value >= -(Int64(1) << (bits - 1)) { return .integer(bits: bits, signed: true) }
        return .int64
    }

    /// The smallest type both values fit in, or nil if there is none (uint64 with a signed type).
    static func unify(_ a: SwType, _ b: SwType) -> SwType? {
        switch (a, b) {
        case (.integer(let x, let xs), .integer(let y, let ys)):
            if xs == ys { return .integer(bits: max(x, y), signed: xs) }
            let (unsignedBits, signedBits) = xs ? (y, x) : (x, y)
            if signedBits > unsignedBits { return .integer(bits: signedBits, signed: true) }
            if unsignedBits < 64 { return .integer(bits: max(signedBits, unsignedBits * 2), signed: true) }
            return nil
        case (.string(let x), .string(let y)): return .string(size: max(x, y))
        case (.tuple(let x), .tuple(let y)) where x.count == y.count:
            var merged: [SwType] = []
            for (p, q) in zip(x, y) { guard let m = unify(p, q) else { return nil }; merged.append(m) }
            return .tuple(merged)
        case (.namedTuple, .namedTuple): return mergeNamedTuples(a, b, fields: unify)
        default: return a == b ? a : nil
        }
    }

    /// `$x = print(1)`: a call that produces nothing cannot be stored.
    func reportIfValueless(_ value: Expr, _ type: SwType) {
        guard type == .void, case .call(let name, _) = value.kind,
              FunctionCatalogue.function(named: name) != nil || userFunctions[name] != nil else { return }
        report(SemanticDiagnostics.valuelessAssignment(name, value.range))
    }

    /// `unroll(N) { }`: N is a constant from 1 to 100.
    func checkUnroll(_ count: Expr, _ body: Block) {
        check(count)
        // A parameter left out counts 0, which bpftrace refuses as "minimum value is 1".
        var times = ConstantFolding.integer(count, arguments: options.positionalArguments)
        if case .positional(let index) = count.kind, index > options.positionalArguments.count { times = 0 }
        if let times {
            if times > 100 { report(SemanticDiagnostics.unrollCount(count.range)) }
            else if times < 1 { report(SemanticDiagnostics.unrollMinimum(count.range)) }
        } else {
            report(SemanticDiagnostics.invalidUnrollValue(count.range))
        }
        check(body)
    }
}
