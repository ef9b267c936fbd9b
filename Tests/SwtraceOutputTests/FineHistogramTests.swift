// hist(n, k): k bits per power of two. The bucket numbering (HistogramBuckets.log2Index(_:bits:))
// and the bounds the printer writes agree for every k, and the k = 3 map of 0...1023 prints as
// bpftrace's runtime test outputs/hist_2args.json.
import Foundation
import SwtraceCore
@testable import SwtraceOutput
import XCTest

final class FineHistogramTests: XCTestCase {
    func testNumberingWithNoBitsIsThePlainLog2Numbering() {
        for value: Int64 in [-5, 0, 1, 2, 3, 4, 7, 8, 1000, 1 << 40, .max] {
            XCTAssertEqual(HistogramBuckets.log2Index(value, bits: 0), HistogramBuckets.log2Index(value), "\(value)")
        }
    }

    func testEveryValueFallsBetweenItsBucketsBounds() {
        var values: [Int64] = Array(0...5000)
        for power in 10..<63 { values += [1 << power, (1 << power) - 1, (1 << power) + 12345 % (1 << power)] }
        values.append(.max)
        for bits in 0...5 {
            for value in values {
                let index = HistogramBuckets.log2Index(value, bits: bits)
                let low = HistogramPrinter.log2Bound(index - 1, bits: bits).value
                let high = HistogramPrinter.log2Bound(index, bits: bits).value
                XCTAssertTrue(low <= UInt64(value), "k=\(bits) v=\(value) index \(index) starts at \(low)")
                // The top bucket's end, 2^63, is still above Int64.max.
                XCTAssertTrue(UInt64(value) < high, "k=\(bits) v=\(value) index \(index) ends at \(high)")
            }
        }
    }

    func testBpftracesFineGrainedHistogramOfZeroTo1023() throws {
        var buckets: [Int: UInt64] = [:]
        for value in 0..<1024 { buckets[HistogramBuckets.log2Index(Int64(value), bits: 3), default: 0] += 1 }
        let map = MapSnapshot(name: "@", isKeyed: false, entries: [(key: [], value: .log2Hist(bits: 3, buckets: buckets))])
        try check("hist_bits") { $0.map(map, top: 0, divisor: 0) }

        // The same buckets as bpftrace's expected JSON: single values to 15, then 8 per power of two.
        var expected: [[String: Int]] = (0...15).map { ["min": $0, "max": $0, "count": 1] }
        for power in 4...9 {
            let width = 1 << (power - 3)
            for step in 0..<8 {
                let min = (1 << power) + step * width
                expected.append(["min": min, "max": min + width - 1, "count": width])
            }
        }
        let line = JSONFormatter().map(map, top: 0, divisor: 0)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let rows = try XCTUnwrap((object["data"] as? [String: Any])?["@"] as? [[String: Int]])
        XCTAssertEqual(rows, expected)
    }

    /// bpftrace's hist_index_label takes the K/M/... suffix out of the power of two only: with
    /// k = 2, 1024 sits in [1024, 1280) (2^8 * 4 and 2^8 * 5), 4M in [4M, 5M) (2^20 * 4 and * 5).
    func testSuffixesComeFromThePowerOfTwoAlone() {
        func bucket(_ value: Int64) -> String {
            let index = HistogramBuckets.log2Index(value, bits: 2)
            return HistogramPrinter.log2Rows([index: 1], divisor: 1, bits: 2)[0].label
        }
        XCTAssertEqual(bucket(1024), "[1024, 1280)")
        XCTAssertEqual(bucket(1 << 22), "[4M, 5M)")
        XCTAssertEqual(bucket(7), "[7]")
        XCTAssertEqual(bucket(8), "[8, 10)")
    }
}
