// Parsed printf-style format strings: what semantic analysis checks calls against and what
// the printers render.
//
// Accepted conversions follow bpftrace: %d %i %u %o %x %X %c %p %s, the buffer forms
// %r %rx %rh, and %% for a percent sign. Flags (- + space # 0), a width, a precision and the
// length modifiers hh h l ll j z t are understood. As in bpftrace, a '%' that does not start
// a recognisable conversion stays literal text; floating-point and %n conversions, which
// bpftrace recognises but cannot print, are errors.

public struct PrintfFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// Byte offset inside the format string where the bad conversion starts.
    public var offset: Int

    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { message }
}

public struct PrintfFormat: Sendable, Equatable {
    public enum Segment: Sendable, Equatable {
        case literal(String)
        case conversion(Conversion)
    }

    public struct Conversion: Sendable, Equatable {
        public struct Flags: OptionSet, Sendable, Equatable {
            public let rawValue: UInt8
            public init(rawValue: UInt8) { self.rawValue = rawValue }
            /// `-`: pad on the right.
            public static let leftAlign = Flags(rawValue: 1 << 0)
            /// `+`: always print a sign for signed conversions.
            public static let plusSign = Flags(rawValue: 1 << 1)
            /// ` `: a space where a positive signed number has no sign.
            public static let spaceSign = Flags(rawValue: 1 << 2)
            /// `#`: `0x`/`0X` prefix for hex, a leading zero for octal.
            public static let alternateForm = Flags(rawValue: 1 << 3)
            /// `0`: pad numbers with zeros after any sign or prefix.
            public static let zeroPad = Flags(rawValue: 1 << 4)
        }

        /// Width of the integer argument the conversion reads (C length modifiers).
        public enum Length: String, Sendable, Equatable {
            case none = ""
            case hh, h, l, ll, j, z, t

            /// Bits of the argument as the conversion reads it (C: int is 32 bits, long 64).
            public var bits: Int {
                switch self {
                case .hh: return 8
                case .h: return 16
                case .none: return 32
                case .l, .ll, .j, .z, .t: return 64
                }
            }
        }

        public enum Kind: Sendable, Equatable {
            case signedDecimal      // d i
            case unsignedDecimal    // u
            case octal              // o
            case hexLower           // x
            case hexUpper           // X
            case character          // c
            case pointer            // p
            case string             // s
            case buffer             // r: printable ASCII kept, other bytes as \xNN
            case bufferEscapedHex   // rx: every byte as \xNN
            case bufferSpacedHex    // rh: every byte as NN, separated by spaces
        }

        /// What an argument must be for this conversion.
        public enum Argument: Sendable, Equatable {
            /// Integers, booleans and pointers.
            case integer
            /// Any printable value; it is shown in its text form.
            case string
            /// A `buf()` value.
            case buffer
        }

        public var flags: Flags
        public var width: Int?
        public var precision: Int?
        public var length: Length
        public var kind: Kind
        /// The conversion as written, e.g. `%-08llx`.
        public var text: String
        /// Byte offsets of `text` inside the format string.
        public var range: Range<Int>

        public init(flags: Flags = [], width: Int? = nil, precision: Int? = nil, length: Length = .none,
                    kind: Kind, text: String, range: Range<Int>) {
            self.flags = flags
            self.width = width
            self.precision = precision
            self.length = length
            self.kind = kind
            self.text = text
            self.range = range
        }

        public var argument: Argument {
            switch kind {
            case .signedDecimal, .unsignedDecimal, .octal, .hexLower, .hexUpper, .character, .pointer:
                return .integer
            case .string:
                return .string
            case .buffer, .bufferEscapedHex, .bufferSpacedHex:
                return .buffer
            }
        }
    }

    public var segments: [Segment]

    public init(segments: [Segment]) { self.segments = segments }

    public var conversions: [Conversion] {
        segments.compactMap { if case .conversion(let c) = $0 { return c }; return nil }
    }

    /// Throws PrintfFormatError(message, offset) for an invalid/unsupported specifier.
    public static func parse(_ format: String) throws -> PrintfFormat {
        var parser = PrintfFormatParser(Array(format.utf8))
        return PrintfFormat(segments: try parser.run())
    }
}

/// Scans the format's bytes once, left to right.
private struct PrintfFormatParser {
    let bytes: [UInt8]
    var segments: [PrintfFormat.Segment] = []
    var literal: [UInt8] = []

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func run() throws -> [PrintfFormat.Segment] {
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%") {
                if let (next, conversion) = try conversion(at: index) {
                    if let conversion {
                        flushLiteral()
                        segments.append(.conversion(conversion))
                    } else {
                        literal.append(UInt8(ascii: "%"))
                    }
                    index = next
                    continue
                }
            }
            literal.append(bytes[index])
            index += 1
        }
        flushLiteral()
        return segments
    }

    mutating func flushLiteral() {
        guard !literal.isEmpty else { return }
        let text = String(decoding: literal, as: UTF8.self)
        if case .literal(let previous)? = segments.last {
            segments[segments.count - 1] = .literal(previous + text)
        } else {
            segments.append(.literal(text))
        }
        literal.removeAll()
    }

    /// The conversion starting at `start` and the index after it; a nil conversion means `%%`.
    /// Returns nil when the text is not a conversion at all (it then stays literal).
    func conversion(at start: Int) throws -> (Int, PrintfFormat.Conversion?)? {
        typealias Conversion = PrintfFormat.Conversion
        var index = start + 1
        func peek(_ offset: Int = 0) -> UInt8? {
            index + offset < bytes.count ? bytes[index + offset] : nil
        }

        var flags: Conversion.Flags = []
        flagLoop: while let byte = peek() {
            switch byte {
            case UInt8(ascii: "-"): flags.insert(.leftAlign)
            case UInt8(ascii: "+"): flags.insert(.plusSign)
            case UInt8(ascii: " "): flags.insert(.spaceSign)
            case UInt8(ascii: "#"): flags.insert(.alternateForm)
            case UInt8(ascii: "0"): flags.insert(.zeroPad)
            default: break flagLoop
            }
            index += 1
        }

        var width: Int?
        while let byte = peek(), isDigit(byte) {
            width = (width ?? 0) &* 10 &+ Int(byte - UInt8(ascii: "0"))
            index += 1
        }
        if peek() == UInt8(ascii: "*") {
            throw PrintfFormatError("'*' widths and precisions are not supported in format strings", offset: start)
        }

        var precision: Int?
        if peek() == UInt8(ascii: ".") {
            index += 1
            if peek() == UInt8(ascii: "*") {
                throw PrintfFormatError("'*' widths and precisions are not supported in format strings", offset: start)
            }
            precision = 0
            while let byte = peek(), isDigit(byte) {
                precision = precision! &* 10 &+ Int(byte - UInt8(ascii: "0"))
                index += 1
            }
        }

        var length: Conversion.Length = .none
        var sawLongDouble = false
        switch (peek(), peek(1)) {
        case (UInt8(ascii: "h"), UInt8(ascii: "h")): length = .hh; index += 2
        case (UInt8(ascii: "l"), UInt8(ascii: "l")): length = .ll; index += 2
        case (UInt8(ascii: "h"), _): length = .h; index += 1
        case (UInt8(ascii: "l"), _): length = .l; index += 1
        case (UInt8(ascii: "j"), _): length = .j; index += 1
        case (UInt8(ascii: "z"), _): length = .z; index += 1
        case (UInt8(ascii: "t"), _): length = .t; index += 1
        case (UInt8(ascii: "L"), _): sawLongDouble = true; index += 1
        default: break
        }

        guard let specifier = peek() else { return nil }
        index += 1
        let kind: Conversion.Kind
        switch specifier {
        case UInt8(ascii: "%"):
            return (index, nil)
        case UInt8(ascii: "d"), UInt8(ascii: "i"): kind = .signedDecimal
        case UInt8(ascii: "u"): kind = .unsignedDecimal
        case UInt8(ascii: "o"): kind = .octal
        case UInt8(ascii: "x"): kind = .hexLower
        case UInt8(ascii: "X"): kind = .hexUpper
        case UInt8(ascii: "c"): kind = .character
        case UInt8(ascii: "p"): kind = .pointer
        case UInt8(ascii: "s"): kind = .string
        case UInt8(ascii: "r"):
            switch peek() {
            case UInt8(ascii: "x"): kind = .bufferEscapedHex; index += 1
            case UInt8(ascii: "h"): kind = .bufferSpacedHex; index += 1
            default: kind = .buffer
            }
        case UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "f"), UInt8(ascii: "F"),
             UInt8(ascii: "g"), UInt8(ascii: "G"), UInt8(ascii: "a"), UInt8(ascii: "A"),
             UInt8(ascii: "n"):
            throw PrintfFormatError("unsupported format specifier: \(Character(Unicode.Scalar(specifier)))",
                                    offset: start)
        default:
            return nil
        }

        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if sawLongDouble {
            throw PrintfFormatError("invalid length modifier 'L' in \(text)", offset: start)
        }
        switch kind {
        case .character, .string, .buffer, .bufferEscapedHex, .bufferSpacedHex:
            if length != .none {
                throw PrintfFormatError("length modifier '\(length.rawValue)' cannot be used with \(text)",
                                        offset: start)
            }
        default:
            break
        }
        let conversion = Conversion(flags: flags, width: width, precision: precision, length: length,
                                    kind: kind, text: text, range: start..<index)
        return (index, conversion)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
