// How a `kstack`/`ustack` value travels from the kernel to the printers: one u64 packing the
// stack-map id with what user space needs to print it (process, mode, depth). Codegen builds
// it, the runtime unpacks it; both sides share this one definition.

/// bpftrace's stack output modes: `kstack(perf)`, `ustack(raw, 5)`...
public enum StackMode: Int, Sendable, CaseIterable {
    case bpftrace = 0, perf = 1, raw = 2

    public init?(name: String) {
        switch name {
        case "bpftrace": self = .bpftrace
        case "perf": self = .perf
        case "raw": self = .raw
        default: return nil
        }
    }
}

public struct StackReference: Hashable, Sendable {
    /// Frames recorded when no limit is given (the kernel's PERF_MAX_STACK_DEPTH).
    public static let defaultDepth = 127
    public static let depthRange = 1...127

    /// Id in the stack map, or nil when the kernel could not record the stack.
    public var stackID: UInt32?
    /// Process whose address space a user stack belongs to (0 for kernel stacks).
    public var pid: UInt32
    public var mode: StackMode
    public var depth: Int

    public init(stackID: UInt32?, pid: UInt32, mode: StackMode, depth: Int) {
        self.stackID = stackID; self.pid = pid; self.mode = mode; self.depth = depth
    }

    // Bit layout: 0-31 stack id, 32-53 pid (pid_max is at most 2^22), 54-55 mode,
    // 56-62 depth, 63 set when get_stackid failed.
    public static let pidShift: UInt64 = 32
    public static let pidMask: UInt64 = (1 << 22) - 1
    public static let modeShift: UInt64 = 54
    public static let depthShift: UInt64 = 56
    public static let failedBit: UInt64 = 1 << 63

    /// The constant part (mode and depth) codegen ORs with the id and pid.
    public static func staticBits(mode: StackMode, depth: Int) -> UInt64 {
        UInt64(mode.rawValue) << modeShift | UInt64(depth & 0x7f) << depthShift
    }

    public init(packed: UInt64) {
        stackID = packed & Self.failedBit != 0 ? nil : UInt32(truncatingIfNeeded: packed)
        pid = UInt32((packed >> Self.pidShift) & Self.pidMask)
        mode = StackMode(rawValue: Int((packed >> Self.modeShift) & 0x3)) ?? .bpftrace
        let depth = Int((packed >> Self.depthShift) & 0x7f)
        self.depth = depth == 0 ? Self.defaultDepth : depth
    }

    public var packed: UInt64 {
        var value = Self.staticBits(mode: mode, depth: depth) | (UInt64(pid) & Self.pidMask) << Self.pidShift
        if let stackID { value |= UInt64(stackID) } else { value |= Self.failedBit }
        return value
    }

    /// Name of the BPF_MAP_TYPE_STACK_TRACE map holding stacks of `depth` frames: a separate
    /// map per depth, so that stacks equal in their first `depth` frames share one id.
    public static func mapName(depth: Int) -> String {
        depth == defaultDepth ? "swtrace_stacks" : "swtrace_stacks_\(depth)"
    }
}
