// buf()'s type: capacity max_strlen - 4 (bpftrace keeps 4 bytes for the count the buffer
// carries), fixed by a literal length or an array's size, the whole cap for a run-time length;
// the buffer's storage is that count (u32) then the bytes.
import XCTest
@testable import SwtraceCore

final class BufferTypeTests: XCTestCase {
    private func bufferTypes(_ arguments: [String], maxStringSize: Int = 64) throws -> [SwType] {
        let text = "kprobe:f { "
            + arguments.enumerated().map { "@m\($0.offset) = buf(\($0.element));" }.joined(separator: " ") + " }"
        let source = SourceFile(name: "stdin", text: text)
        let checked = try SemanticAnalyzer.analyze(try Parser.parse(source), source: source,
            options: SemanticOptions(catalogue: FixedCatalogue(), requireKernelFeatures: false, maxStringSize: maxStringSize))
        return checked.maps.map(\.value)
    }

    func testCapacities() throws {
        XCTAssertEqual(try bufferTypes(["arg0, arg1", "arg0, 5", "arg0, 100", "arg0, 60", "comm",
                                        "comm, arg1", "\"ab\", 1", "arg0, (uint8)arg2"]),
                       [.buffer(size: 60), .buffer(size: 5), .buffer(size: 60), .buffer(size: 60), .buffer(size: 16),
                        .buffer(size: 60), .buffer(size: 1), .buffer(size: 60)])
    }

    func testCapacityFollowsMaxStrlen() throws {
        XCTAssertEqual(try bufferTypes(["arg0, arg1", "arg0, 2000"], maxStringSize: 1024),
                       [.buffer(size: 1020), .buffer(size: 1020)])
        XCTAssertEqual(try bufferTypes(["arg0, arg1"], maxStringSize: 3), [.buffer(size: 1)])
    }

    func testStorageIsTheCountThenTheBytes() {
        XCTAssertEqual(SwType.buffer(size: 60).byteSize, 64)
        XCTAssertEqual(SwType.buffer(size: 60).alignment, 4)
        XCTAssertEqual(RecordLayout([.uint8, .buffer(size: 3), .uint8]).offsets, [0, 4, 11])
    }

    func testNegativeLiteralLength() {
        XCTAssertEqual(kernelFreeErrors("kprobe:f { printf(\"%r\\n\", buf(arg0, -8)); }"), """
            stdin:1:37-39: ERROR: buf(): cannot use a negative length (-8)
            kprobe:f { printf("%r\\n", buf(arg0, -8)); }
                                                ~~

            """)
    }

    func testLengthRequiredForPointers() {
        XCTAssertEqual(kernelFreeErrors("kprobe:f { printf(\"%r\\n\", buf(arg0)); }"), """
            stdin:1:27-36: ERROR: buf(): the length is required unless the data is an array
            kprobe:f { printf("%r\\n", buf(arg0)); }
                                      ~~~~~~~~~

            """)
    }
}
