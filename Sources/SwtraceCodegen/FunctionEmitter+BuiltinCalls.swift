// Emission of builtins that take an argument: nsecs(clock), pid/tid(namespace), reg("name"),
// ppid(task), pcomm(task), kptr()/uptr().
import CLLVM
import Glibc
import SwtraceCore

extension FunctionEmitter {
    func emitBuiltinCall(_ name: String, _ arguments: [Expr], _ expr: Expr) throws -> LLVMValueRef? {
        switch name {
        case "nsecs", "pid", "tid":
            guard let argument = arguments.first, case .identifier(let word) = argument.kind else { return try emitBuiltin(name, expr) }
            if name == "nsecs" { return emitClock(word) }
            // The initial namespace is what get_current_pid_tgid reports.
            if word == "init" { return try emitBuiltin(name, expr) }
            return emitNamespacedId(thread: name == "tid")
        case "ppid", "pcomm":
            guard let task = arguments.first else { return try emitBuiltin(name, expr) }
            let value = try emit(task)
            return name == "ppid" ? try emitParentPid(of: value, expr) : try emitProcessName(of: value, expr)
        case "kptr", "uptr":
            return try emit(arguments[0])
        case "reg":
            guard case .string(let register) = arguments[0].kind, let offset = RegisterOffsets.x86_64[register] else { return nil }
            return loadInteger(ctx, offset: offset, bits: 64, signed: false)
        default:
            return nil
        }
    }

    /// `nsecs(clock)`. sw_tai: the kernel has no TAI helper before 6.1, so, as bpftrace, the
    /// monotonic clock plus TAI's offset from it, measured here when compiling.
    func emitClock(_ clock: String) -> LLVMValueRef {
        switch clock {
        case "boot": return callHelper(.ktimeGetBootNs, [])
        case "tai": return callHelper(.ktimeGetTaiNs, [])
        case "sw_tai": return LLVMBuildAdd(b, callHelper(.ktimeGetNs, []), m.constant(Self.taiOffsetNanoseconds), "sw_tai")!
        case "monotonic": return callHelper(.ktimeGetNs, [])
        default: return callHelper(.ktimeGetBootNs, [])
        }
    }

    /// CLOCK_TAI - CLOCK_MONOTONIC, read between two monotonic readings to halve the error.
    static let taiOffsetNanoseconds: UInt64 = {
        func read(_ clock: clockid_t) -> UInt64 {
            var now = timespec()
            clock_gettime(clock, &now)
            return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
        }
        let before = read(CLOCK_MONOTONIC), tai = read(CLOCK_TAI), after = read(CLOCK_MONOTONIC)
        return tai &- (before / 2 + after / 2)
    }()

    /// pid/tid as swtrace's own pid namespace numbers them (bpf_get_ns_current_pid_tgid with
    /// the device and inode of /proc/self/ns/pid); 0 for tasks outside that namespace.
    func emitNamespacedId(thread: Bool) -> LLVMValueRef {
        var info = stat()
        _ = stat("/proc/self/ns/pid", &info)
        let slot = stackSlot(8, "pidns")
        zero(slot, size: 8)
        callHelper(.getNsCurrentPidTgid, [m.constant(UInt64(info.st_dev)), m.constant(UInt64(info.st_ino)), slot,
                                          LLVMConstInt(m.i32, 8, 0)])
        // struct bpf_pidns_info { u32 pid; u32 tgid; }: the kernel's pid is the thread id.
        return loadInteger(slot, offset: thread ? 0 : 4, bits: 32, signed: false)
    }
}
