// Ring-buffer record -> RuntimeEvent: the u64 event id at offset 0 selects the plan's
// EventDescriptor, whose layout places the fields.

import SwtraceCore

struct EventDecoder {
    var events: [EventDescriptor]
    var values: ValueDecoder

    func decode(_ record: UnsafeRawBufferPointer) throws -> RuntimeEvent {
        guard record.count >= 8 else {
            throw RuntimeError.malformedEvent(reason: "record of \(record.count) bytes has no event id")
        }
        let id = ValueDecoder.u64(record, at: 0)
        guard id < UInt64(events.count) else {
            throw RuntimeError.malformedEvent(reason: "unknown event id \(id)")
        }
        let descriptor = events[Int(id)]
        switch descriptor.kind {
        case .printf(let format, let types):
            let offsets = descriptor.layout.offsets
            let arguments = try zip(types, offsets).map { try values.decode($0, from: record, at: $1) }
            return .printf(format: format, arguments: arguments)
        case .exit:
            let offset = descriptor.layout.offsets.first ?? 8
            return .exit(code: Int32(truncatingIfNeeded: record.count >= offset + 8 ? ValueDecoder.u64(record, at: offset) : 0))
        case .printMap(let mapIndex, let top, let divisor):
            return .printMap(mapIndex: mapIndex, top: top, divisor: divisor)
        case .printValue(let type):
            let offset = descriptor.layout.offsets.first ?? 8
            return .printValue(try values.decode(type, from: record, at: offset))
        case .clearMap(let mapIndex):
            return .clearMap(mapIndex)
        case .zeroMap(let mapIndex):
            return .zeroMap(mapIndex)
        case .time(let format):
            return .time(format: format)
        case .formattedAction(let action, let format, let types):
            let offsets = descriptor.layout.offsets
            let arguments = try zip(types, offsets).map { try values.decode($0, from: record, at: $1) }
            switch action {
            case .cat: return .action(.cat(format: format, arguments: arguments))
            case .system: return .action(.system(format: format, arguments: arguments))
            case .message(let prefix): return .action(.message(prefix: prefix, format: format, arguments: arguments))
            }
        case .join(let separator, let count, let size):
            let offsets = descriptor.layout.offsets
            let present = min(Int(ValueDecoder.u64(record, at: offsets[0])), count)
            let parts = try (0..<present).map { index -> String in
                guard case .string(let text) = try values.decode(.string(size: size), from: record, at: offsets[index + 1]) else { return "" }
                return text
            }
            return .action(.join(parts.joined(separator: separator)))
        }
    }
}
