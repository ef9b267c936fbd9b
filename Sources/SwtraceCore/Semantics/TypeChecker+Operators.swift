// Typing of operators the way bpftrace types them: integer results take the larger operand's
// width and are signed only when both operands are; mixing signed and unsigned values warns
// (a literal that fits the unsigned side does not); strings compare only with strings.

extension TypeChecker {
    func checkBinary(_ op: BinaryOperator, _ left: Expr, _ right: Expr, _ expr: Expr) -> SwType {
        // Per-CPU aggregations read as their total anywhere (see checkMapRead); comparisons
        // also check them here for their own type.
        let comparison = [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual].contains(op)
        let a = (comparison ? checkCoercedAggregation(left) : nil) ?? check(left)
        let b = (comparison ? checkCoercedAggregation(right) : nil) ?? check(right)
        if a.isString, case .positional = left.kind { return checkPositionalOffset(op, left, right, expr) }
        if a == .void || b == .void { return .int64 }  // already reported
        if let type = checkTypedOperands(op, a, b, expr) { return type }
        switch op {
        case .logicalAnd, .logicalOr:
            for (operand, type) in [(left, a), (right, b)] where !isTruthTestable(type) {
                report(SemanticDiagnostics.invalidOperand(op.rawValue, operand.range, type))
            }
            return .boolean
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            let comparesText = a.isString || b.isString || a == .probeName || b == .probeName
            if comparesText || !(isTruthTestable(a) && isTruthTestable(b)) {
                if !(a.isString && b.isString) || (op != .equal && op != .notEqual) {
                    report(a.isString && b.isString
                           ? SemanticDiagnostics.invalidOperands(op.rawValue, expr.range, a, b)
                           : SemanticDiagnostics.comparisonTypes(op.rawValue, expr.range, a, b))
                }
                return .boolean
            }
            warnMixedSigns(op, left, a, right, b, expr)
            return .boolean
        default:
            guard (a.isInteger || isPointer(a) || a == .boolean), (b.isInteger || isPointer(b) || b == .boolean) else {
                if a.isString && b.isString || !a.isInteger && !b.isInteger {
                    report(SemanticDiagnostics.invalidOperands(op.rawValue, expr.range, a, b))
                } else {
                    report(SemanticDiagnostics.comparisonTypes(op.rawValue, expr.range, a, b))
                }
                return .int64
            }
            if isPointer(a) || isPointer(b) { return checkPointerArithmetic(op, a, b, expr) }
            warnMixedSigns(op, left, a, right, b, expr)
            let bits = max(integerBits(a), integerBits(b))
            let signed = (op == .shiftLeft || op == .shiftRight) ? a.isSigned : (a.isSigned && b.isSigned)
            return .integer(bits: bits, signed: signed)
        }
    }

    /// `(int64)@c` or `@s == 12` on a count/sum/min/max/avg map: bpftrace reads such per-CPU
    /// values inside the probe by combining every CPU's slot. Nil when `expr` is not one.
    func checkCoercedAggregation(_ expr: Expr) -> SwType? {
        guard case .map(let name, let keys) = expr.kind, let info = mapInfo("@" + name),
              case .aggregation(let aggregation) = info.value else { return nil }
        guard let type = Self.aggregationTotalType(aggregation) else { return nil }
        useMapKeys("@" + name, keys: checkMapKeys(keys), range: expr.range)
        return record(expr, type)
    }

    private func integerBits(_ type: SwType) -> Int {
        if case .integer(let bits, _) = type { return bits }
        return 64
    }

    /// bpftrace's warning for operands of different signs, unless a non-negative constant (or
    /// numeric positional parameter) can be read as unsigned.
    private func warnMixedSigns(_ op: BinaryOperator, _ left: Expr, _ a: SwType, _ right: Expr, _ b: SwType, _ expr: Expr) {
        guard a.isInteger, b.isInteger, a.isSigned != b.isSigned else { return }
        let signedSide = a.isSigned ? left : right
        if let constant = ConstantFolding.integer(signedSide), constant >= 0 { return }
        // A variable holding a narrower unsigned value (`$reason = args.reason`, an enum field)
        // reads as int64 here but is unsigned in bpftrace, which has nothing to warn about.
        if case .variable(let name) = signedSide.kind, case .integer(let bits, false)? = scopes[name], bits < 64 { return }
        // A numeric positional parameter is a literal written on the command line.
        if case .positional(let index) = signedSide.kind, index >= 1, index <= options.positionalArguments.count,
           let value = PositionalNumber.value(options.positionalArguments[index - 1]), value >= 0 { return }
        switch op {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            report(SemanticDiagnostics.mixedSigns("comparison", expr.range, a, b))
        case .add, .subtract, .multiply, .divide, .modulo:
            report(SemanticDiagnostics.mixedSigns("arithmetic", expr.range, a, b))
        default:
            break
        }
    }

    func checkUnary(_ op: UnaryOperator, _ type: SwType, _ expr: Expr) -> SwType {
        if type == .void { return .int64 }
        switch op {
        case .logicalNot:
            if !isTruthTestable(type) { report(SemanticDiagnostics.invalidUnaryOperand(op.rawValue, expr.range, type)) }
            return .boolean
        default:
            guard type.isInteger || type == .boolean else {
                report(SemanticDiagnostics.invalidUnaryOperand(op.rawValue, expr.range, type))
                return .int64
            }
            return .integer(bits: 64, signed: op == .negate ? true : type.isSigned)
        }
    }

    /// `c ? a : b`: both sides must have the same kind of type; integers give a 64-bit result.
    func checkTernary(_ condition: Expr, _ whenTrue: Expr, _ whenFalse: Expr, _ expr: Expr) -> SwType {
        let conditionType = check(condition)
        let a = check(whenTrue), b = check(whenFalse)
        if conditionType != .void, !isTruthTestable(conditionType) {
            report(SemanticDiagnostics.invalidCondition("ternary", condition.range, conditionType))
        }
        if a == .void && b == .void { return .void }
        guard let merged = merge(storageType(a), storageType(b)) else {
            report(SemanticDiagnostics.ternaryTypes(expr.range, a, b))
            return a
        }
        return merged
    }
}
