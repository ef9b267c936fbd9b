// Tuples and named tuples in the kernel: elements laid out like a C struct (RecordLayout) in a
// stack slot; a named tuple's field is read like a positional element.
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
}
