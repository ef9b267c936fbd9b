// Strings whose bytes need not be UTF-8 (`"\xff"` literals, kernel strings), carried in Swift
// Strings so the AST, values and printers keep one string type.
//
// Each byte that is not part of valid UTF-8 becomes one scalar of a private-use block,
// U+10FF00 + byte, and `bytes(of:)` turns it back into that byte. Valid UTF-8 that encodes
// one of those scalars is itself stored byte by byte, so every byte sequence survives the
// round trip exactly. Text that is valid UTF-8 (nearly all of it) is stored unchanged.

public enum ByteText {
    /// First scalar of the block that stands for raw bytes: U+10FF00 + byte.
    static let base: UInt32 = 0x10FF00

    /// A String holding exactly `bytes`.
    public static func string<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        if !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        let bytes = Array(bytes)
        var out = String.UnicodeScalarView()
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var position = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                let scalar = Unicode.UTF8.decode(encoded)
                if isRawByte(scalar) {
                    for byte in encoded { out.append(rawScalar(byte)) }
                } else {
                    out.append(scalar)
                }
                position += encoded.count
            case .error(let length):
                for byte in bytes[position..<(position + length)] { out.append(rawScalar(byte)) }
                position += length
            case .emptyInput:
                return String(out)
            }
        }
    }

    /// The bytes `text` holds: its UTF-8, with each raw-byte scalar back as its byte.
    public static func bytes(of text: String) -> [UInt8] {
        var out: [UInt8] = []
        append(text, to: &out)
        return out
    }

    /// Appends the bytes `text` holds (see `bytes(of:)`).
    public static func append(_ text: String, to out: inout [UInt8]) {
        var text = text
        let plain = text.withUTF8 { utf8 -> Bool in
            // Raw-byte scalars are the only ones whose UTF-8 starts F4 8F BC..BF.
            guard hasRawByteLead(utf8) else { out.append(contentsOf: utf8); return true }
            return false
        }
        if plain { return }
        for scalar in text.unicodeScalars {
            if isRawByte(scalar) {
                out.append(UInt8(scalar.value - base))
            } else {
                out.append(contentsOf: String(scalar).utf8)
            }
        }
    }

    /// How many bytes `text` holds (its length in the kernel).
    public static func count(_ text: String) -> Int {
        var text = text
        let utf8Count = text.withUTF8 { hasRawByteLead($0) ? nil : $0.count }
        return utf8Count ?? text.unicodeScalars.reduce(0) { $0 + (isRawByte($1) ? 1 : String($1).utf8.count) }
    }

    /// The byte a raw-byte scalar stands for; nil for any other scalar.
    public static func rawByte(_ scalar: Unicode.Scalar) -> UInt8? {
        isRawByte(scalar) ? UInt8(scalar.value - base) : nil
    }

    static func isRawByte(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= base }

    static func rawScalar(_ byte: UInt8) -> Unicode.Scalar { Unicode.Scalar(base + UInt32(byte))! }

    private static func hasRawByteLead(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index + 2 < utf8.count {
            if utf8[index] == 0xF4, utf8[index + 1] == 0x8F, utf8[index + 2] >= 0xBC { return true }
            index += 1
        }
        return false
    }
}
