// Decodes one typed value from kernel bytes (event records, map keys, map values).

import SwtraceCore

struct ValueDecoder {
    /// `plan.probeNames`, for the `probe` builtin.
    var probeNames: [String]
    /// The program's stack-trace maps, for `kstack`/`ustack` values.
    var stackTraces: StackTraceMaps

    init(probeNames: [String], stackTraces: StackTraceMaps = StackTraceMaps()) {
        self.probeNames = probeNames
        self.stackTraces = stackTraces
    }

    func decode(_ type: SwType, from bytes: UnsafeRawBufferPointer, at offset: Int) throws -> Value {
        let size = type.byteSize
        guard offset >= 0, offset + size <= bytes.count else {
            throw RuntimeError.malformedEvent(
                reason: "a \(size)-byte value at offset \(offset) overruns \(bytes.count) bytes")
        }
        switch type {
        case .void, .aggregation:
            return .none
        case .boolean:
            return .boolean(bytes[offset] != 0)
        case .integer(let bits, let signed):
            return Self.integer(bytes, at: offset, bits: bits, signed: signed)
        case .string(let length):
            let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)])
            let end = slice.firstIndex(of: 0) ?? length
            // Exactly the kernel's bytes, UTF-8 or not (ByteText).
            return .string(ByteText.string(slice[0..<end]))
        case .buffer(let capacity):
            // The count of bytes held (never more than the capacity), then the bytes.
            let held = min(Int(bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)), capacity)
            let data = offset + SwType.bufferHeader
            return .buffer(Array(bytes[data..<(data + held)]))
        case .record(let name, let length):
            // Struct fields by name (RecordValues); raw bytes for records BTF does not describe.
            return try RecordValues.decode(name, from: bytes, at: offset) { try decode($0, from: bytes, at: $1) }
                ?? .buffer(Array(bytes[offset..<(offset + length)]))
        case .tuple(let elements):
            let layout = RecordLayout(elements)
            return .tuple(try zip(elements, layout.offsets).map { try decode($0, from: bytes, at: offset + $1) })
        case .namedTuple(let names, let elements):
            // Printed like bpftrace's records: { .a = 1, .b = x }.
            let layout = RecordLayout(elements)
            return .record(try zip(names, zip(elements, layout.offsets)).map {
                FieldValue(name: $0, value: try decode($1.0, from: bytes, at: offset + $1.1))
            })
        case .array(let element, let count):
            // Printed like bpftrace's arrays ([1,2,3]), not as tuples.
            let stride = element.byteSize
            return .array(try (0..<count).map { try decode(element, from: bytes, at: offset + $0 * stride) })
        case .pointer:
            // Printed in hex like bpftrace's pointers; printf's %d still sees the number.
            return .pointer(Self.u64(bytes, at: offset))
        case .probeName:
            let index = Int(truncatingIfNeeded: Self.u64(bytes, at: offset))
            return .symbol(probeNames.indices.contains(index) ? probeNames[index] : "")
        case .kernelSymbol:
            let address = Self.u64(bytes, at: offset)
            return .symbol(KernelSymbols.shared.name(for: address) ?? "0x" + String(address, radix: 16))
        case .userSymbol:
            // (address, pid): user addresses only mean something in their process.
            let address = Self.u64(bytes, at: offset)
            let pid = Int32(truncatingIfNeeded: Self.u64(bytes, at: offset + 8))
            return .symbol(UserSymbols.shared.text(for: address, pid: pid, showOffset: false, showModule: false))
        case .formatted(let format):
            return .symbol(UserSpaceFormatter.text(format, bytes, at: offset))
        case .kernelStack, .userStack:
            let reference = StackReference(packed: Self.u64(bytes, at: offset))
            let isKernel = type == .kernelStack
            return StackFormatter.value(stackTraces.addresses(reference), reference: reference, kernel: isKernel)
        }
    }

    static func u64(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
        bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    }

    static func integer(_ bytes: UnsafeRawBufferPointer, at offset: Int, bits: Int, signed: Bool) -> Value {
        switch (bits, signed) {
        case (8, true): return .signed(Int64(bytes.loadUnaligned(fromByteOffset: offset, as: Int8.self)))
        case (8, false): return .unsigned(UInt64(bytes.loadUnaligned(fromByteOffset: offset, as: UInt8.self)))
        case (16, true): return .signed(Int64(bytes.loadUnaligned(fromByteOffset: offset, as: Int16.self)))
        case (16, false): return .unsigned(UInt64(bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
        case (32, true): return .signed(Int64(bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
        case (32, false): return .unsigned(UInt64(bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        case (_, true): return .signed(bytes.loadUnaligned(fromByteOffset: offset, as: Int64.self))
        default: return .unsigned(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
    }
}
