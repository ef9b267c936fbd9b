// Ring-buffer record -> RuntimeEvent: the u64 event id at offset 0 selects the plan's
// EventDescriptor, whose layout places the fields.

import SwtraceCore

/// A class: the ring buffer's callback reaches it once per record, and a struct of arrays
/// would be copied (every array retained and released) on each of those calls.
final class EventDecoder {
    let events: [EventDescriptor]
    let values: ValueDecoder
    /// Each event's fields (type and offset), worked out once: at a million printf records a
    /// second, laying out the record again for each one costs more than decoding it.
    private let fields: [[Field]]

    /// One field of a record: integers (most printf arguments) skip the general decoder.
    private enum Field {
        case integer(offset: Int, bits: Int, signed: Bool)
        case other(SwType, offset: Int)
    }

    init(events: [EventDescriptor], values: ValueDecoder) {
        self.events = events
        self.values = values
        fields = events.map { event in
            zip(event.fieldTypes, event.layout.offsets).map { type, offset in
                if case .integer(let bits, let signed) = type, [8, 16, 32, 64].contains(bits) {
                    return .integer(offset: offset, bits: bits, signed: signed)
                }
                return .other(type, offset: offset)
            }
        }
    }

    /// The fields of event `id` decoded in order.
    private func arguments(_ id: Int, _ record: UnsafeRawBufferPointer) throws -> [Value] {
        let fields = self.fields[id]
        var arguments: [Value] = []
        arguments.reserveCapacity(fields.count)
        for field in fields {
            switch field {
            case .integer(let offset, let bits, _) where offset + bits / 8 > record.count:
                throw RuntimeError.malformedEvent(
                    reason: "a \(bits / 8)-byte value at offset \(offset) overruns \(record.count) bytes")
            case .integer(let offset, let bits, let signed):
                arguments.append(ValueDecoder.integer(record, at: offset, bits: bits, signed: signed))
            case .other(let type, let offset):
                arguments.append(try values.decode(type, from: record, at: offset))
            }
        }
        return arguments
    }

    /// The u64 address of a watchpoint event.
    private func address(_ id: Int, _ record: UnsafeRawBufferPointer) throws -> UInt64 {
        guard let offset = events[id].layout.offsets.first, offset + 8 <= record.count else {
            throw RuntimeError.malformedEvent(reason: "a watchpoint event of \(record.count) bytes has no address")
        }
        return ValueDecoder.u64(record, at: offset)
    }

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
        case .printf(let format, _):
            return .printf(format: format, arguments: try arguments(Int(id), record))
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
        case .formattedAction(let action, let format, _):
            let arguments = try arguments(Int(id), record)
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
        case .watchpointAttach(let watchIndex):
            return .watchpointAttach(index: watchIndex, address: try address(Int(id), record))
        case .watchpointDetach:
            return .watchpointDetach(address: try address(Int(id), record))
        }
    }
}
