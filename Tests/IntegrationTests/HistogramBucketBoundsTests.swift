// hist(n, k) and lhist() bucketed in the kernel, checked value by value against the definition
// of the buckets (not against swtrace's own numbering), read back through -f json.
// hist: below 2^(k+1) every value is its own bucket; above, the power of two [2^p, 2^(p+1)) is
// cut into 2^k buckets of 2^(p-k) values; negative values share (..., 0). Edge values around
// every power the numbering turns on, and the largest and smallest 64-bit values, every k 0...5.
// lhist(v, min, max, step): (..., min), then [min + i*step, min + (i+1)*step), then the open
// bucket from the last bound not above max; the values on and next to every bound.
import Foundation
import XCTest

final class HistogramBucketBoundsTests: XCTestCase {
    static let values: [Int64] = [
        0, 1, 2, 3, 7, 31, 32, 33, 63, 64, 65, 1000, 1023, 1024, 1025, 123_456_789,
        (1 << 40) + 12_345, (1 << 53) + 1, 1 << 62, Int64.max, -1, Int64.min,
    ]

    /// The one row `-f json` prints for a bucket holding `value`, from the definition.
    static func expectedRow(_ value: Int64, bits: Int) -> String {
        if value < 0 { return #"{"max": -1, "count": 1}"# }
        var low = value, high = value
        if value >= Int64(2) << Int64(bits) {
            let power = 63 - value.leadingZeroBitCount
            let width = Int64(1) << Int64(power - bits)
            low = value & ~(width - 1)
            high = low + (width - 1)
        }
        return #"{"min": \#(json(low)), "max": \#(json(high)), "count": 1}"#
    }

    /// bpftrace's rule for integers in JSON: quoted when a double cannot hold them exactly.
    static func json(_ number: Int64) -> String {
        Int64(exactly: Double(number)) == number ? String(number) : "\"\(number)\""
    }

    func testEveryValueLandsInItsBucketForEveryBits() throws {
        try Executables.requireRoot()
        // `nsecs > 0` is only known at run time, so the kernel really buckets each value.
        let updates = (0...5).flatMap { bits in
            Self.values.enumerated().map { index, value in
                // Int64.min has no literal: it is written as the expression bpftrace would need too.
                let literal = value == Int64.min ? "(-9223372036854775807 - 1)" : String(value)
                return "@h\(bits)[\(index)] = hist(nsecs > 0 ? \(literal) : 0, \(bits));"
            }
        }.joined(separator: "\n  ")
        let result = try Swtrace.runToEnd(["-q", "-f", "json", "-e", "BEGIN {\n  \(updates)\n  exit();\n}"], timeout: 120)
        XCTAssertEqual(result.status, 0, result.transcript)

        for bits in 0...5 {
            // Keyed histograms are ordered by their totals (all 1), then by key.
            let keys = Self.values.indices.sorted()
            let body = keys.map { "\"\($0)\": [" + Self.expectedRow(Self.values[$0], bits: bits) + "]" }.joined(separator: ", ")
            let expected = #"{"type": "hist", "data": {"@h\#(bits)": {\#(body)}}}"#
            XCTAssertTrue(result.stdoutLines.contains(expected),
                          "k = \(bits): expected\n\(expected)\nin\n\(result.stdout)")
        }
    }

    /// The one row of a linear histogram holding `value`, from the definition.
    static func expectedLinearRow(_ value: Int64, min: Int64, max: Int64, step: Int64) -> String {
        let last = min + (max - min) / step * step
        if value < min { return #"{"max": \#(min - 1), "count": 1}"# }
        if value >= last { return #"{"min": \#(last), "count": 1}"# }
        let offset = value - min  // never negative here, so / rounds down
        let low = min + offset / step * step
        return #"{"min": \#(low), "max": \#(low + step - 1), "count": 1}"#
    }

    func testEveryValueLandsInItsLinearBucket() throws {
        try Executables.requireRoot()
        let ranges: [(min: Int64, max: Int64, step: Int64)] = [(0, 100, 10), (-3072, 3072, 1024), (-10, 10, 3), (-50, -10, 7), (5, 6, 1)]
        var updates: [String] = []
        var expected: [String] = []
        for (number, range) in ranges.enumerated() {
            let last = range.min + (range.max - range.min) / range.step * range.step
            var values: [Int64] = [range.min - 1, range.min, range.min + 1, last - 1, last, last + 1, range.max, range.max + 1, 0, -1]
            for bound in stride(from: range.min, to: last, by: Int(range.step)) { values += [bound - 1, bound, bound + range.step - 1] }
            values = Array(Set(values)).sorted()
            for (index, value) in values.enumerated() {
                updates.append("@l\(number)[\(index)] = lhist(nsecs > 0 ? \(value) : 0, \(range.min), \(range.max), \(range.step));")
            }
            let body = values.enumerated().map { index, value in
                "\"\(index)\": [" + Self.expectedLinearRow(value, min: range.min, max: range.max, step: range.step) + "]"
            }.joined(separator: ", ")
            expected.append(#"{"type": "hist", "data": {"@l\#(number)": {\#(body)}}}"#)
        }
        let result = try Swtrace.runToEnd(["-q", "-f", "json", "-e", "BEGIN {\n  " + updates.joined(separator: "\n  ") + "\n  exit();\n}"],
                                          timeout: 120)
        XCTAssertEqual(result.status, 0, result.transcript)
        for line in expected {
            XCTAssertTrue(result.stdoutLines.contains(line), "expected\n\(line)\nin\n\(result.stdout)")
        }
    }
}
