// buf(ptr, len) with a run-time length, against write(2)s whose bytes the test chose: the
// buffer holds min(len, cap) bytes (cap = max_strlen - 4) and prints them as bpftrace does,
// printable ASCII kept and other bytes as \xNN, in printf, map keys and map values.
import Foundation
import XCTest

final class BufferIntegrationTests: XCTestCase {
    override func setUpWithError() throws { try Executables.requireRoot() }

    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// 100 bytes: 0x1e, 0x1f, then ' ' (0x20) onwards; the first 60 fit the default cap.
    private let long = (0..<100).map { UInt8(30 + $0) }

    /// Events: writes of "hello", of 41 ff 0a 00, of nothing, and of the 100 bytes.
    private func writes() throws -> Workload {
        try Workload(["write-bytes", hex(Array("hello".utf8)), "1", "write-bytes", "41ff0a00", "1",
                      "write-bytes", "", "1", "write-bytes", hex(long), "1"])
    }

    func testPrintfOfARunTimeLength() throws {
        let workload = try writes()
        let result = try Swtrace.trace(program: """
            tracepoint:syscalls:sys_enter_write /pid == \(workload.pid)/ { printf("%r|%rx|%rh\\n", buf(args.buf, args.count), buf(args.buf, args.count), buf(args.buf, args.count)); }
            """, during: workload)
        XCTAssertEqual(result.status, 0, result.transcript)
        let first60 = long.prefix(60)
        let escaped = ##"\x1e\x1f !"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXY"##
        XCTAssertEqual(result.stdoutLines, [
            #"hello|\x68\x65\x6c\x6c\x6f|68 65 6c 6c 6f"#,
            #"A\xff\x0a\x00|\x41\xff\x0a\x00|41 ff 0a 00"#,
            "||",
            escaped + "|" + first60.map { #"\x"# + hex([$0]) }.joined() + "|" + first60.map { hex([$0]) }.joined(separator: " "),
        ], result.transcript)
    }

    func testMapKeysAndValuesOfARunTimeLength() throws {
        let workload = try writes()
        let result = try Swtrace.trace(program: """
            config = { max_strlen = 16 }
            tracepoint:syscalls:sys_enter_write /pid == \(workload.pid)/ {
              @keys[buf(args.buf, args.count)] = sum(args.count);
              @values[args.count] = buf(args.buf, args.count);
            }
            """, during: workload)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, #"""
            @keys[]: 0
            @keys[A\xff\x0a\x00]: 4
            @keys[hello]: 5
            @keys[\x1e\x1f !"#$%&'()]: 100
            @values[0]: 
            @values[4]: A\xff\x0a\x00
            @values[5]: hello
            @values[100]: \x1e\x1f !"#$%&'()
            """#, result.transcript)
    }

    func testJSONOfARunTimeLength() throws {
        let workload = try Workload(["write-bytes", "41ff0a00", "1"])
        let result = try Swtrace.trace(["-f", "json", "-e", """
            tracepoint:syscalls:sys_enter_write /pid == \(workload.pid)/ { @[buf(args.buf, args.count)] = buf(args.buf, args.count - 1); }
            """], during: workload)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdoutLines.last, #"{"type": "map", "data": {"@": {"A\\xff\\x0a\\x00": [65,-1,10]}}}"#, result.transcript)
    }

    /// A run-time length on a string value: only the bytes held count, so "hello" and "help!"
    /// cut to 3 bytes are one map key.
    func testRunTimeLengthOfAStringValue() throws {
        let workload = try Workload(["write-bytes", hex(Array("hello".utf8)), "1", "write-bytes", hex(Array("help!".utf8)), "1"])
        let result = try Swtrace.trace(program: """
            tracepoint:syscalls:sys_enter_write /pid == \(workload.pid)/ { $s = str(args.buf, args.count + 1); @[buf($s, args.count - 2)] = count(); }
            """, during: workload)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, "@[hel]: 2", result.transcript)
    }
}
