// What the kernel asked user space to do, decoded from one ring-buffer record.

import SwtraceCore

public enum RuntimeEvent: Sendable, Equatable {
    case printf(format: String, arguments: [Value])
    case exit
    case printMap(mapIndex: Int, top: Int, divisor: Int)
    case printValue(Value)
    case clearMap(Int)
    case zeroMap(Int)
    case time(format: String)
}
