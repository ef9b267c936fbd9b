// Emission of stack and symbol functions: kstack()/ustack(), ksym(), usym(), kaddr(), uaddr(),
// len().
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    func emitSymbolCall(_ name: String, _ arguments: [Expr], _ expr: Expr) throws -> LLVMValueRef? {
        switch name {
        case "kstack", "ustack":
            return emitStackCall(name, arguments, expr)
        case "ksym":
            // The address itself; user space names it.
            return try emit(arguments[0])
        case "usym":
            // (address, pid): a user address only means something in its process.
            let slot = stackSlot(16, "usym")
            storeInteger(try emit(arguments[0]), slot, offset: 0)
            storeInteger(LLVMBuildLShr(b, callHelper(.getCurrentPidTgid, []), m.constant(32), "")!, slot, offset: 8)
            return slot
        case "percpu_kaddr":
            return try emitPercpuAddress(arguments, expr)
        case "kaddr":
            // Resolved by semantics against /proc/kallsyms.
            return m.constant(program.recordAccesses.constants[expr.id] ?? 0)
        case "uaddr":
            let value = m.constant(program.recordAccesses.constants[expr.id] ?? 0)
            guard UserAddressRelocation.relocatingPoint(probe.attachPoints) != nil else { return value }
            // Semantics recorded symbol - probed address: the probed instruction's run-time
            // address adds the binary's load bias.
            return LLVMBuildAdd(b, loadInteger(ctx, offset: PtRegs.instructionPointer, bits: 64, signed: false), value, "uaddr")!
        case "len":
            return try emitLength(arguments[0], expr)
        default:
            return nil
        }
    }
}

extension FunctionEmitter {
    /// `percpu_kaddr(name[, cpu])`: `__per_cpu_offset[cpu]` plus the variable's per-CPU offset,
    /// the address bpf_per_cpu_ptr/bpf_this_cpu_ptr give; 0 (bpftrace's NULL) for a CPU past
    /// the last one or an unreadable table.
    func emitPercpuAddress(_ arguments: [Expr], _ expr: Expr) throws -> LLVMValueRef {
        let offset = m.constant(program.recordAccesses.constants[expr.id] ?? 0)
        let table = program.recordAccesses.constants[arguments[0].id] ?? 0
        let cpu = arguments.count == 2
            ? try emit(arguments[1])
            : LLVMBuildZExt(b, callHelper(.getSmpProcessorId, [], returning: m.i32), m.i64, "cpu")!
        let slot = stackSlot(8, "percpu")
        zero(slot, size: 8)
        let read = appendBlock("percpu.read"), done = appendBlock("percpu.done")
        let known = LLVMBuildICmp(b, LLVMIntULT, cpu, m.constant(UInt64(context.options.possibleCPUs)), "")!
        LLVMBuildCondBr(b, known, read, done)
        LLVMPositionBuilderAtEnd(b, read)
        let entry = LLVMBuildAdd(b, m.constant(table), LLVMBuildMul(b, cpu, m.constant(8), "")!, "")!
        callHelper(.probeReadKernel, [slot, LLVMConstInt(m.i32, 8, 0)!, LLVMBuildIntToPtr(b, entry, m.i8Pointer, "")!])
        LLVMBuildBr(b, done)
        LLVMPositionBuilderAtEnd(b, done)
        let base = loadInteger(slot, offset: 0, bits: 64, signed: false)
        let isZero = LLVMBuildICmp(b, LLVMIntEQ, base, m.constant(0), "")!
        return LLVMBuildSelect(b, isZero, m.constant(0), LLVMBuildAdd(b, base, offset, "")!, "percpu_kaddr")!
    }
}
