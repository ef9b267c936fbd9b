// Decimal digits appended straight to a byte buffer, exactly as String(value) writes them:
// hot printers (100k-line maps, a million printf lines a second) skip the String per number.

enum DecimalText {
    static func append(unsigned value: UInt64, to out: inout [UInt8]) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes hold the 20 digits of u64 max
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
                count += 1
            } while rest != 0
            out.append(contentsOf: buffer[(24 - count)...])
        }
    }

    static func append(signed value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        append(unsigned: value.magnitude, to: &out)
    }
}
