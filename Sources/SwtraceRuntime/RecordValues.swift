// Struct/union values read back from the kernel (`print(*p)`, `@m = curtask->tasks`) turned into
// `Value.record`: one named value per field, in declaration order, bitfields extracted.
import SwtraceCore

public enum RecordValues {
    /// The fields of record `name` stored at `bytes[offset...]`, or nil when the catalogue does
    /// not describe the record. `decodeField` decodes a non-bitfield field of a type at an offset.
    public static func decode(_ name: String, from bytes: UnsafeRawBufferPointer, at offset: Int,
                              catalogue: TypeCatalogue? = KernelTypeCatalogue.running,
                              field decodeField: (SwType, Int) throws -> Value) rethrows -> Value? {
        guard let record = catalogue?.record(named: name) else { return nil }
        let end = min(bytes.count, offset + record.size)
        var fields: [FieldValue] = []
        for field in record.fields {
            let start = offset + field.offset
            if let bitfield = field.bitfield {
                guard start < end else { continue }
                fields.append(FieldValue(name: field.name, value: bits(bitfield, signed: field.type.isSigned,
                                                                      of: bytes, from: start, to: end)))
            } else if start + field.type.byteSize <= end {
                fields.append(FieldValue(name: field.name, value: try decodeField(field.type, start)))
            }
        }
        return .record(fields)
    }

    /// A bitfield's value from the little-endian bytes that hold it.
    static func bits(_ bitfield: Bitfield, signed: Bool, of bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Value {
        var word: UInt64 = 0
        for index in 0..<min(8, bitfield.byteCount, end - start) {
            word |= UInt64(bytes[start + index]) << UInt64(8 * index)
        }
        let width = min(64, bitfield.width)
        let up = word << UInt64(max(0, 64 - width - bitfield.shift))
        let down = UInt64(64 - width)
        return signed ? .signed(Int64(bitPattern: up) >> Int64(down)) : .unsigned(up >> down)
    }
}
