// Operators on arrays and tuples, as bpftrace allows them: only `==` and `!=`, between arrays of
// the same length and integer element type, or tuples whose elements merge (integers of any
// width, strings of any length, nested tuples); and casts between integers and integer arrays
// (`(uint8[8])x`, `(uint8[])x`, `(uint64)$bytes`).

extension TypeChecker {
    /// The type of `a op b` when both operands are arrays (reporting what bpftrace rejects);
    /// nil when they are not both arrays.
    func checkArrayOperands(_ op: BinaryOperator, _ a: SwType, _ b: SwType, _ expr: Expr) -> SwType? {
        guard case .array(let leftElement, let leftCount) = a, case .array(_, let rightCount) = b else { return nil }
        if op != .equal && op != .notEqual {
            report(SemanticDiagnostics.arrayOperator(op.rawValue, expr.range))
        }
        if leftCount != rightCount {
            report(SemanticDiagnostics.arrayComparisonSizes(expr.range))
        }
        if !leftElement.isInteger || a != b {
            report(SemanticDiagnostics.arrayComparisonElements(expr.range))
        }
        return .boolean
    }
}

extension TypeChecker {
    /// `(1, "a") == $t`: a bool; nil when the operands are not both tuples.
    func checkTupleComparison(_ op: BinaryOperator, _ a: SwType, _ b: SwType, _ expr: Expr) -> SwType? {
        guard case .tuple = a, case .tuple = b else { return nil }
        if op != .equal && op != .notEqual {
            report(SemanticDiagnostics.invalidOperands(op.rawValue, expr.range, a, b))
        } else if merge(a, b) == nil {
            report(SemanticDiagnostics.comparisonTypes(op.rawValue, expr.range, a, b))
        }
        return .boolean
    }
}

extension TypeChecker {
    /// The type of a cast to an integer array, or of an integer array to an integer; nil when
    /// the cast involves no array. Sizes must agree, except that an integer may widen into an
    /// array of at most 8 bytes; `[]` takes its length from the integer's size.
    func arrayCastTarget(_ typeName: TypeName, from operandType: SwType, _ expr: Expr) -> SwType? {
        if case .array(let element, let count) = operandType, typeName.arrayLength == nil, typeName.pointerDepth == 0,
           let target = integerType(named: typeName.name) {
            if !element.isInteger || target.byteSize != element.byteSize * count {
                report(SemanticDiagnostics.castFrom(expr.range, from: operandType, to: target))
            }
            return target
        }
        guard let length = typeName.arrayLength, typeName.pointerDepth == 0,
              let element = integerType(named: typeName.name) else { return nil }
        guard operandType.isInteger else {
            if operandType != .void {
                report(SemanticDiagnostics.castFrom(expr.range, from: operandType, to: .array(element, count: max(length, 1))))
            }
            return .void
        }
        let count: Int
        if length == 0 {
            guard operandType.byteSize % element.byteSize == 0 else {
                report(SemanticDiagnostics.arrayCastSize(expr.range))
                return .void
            }
            count = operandType.byteSize / element.byteSize
        } else {
            count = length
        }
        let target = SwType.array(element, count: count)
        let widens = target.byteSize <= 8 && target.byteSize > operandType.byteSize
        if target.byteSize != operandType.byteSize && !widens {
            report(SemanticDiagnostics.castFrom(expr.range, from: operandType, to: target))
            return .void
        }
        return target
    }
}
