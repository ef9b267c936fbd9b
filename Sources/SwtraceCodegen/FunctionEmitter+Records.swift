// Emission of struct/union access: `p->f`, `r.f`, `*p`, `a[i]`, `sizeof`, `offsetof`.
// A chain like `curtask->parent->comm` is walked as addresses; only the final value is read,
// with bpf_probe_read_kernel (bpf_probe_read_user for casts in uprobes), so a 10 KB task_struct
// never lands on the 512-byte BPF stack.
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    /// Where a record-resident value lives: an address in kernel (or user) memory, or a stack slot.
    enum RecordLocation {
        /// i64 address in the traced program's or kernel's memory.
        case external(LLVMValueRef)
        /// i8* into this program's stack.
        case stack(LLVMValueRef)
    }

    /// The value of a field access, dereference or index expression.
    func emitRecordRead(_ expr: Expr) throws -> LLVMValueRef {
        let resultType = type(of: expr)
        if case .record = resultType, resultType.byteSize > RecordAccesses.largestCopiedRecord {
            throw unsupported("copying a whole \(resultType.byteSize)-byte struct (read its fields instead)", expr.range)
        }
        let field = program.recordAccesses.fields[expr.id]
        let location = try recordLocation(expr)
        let user = recordChainReadsUserMemory(expr)
        if let bitfield = field?.bitfield {
            return readBitfield(location, bitfield, signed: resultType.isSigned, user: user)
        }
        switch location {
        case .external(let address):
            if isMemory(resultType) {
                let slot = stackSlot(resultType.byteSize, "field")
                readExternal(into: slot, size: resultType.byteSize, from: address, user: user)
                return slot
            }
            let size = max(1, min(8, resultType.byteSize))
            let slot = scratchSlot()
            readExternal(into: slot, size: size, from: address, user: user)
            return loadInteger(slot, offset: 0, bits: size * 8, signed: resultType.isSigned)
        case .stack(let pointer):
            if isMemory(resultType) { return pointer }
            return loadValue(pointer, offset: 0, type: resultType)
        }
    }

    /// `sizeof`/`offsetof`: constants computed by type checking.
    func emitRecordConstant(_ expr: Expr) -> LLVMValueRef {
        m.constant(program.recordAccesses.constants[expr.id] ?? 0)
    }

    /// The location of a field/dereference/index expression, computing addresses without reading
    /// the records on the way.
    func recordLocation(_ expr: Expr) throws -> RecordLocation {
        switch expr.kind {
        case .field(let base, _, _):
            guard let field = program.recordAccesses.fields[expr.id] else { throw unsupported("this field access", expr.range) }
            let baseLocation: RecordLocation
            if case .pointer(let pointee) = type(of: base) {
                // `p.f`, `p->f`, `pp.f`: follow every pointer to the record.
                var address = try emit(base)
                var current = pointee
                while case .pointer(let next) = current {
                    address = readPointer(at: address, user: recordChainReadsUserMemory(expr))
                    current = next
                }
                baseLocation = .external(address)
            } else {
                baseLocation = try locationOfValue(base)
            }
            return offset(baseLocation, by: m.constant(UInt64(field.offset)))
        case .unary(.dereference, let operand):
            return .external(try emit(operand))
        case .index(let base, let index):
            let baseType = type(of: base)
            let baseLocation: RecordLocation
            let elementSize: Int
            switch baseType {
            case .pointer(let pointee):
                baseLocation = .external(try emit(base))
                elementSize = pointee.byteSize
            case .array(let element, _):
                baseLocation = try locationOfValue(base)
                elementSize = element.byteSize
            case .string:
                baseLocation = try locationOfValue(base)
                elementSize = 1
            default:
                throw unsupported("indexing this value", expr.range)
            }
            let scaled = LLVMBuildMul(b, try emit(index), m.constant(UInt64(elementSize)), "")!
            return offset(baseLocation, by: scaled)
        default:
            throw unsupported("this access", expr.range)
        }
    }

    /// Location of a record/array-typed operand: chained accesses stay addresses; anything else
    /// (a variable, a map value, a tracepoint field) is already on the stack.
    func locationOfValue(_ expr: Expr) throws -> RecordLocation {
        switch expr.kind {
        case .field(let base, _, _) where !isArgs(base):
            return try recordLocation(expr)
        case .unary(.dereference, _), .index:
            return try recordLocation(expr)
        default:
            return .stack(try emit(expr))
        }
    }

    private func isArgs(_ expr: Expr) -> Bool {
        if case .identifier("args") = expr.kind { return true }
        return false
    }

    private func offset(_ location: RecordLocation, by amount: LLVMValueRef) -> RecordLocation {
        switch location {
        case .external(let address):
            return .external(LLVMBuildAdd(b, address, amount, "field.addr"))
        case .stack(let pointer):
            var index: [LLVMValueRef?] = [amount]
            return .stack(LLVMBuildGEP2(b, m.i8, pointer, &index, 1, "field.ptr"))
        }
    }

    /// Copies `size` bytes at an external address into a stack slot (zeros on a fault).
    func readExternal(into slot: LLVMValueRef, size: Int, from address: LLVMValueRef, user: Bool) {
        let helper: BPFHelper = user ? .probeReadUser : .probeReadKernel
        callHelper(helper, [slot, LLVMConstInt(m.i32, UInt64(size), 0), LLVMBuildIntToPtr(b, address, m.i8Pointer, "")])
    }

    /// The 8-byte pointer stored at an external address.
    private func readPointer(at address: LLVMValueRef, user: Bool) -> LLVMValueRef {
        let slot = scratchSlot()
        readExternal(into: slot, size: 8, from: address, user: user)
        return loadInteger(slot, offset: 0, bits: 64, signed: false)
    }

    /// For helpers that read through a pointer value (e.g. `str()`): nil when `expr` is not a
    /// struct/pointer access, else whether the pointer it yields is a user-space one. A pointer
    /// read from a kernel struct is a kernel pointer even in a syscall tracepoint.
    func recordPointerIsUserSpace(_ expr: Expr) -> Bool? {
        switch expr.kind {
        case .field(let base, _, _) where !isArgs(base) && program.recordAccesses.fields[expr.id] != nil:
            return recordChainReadsUserMemory(expr)
        case .unary(.dereference, _), .index:
            return recordChainReadsUserMemory(expr)
        case .cast(_, let operand):
            return recordPointerIsUserSpace(operand)
        default:
            return nil
        }
    }

    /// Whether the chain reads the traced process's memory (see FunctionEmitter+AddressSpaces).
    func recordChainReadsUserMemory(_ expr: Expr) -> Bool {
        chainReadsUserMemory(expr)
    }

    /// One 8-byte stack slot per BPF function for scalar reads: each read is loaded into a
    /// register at once, so sharing it keeps many field reads within the 512-byte stack.
    private func scratchSlot() -> LLVMValueRef {
        let name = "field.scratch"
        var instruction = LLVMGetFirstInstruction(entryBlock)
        while let current = instruction {
            var length = 0
            if LLVMIsAAllocaInst(current) != nil, let text = LLVMGetValueName2(current, &length),
               String(cString: text) == name {
                return LLVMBuildBitCast(b, current, m.i8Pointer, "")!
            }
            instruction = LLVMGetNextInstruction(current)
        }
        let slot = LLVMBuildAlloca(allocaBuilder, m.arrayType(m.i8, 8), name)!
        LLVMSetAlignment(slot, 8)
        return LLVMBuildBitCast(b, slot, m.i8Pointer, "")!
    }

    /// Reads the bytes holding a bitfield, then shifts and masks (sign-extending signed ones).
    private func readBitfield(_ location: RecordLocation, _ bitfield: Bitfield, signed: Bool, user: Bool) -> LLVMValueRef {
        let size = min(8, bitfield.byteCount)
        let slot = scratchSlot()
        zero(slot, size: 8)
        switch location {
        case .external(let address): readExternal(into: slot, size: size, from: address, user: user)
        case .stack(let pointer): copy(to: slot, from: pointer, size: size)
        }
        let word = loadInteger(slot, offset: 0, bits: 64, signed: false)
        let width = min(64, bitfield.width)
        // Move the field's top bit to bit 63, then shift back down: arithmetic for signed fields.
        let up = LLVMBuildShl(b, word, m.constant(UInt64(max(0, 64 - width - bitfield.shift))), "")!
        let down = m.constant(UInt64(64 - width))
        return signed ? LLVMBuildAShr(b, up, down, "")! : LLVMBuildLShr(b, up, down, "")!
    }
}
