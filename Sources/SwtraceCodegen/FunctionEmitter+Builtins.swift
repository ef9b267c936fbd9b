// Emission of the standard library's builtin variables beyond the basic ones: kstack/ustack,
// ppid, pcomm, username, usermode, elapsed, has_cpid, probetype.
import CLLVM
import Glibc
import SwtraceCore

extension FunctionEmitter {
    /// The value of `name`, or nil when it is not one of these builtins.
    func emitStdlibBuiltin(_ name: String, _ expr: Expr) throws -> LLVMValueRef? {
        switch name {
        case "kstack": return emitStack(kernel: true, mode: defaultStackMode, depth: StackReference.defaultDepth, expr)
        case "ustack": return emitStack(kernel: false, mode: defaultStackMode, depth: StackReference.defaultDepth, expr)
        case "username": return LLVMBuildAnd(b, callHelper(.getCurrentUidGid, []), m.constant(0xffff_ffff), "uid")
        case "elapsed": return LLVMBuildSub(b, callHelper(.ktimeGetBootNs, []), m.constant(Self.startNanoseconds), "elapsed")
        case "usermode": return emitUsermode()
        case "func": return try emitFunctionName(expr)
        case "has_cpid": return m.constant(context.options.childPid == nil ? 0 : 1)
        case "probetype": return try emitProbeType(expr)
        case "ppid": return try emitParentPid(of: callHelper(.getCurrentTask, []), expr)
        case "pcomm": return try emitProcessName(of: callHelper(.getCurrentTask, []), expr)
        default:
            return nil
        }
    }

    /// `task->real_parent->tgid`: the parent's process id.
    func emitParentPid(of task: LLVMValueRef, _ expr: Expr) throws -> LLVMValueRef {
        let layout = try taskLayout(expr)
        let parent = readKernelInteger(task, offset: layout.realParent, bits: 64)
        return readKernelInteger(parent, offset: layout.tgid, bits: 32)
    }

    /// `task->group_leader->comm`: the name of the task's process (its main thread).
    func emitProcessName(of task: LLVMValueRef, _ expr: Expr) throws -> LLVMValueRef {
        let layout = try taskLayout(expr)
        let leader = readKernelInteger(task, offset: layout.groupLeader, bits: 64)
        let slot = stackSlot(16, "pcomm")
        zero(slot, size: 16)
        let source = LLVMBuildIntToPtr(b, LLVMBuildAdd(b, leader, m.constant(UInt64(layout.comm)), "")!, m.i8Pointer, "")!
        callHelper(.probeReadKernelStr, [slot, LLVMConstInt(m.i32, 16, 0), source])
        return slot
    }

    /// `probetype`: the provider of the attach point, "special" for BEGIN/END, as a string. One
    /// program serves attach points of one program kind; they must agree on the provider.
    func emitProbeType(_ expr: Expr) throws -> LLVMValueRef {
        let points = attachPoint.map { [$0] } ?? probe.attachPoints
        let names = Set(points.map { point -> String in
            let provider = point.probeName.split(separator: ":").first.map(String.init) ?? point.probeName
            return ["BEGIN", "END", "begin", "end"].contains(provider) ? "special" : provider
        })
        guard names.count == 1, let name = names.first else {
            throw unsupported("probetype in a probe whose attach points are of several types", expr.range)
        }
        let size = type(of: expr).byteSize
        let slot = stackSlot(size, "probetype")
        zero(slot, size: size)
        for (index, byte) in name.utf8.prefix(size - 1).enumerated() {
            storeInteger(m.constant(UInt64(byte)), slot, offset: index, bits: 8)
        }
        return slot
    }

    /// CLOCK_BOOTTIME (the kernel's ktime_get_boot_ns, nsecs' clock) when the program was
    /// compiled, just before it starts: `elapsed` counts from here.
    static let startNanoseconds: UInt64 = {
        var now = timespec()
        clock_gettime(CLOCK_BOOTTIME, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }()

    /// `func`: (address, pid) of the traced function; pid 0 marks a kernel function. uprobes
    /// fire on the function's first instruction, so the saved instruction pointer is its address.
    func emitFunctionName(_ expr: Expr) throws -> LLVMValueRef {
        let slot = stackSlot(16, "func")
        switch probe.attachPoints.first?.target {
        case .uprobe:
            storeInteger(loadInteger(ctx, offset: PtRegs.instructionPointer, bits: 64, signed: false), slot, offset: 0)
            storeInteger(LLVMBuildLShr(b, callHelper(.getCurrentPidTgid, []), m.constant(32), "")!, slot, offset: 8)
        case .kprobe, .kretprobe, .fentry, .fexit, .bpfFunction:
            storeInteger(callHelper(.getFuncIp, [ctx]), slot, offset: 0)
            storeInteger(m.constant(0), slot, offset: 8)
        case .uretprobe:
            // The return's instruction pointer is in the caller; the kernel (bpf_get_func_ip,
            // 6.x) knows the probed function's address, as bpftrace uses it.
            noteHelperCall(.getFuncIp, expr)
            storeInteger(callHelper(.getFuncIp, [ctx]), slot, offset: 0)
            storeInteger(LLVMBuildLShr(b, callHelper(.getCurrentPidTgid, []), m.constant(32), "")!, slot, offset: 8)
        default:
            throw unsupported("func here (uretprobes do not know their function's address)", expr.range)
        }
        return slot
    }

    /// x86-64: the privilege level in the saved code segment register (3 = user). Only probes
    /// whose context is a register set (perf events, kprobes, uprobes) can interrupt user mode.
    func emitUsermode() -> LLVMValueRef {
        // BEGIN, END and self:signal run on swtrace's behalf, as bpftrace's run from its own
        // process (a uprobe on it): user mode, whatever context the test run hands them.
        switch attachPoint?.target {
        case .begin?, .end?, .selfSignal?: return m.constant(1)
        default: break
        }
        guard programKind == .perfEvent || programKind == .kprobe else { return m.constant(0) }
        let codeSegment = loadInteger(ctx, offset: PtRegs.codeSegment, bits: 64, signed: false)
        let level = LLVMBuildAnd(b, codeSegment, m.constant(3), "")!
        return boolToInt(LLVMBuildICmp(b, LLVMIntEQ, level, m.constant(3), "usermode")!)
    }

    func taskLayout(_ expr: Expr) throws -> KernelTaskLayout {
        guard let layout = KernelTaskLayout.current else {
            throw unsupported("this builtin without kernel BTF (struct task_struct)", expr.range)
        }
        return layout
    }

    /// Reads an integer of `bits` at `address + offset` in kernel memory (0 if unreadable).
    func readKernelInteger(_ address: LLVMValueRef, offset: Int, bits: Int) -> LLVMValueRef {
        let slot = stackSlot(8, "kread")
        zero(slot, size: 8)
        let source = LLVMBuildIntToPtr(b, LLVMBuildAdd(b, address, m.constant(UInt64(offset)), "")!, m.i8Pointer, "")!
        callHelper(.probeReadKernel, [slot, LLVMConstInt(m.i32, UInt64(bits / 8), 0), source])
        return loadInteger(slot, offset: 0, bits: bits, signed: false)
    }
}

extension PtRegs {
    /// Offsets of `ip` and `cs` in x86-64 `struct pt_regs`.
    static let instructionPointer = 128
    static let codeSegment = 136
}
