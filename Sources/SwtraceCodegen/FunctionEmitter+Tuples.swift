// Tuples and named tuples in the kernel: elements laid out like a C struct (RecordLayout) in a
// stack slot; a named tuple's field is read like a positional element. A tuple stored where a
// differently laid out one lives (shorter strings, narrower integers, named fields written in
// another order) is copied field by field, as bpftrace resizes tuples.
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    /// A stack slot holding `elements` converted to the element types of the tuple's type.
    func emitTupleSlot(_ elements: [Expr], _ types: [SwType]) throws -> LLVMValueRef {
        let layout = RecordLayout(types)
        let slot = stackSlot(layout.size, "tuple")
        for (index, element) in elements.enumerated() {
            let value = try emit(element)
            storeValue(value, type: type(of: element), into: slot, offset: layout.offsets[index], slotType: types[index])
        }
        return slot
    }

    /// `t.name`: the field's address for aggregates, its value otherwise.
    func emitNamedTupleField(_ base: Expr, _ name: String) throws -> LLVMValueRef {
        guard case .namedTuple(let names, let types) = type(of: base), let index = names.firstIndex(of: name) else {
            throw unsupported("field \(name)", base.range)
        }
        let tuple = try emit(base)
        let offset = RecordLayout(types).offsets[index]
        if isMemory(types[index]) { return address(tuple, offset: offset) }
        return loadValue(tuple, offset: offset, type: types[index])
    }

    /// Stores `value` (a tuple of `type`) into a tuple slot of `slotType` field by field when the
    /// layouts differ; false when they are the same (or not both tuples) and a plain copy is right.
    func storeTupleFields(_ value: LLVMValueRef, type: SwType, into base: LLVMValueRef, offset: Int, slotType: SwType) -> Bool {
        guard type != slotType, let pairs = Self.fieldPairs(from: type, to: slotType) else { return false }
        let sourceLayout = RecordLayout(pairs.source), targetLayout = RecordLayout(pairs.target)
        zero(address(base, offset: offset), size: slotType.byteSize)
        for (target, source) in pairs.order.enumerated() {
            let sourceType = pairs.source[source]
            let field = isMemory(sourceType) ? address(value, offset: sourceLayout.offsets[source])
                : loadValue(value, offset: sourceLayout.offsets[source], type: sourceType)
            storeValue(field, type: sourceType, into: base, offset: offset + targetLayout.offsets[target], slotType: pairs.target[target])
        }
        return true
    }

    /// Element types of both tuples and, for each target field, the source field it takes:
    /// by position for tuples, by name for named tuples; nil when they do not correspond.
    static func fieldPairs(from type: SwType, to slotType: SwType) -> (source: [SwType], target: [SwType], order: [Int])? {
        switch (type, slotType) {
        case (.tuple(let source), .tuple(let target)) where source.count == target.count:
            return (source, target, Array(source.indices))
        case (.namedTuple(let sourceNames, let source), .namedTuple(let targetNames, let target)) where source.count == target.count:
            let order = targetNames.compactMap { sourceNames.firstIndex(of: $0) }
            return order.count == target.count ? (source, target, order) : nil
        default:
            return nil
        }
    }
}
