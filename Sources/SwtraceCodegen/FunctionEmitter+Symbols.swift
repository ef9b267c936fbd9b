// Emission of stack and symbol functions: kstack()/ustack(), ksym(), usym(), kaddr(), uaddr(),
// len().
import CLLVM
import Foundation
import SwtraceCore

extension FunctionEmitter {
    func emitSymbolCall(_ name: String, _ arguments: [Expr], _ expr: Expr) throws -> LLVMValueRef? {
        switch name {
        case "kstack", "ustack":
            return emitStackCall(name, arguments)
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
            guard case .string(let symbol) = arguments[0].kind else { return nil }
            guard let address = KernelSymbolAddresses.address(of: symbol) else {
                throw unsupported("kaddr(\"\(symbol)\"): no such kernel symbol in /proc/kallsyms;", expr.range)
            }
            return m.constant(address)
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

/// Kernel symbol addresses from /proc/kallsyms, for kaddr() at compile time.
enum KernelSymbolAddresses {
    static func address(of name: String) -> UInt64? {
        // /proc files report size 0: read to the end rather than by size.
        guard let handle = FileHandle(forReadingAtPath: "/proc/kallsyms") else { return nil }
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 3)
            guard parts.count >= 3, parts[2] == name, let address = UInt64(parts[0], radix: 16), address != 0 else { continue }
            return address
        }
        return nil
    }
}
