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
