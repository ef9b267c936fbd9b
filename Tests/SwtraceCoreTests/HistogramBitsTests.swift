// hist(n, k): k is a literal 0...5 (bpftrace's semantic_analyser call_hist cases), and the map
// holds a histogram with k bits of subdivision per power of two.
import XCTest
@testable import SwtraceCore

final class HistogramBitsTests: XCTestCase {
    func testBitsChooseTheHistogramLayout() throws {
        let checked = try kernelFreeAnalysis("kprobe:f { @a = hist(1); @b = hist(1, 0); @c = hist(1, 5); @d[comm] = hist(arg0, 2); }")
        XCTAssertEqual(checked.maps.map(\.value), [
            .aggregation(.hist), .aggregation(.hist), .aggregation(.log2Hist(bits: 5)), .aggregation(.log2Hist(bits: 2)),
        ])
    }

    func testBitsOutsideZeroToFiveAreReportedOnTheCall() {
        XCTAssertEqual(kernelFreeErrors("kprobe:f { @x = hist(1, 10); }"), """
            stdin:1:17-28: ERROR: hist: bits 10 must be 0..5
            kprobe:f { @x = hist(1, 10); }
                            ~~~~~~~~~~~

            """)
        XCTAssertEqual(kernelFreeErrors("kprobe:f { @x = hist(1, -1); }"), """
            stdin:1:17-28: ERROR: hist: bits -1 must be 0..5
            kprobe:f { @x = hist(1, -1); }
                            ~~~~~~~~~~~

            """)
    }

    // bpftrace's call_lhist_posparam: numeric positional parameters are literals to hist and lhist.
    func testNumericPositionalParametersAreLiterals() throws {
        let checked = try kernelFreeAnalysis("kprobe:f { @h = hist(1, $1); @l = lhist(5, $2, $3, $1); }", arguments: ["2", "0", "10", "hello"])
        XCTAssertEqual(checked.maps.map(\.value), [.aggregation(.log2Hist(bits: 2)), .aggregation(.lhist(min: 0, max: 10, step: 2))])
        XCTAssertTrue(kernelFreeErrors("kprobe:f { @ = lhist(5, $1, $2, $3); }", arguments: ["0", "10", "hello"])
            .contains("lhist() expects an integer as argument 4 (string[6] provided)"))
        XCTAssertTrue(kernelFreeErrors("kprobe:f { @ = hist(5, $1); }", arguments: ["6"]).contains("hist: bits 6 must be 0..5"))
    }

    func testBitsMustBeALiteral() {
        XCTAssertEqual(kernelFreeErrors("kprobe:f { $n = 3; @x = hist(1, $n); }"), """
            stdin:1:25-36: ERROR: hist() expects a int literal (int provided)
            kprobe:f { $n = 3; @x = hist(1, $n); }
                                    ~~~~~~~~~~~

            """)
    }

    func testOneMapKeepsOneLayout() {
        XCTAssertTrue(kernelFreeErrors("kprobe:f { @x = hist(1, 2); @x = hist(2, 2); }") == "no error")
        XCTAssertTrue(kernelFreeErrors("kprobe:f { @x = hist(1, 2); @x = hist(2, 3); }").contains("ERROR: Type mismatch for @x"))
    }
}
