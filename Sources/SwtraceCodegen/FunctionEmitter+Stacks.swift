// Emission of kstack/ustack: bpf_get_stackid into a stack-trace map per depth, packed with
// the process id, mode and depth into one u64 (StackReference) that user space symbolises.
import CLLVM
import Foundation
import SwtraceCore

extension FunctionEmitter {
    func emitStack(kernel: Bool, mode: StackMode, depth: Int, _ expr: Expr) -> LLVMValueRef {
        let map = stackMap(depth: depth)
        let flags = kernel ? 0 : bpfUserStackFlag
        let id = callHelper(.getStackid, [ctx, mapPointer(map), m.constant(flags)])
        checkHelperResult(id, .getStackid, expr)
        let staticBits = StackReference.staticBits(mode: mode, depth: depth)
        var packed = LLVMBuildOr(b, LLVMBuildAnd(b, id, m.constant(0xffff_ffff), "")!, m.constant(staticBits), "")!
        if !kernel {
            let pid = LLVMBuildLShr(b, callHelper(.getCurrentPidTgid, []), m.constant(32), "")!
            let field = LLVMBuildShl(b, LLVMBuildAnd(b, pid, m.constant(StackReference.pidMask), "")!,
                                     m.constant(StackReference.pidShift), "")!
            packed = LLVMBuildOr(b, packed, field, "")!
        }
        let failed = LLVMBuildICmp(b, LLVMIntSLT, id, m.constant(0), "")!
        return LLVMBuildSelect(b, failed, m.constant(staticBits | StackReference.failedBit), packed, "stack")!
    }

    /// `kstack(...)`/`ustack(...)` calls: mode and depth are literals checked by semantics.
    func emitStackCall(_ name: String, _ arguments: [Expr], _ expr: Expr) -> LLVMValueRef {
        var mode = defaultStackMode
        var depth = StackReference.defaultDepth
        for argument in arguments {
            switch argument.kind {
            case .identifier(let word): mode = StackMode(name: word) ?? mode
            case .integer(let value): depth = Int(clamping: value)
            default: break
            }
        }
        return emitStack(kernel: name == "kstack", mode: mode, depth: depth, expr)
    }

    /// The mode of stacks taken without one: `config = { stack_mode = ... }`, else
    /// BPFTRACE_STACK_MODE, else bpftrace's (the session has already reported bad values).
    var defaultStackMode: StackMode {
        let resolution = try? ProgramSettings.resolve(config: program.program.config, environment: ProcessInfo.processInfo.environment)
        return resolution.flatMap { StackMode(name: $0.settings.stackMode.rawValue) } ?? .bpftrace
    }

    /// The BPF_MAP_TYPE_STACK_TRACE map for stacks of `depth` frames, defined on first use.
    func stackMap(depth: Int) -> LLVMValueRef {
        let name = StackReference.mapName(depth: depth)
        if let existing = LLVMGetNamedGlobal(m.module, name) { return existing }
        return defineMapGlobal(name: name, fields: [
            ("type", BPFMapType.stackTrace.rawValue), ("max_entries", context.options.maxMapEntries),
            ("key_size", 4), ("value_size", depth * 8),
        ])
    }

    /// A BTF-described map in `.maps`, defined while the program is emitted.
    func defineMapGlobal(name: String, fields: [(String, Int)]) -> LLVMValueRef {
        MapGlobals.define(m, debugInfo, name: name, fields: fields)
    }
}
