// Function watchpoints (`watchpoint:FUNC+argN`) and unwatch(): the arming uprobe program that
// reports an address a function is given for the first time (stopping the tracee first, unless
// async), and the event that has user space remove the breakpoints on an address.
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    /// SIGSTOP on Linux (x86-64 and arm64 alike).
    static let stopSignal: UInt64 = 19

    /// `unwatch(addr)`. The address's keys leave the watched map at once, so the next call of a
    /// watched function with it stops the tracee until user space has removed the breakpoint.
    func emitWatchpointCall(_ name: String, _ arguments: [Expr]) throws -> LLVMValueRef? {
        guard name == "unwatch" else { return nil }
        let address = try emit(arguments[0])
        if let watched = LLVMGetNamedGlobal(m.module, WatchpointProgram.watchedMapName) {
            let key = registerStackSlot(16, "watched")
            storeInteger(address, key, offset: 8)
            for index in 0..<WatchpointPrograms.count(program) {
                storeInteger(m.constant(UInt64(index)), key, offset: 0)
                callHelper(.mapDeleteElem, [mapPointer(watched), key])
            }
        }
        sendEvent(.watchpointDetach, fields: [(address, .uint64)])
        return m.constant(0)
    }

    /// This emitter's function as the uprobe program of `watch`, whose body program is
    /// `RuntimePlan.watchpoints[watchIndex]`: the probe's own statements are not part of it.
    func emitWatchpointSetup(_ watch: FunctionWatchpoint, watchIndex: Int) {
        beginProgramFunction()
        entryBlock = LLVMAppendBasicBlockInContext(m.context, function, "entry")
        let body = LLVMAppendBasicBlockInContext(m.context, function, "body")
        LLVMPositionBuilderAtEnd(allocaBuilder, entryBlock)
        LLVMPositionBuilderAtEnd(b, body)

        let address = loadInteger(ctx, offset: PtRegs.arguments[watch.argument], bits: 64, signed: false)
        if let watched = LLVMGetNamedGlobal(m.module, WatchpointProgram.watchedMapName) {
            let key = registerStackSlot(16, "watched")
            storeInteger(m.constant(UInt64(watchIndex)), key, offset: 0)
            storeInteger(address, key, offset: 8)
            let entry = callHelper(.mapLookupElem, [mapPointer(watched), key], returning: m.i8Pointer)
            continueIf(LLVMBuildIsNull(b, entry, "")!)
        }
        // The signal is delivered when the uprobe returns to user space, before the function's
        // first instruction: the breakpoint is in place before the function touches the address.
        if watch.stopsTracee {
            callHelper(.sendSignal, [LLVMConstInt(m.i32, Self.stopSignal, 0)])
        }
        sendEvent(.watchpointAttach(watchIndex: watchIndex), fields: [(address, .uint64)])
        returnZero()
        LLVMBuildBr(allocaBuilder, body)
    }
}
