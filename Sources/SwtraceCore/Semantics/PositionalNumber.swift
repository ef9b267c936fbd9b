// Whether a command-line argument is a number, read as bpftrace reads it (C's strtoll/strtoull
// with base 0): `0x`/`0X` starts hexadecimal, a leading `0` octal, anything else decimal, with an
// optional sign; values up to 2^64-1 keep their bits (so `0xffffffffffffffff` prints with %lu).

public enum PositionalNumber {
    /// The argument's value, or nil when it is text (then `$N` is a string).
    public static func value(_ text: String) -> Int64? {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        var radix = 10
        if digits.count > 2, digits.hasPrefix("0x") || digits.hasPrefix("0X") {
            radix = 16
            digits = digits.dropFirst(2)
        } else if digits.count > 1, digits.hasPrefix("0") {
            radix = 8
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isHexDigit }),
              let magnitude = UInt64(digits, radix: radix) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return 0 &- Int64(bitPattern: magnitude)
        }
        return Int64(bitPattern: magnitude)
    }
}

extension ConstantFolding {
    /// `integer(_:)` that also reads numeric positional parameters (`unroll($1)`).
    public static func integer(_ expr: Expr, arguments: [String]) -> Int64? {
        if case .positional(let index) = expr.kind {
            guard index >= 1, index <= arguments.count else { return nil }
            return PositionalNumber.value(arguments[index - 1])
        }
        return integer(expr)
    }
}
