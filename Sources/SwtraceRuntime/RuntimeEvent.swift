// What the kernel asked user space to do, decoded from one ring-buffer record.

import SwtraceCore

public enum RuntimeEvent: Sendable, Equatable {
    case printf(format: String, arguments: [Value])
    /// `exit([code])`: swtrace exits with the code (bpftrace 0.21).
    case exit(code: Int32)
    case printMap(mapIndex: Int, top: Int, divisor: Int)
    case printValue(Value)
    case clearMap(Int)
    case zeroMap(Int)
    case time(format: String)
    /// errorf/warnf/cat/system/join: see AsyncAction.
    case action(AsyncAction)
    /// A function watchpoint's function was entered with `address`: watch it with
    /// `RuntimePlan.watchpoints[index]` (then let a stopped tracee go on).
    case watchpointAttach(index: Int, address: UInt64)
    /// `unwatch(address)`
    case watchpointDetach(address: UInt64)
}

/// Output the kernel asks for that user space completes: reading a file, running a command,
/// writing a message to stderr.
public enum AsyncAction: Sendable, Equatable {
    case cat(format: String, arguments: [Value])
    case system(format: String, arguments: [Value])
    case message(prefix: String, format: String, arguments: [Value])
    /// Already joined text.
    case join(String)
}
