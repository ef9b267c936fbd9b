// Strings that are not UTF-8, end to end: a process whose comm holds bytes 0xff 0xfe, matched
// against string literals spelt with escapes, printed with printf and as map keys, in text
// (the raw bytes, as bpftrace) and JSON (bpftrace's \uffffffNN escapes).
import Foundation
import XCTest

final class ByteStringIntegrationTests: XCTestCase {
    override func setUpWithError() throws { try Executables.requireRoot() }

    /// A comm of `sw`, 0xff, 0xfe and an ASCII suffix no other process has (12 bytes).
    private func rawComm() -> (bytes: [UInt8], hex: String, literal: String) {
        let suffix = uniqueName("", length: 8)
        let bytes = Array("sw".utf8) + [0xFF, 0xFE] + Array(suffix.utf8)
        let hex = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        return (bytes, hex, #"sw\xff\376"# + suffix)
    }

    private func program(_ literal: String) -> String {
        """
        tracepoint:syscalls:sys_enter_getppid /comm == "\(literal)"/ {
          printf("%s|%d|%d|%d|\\xab\\n", comm, strncmp(comm, "sw\\xff\\xfe", 4), strncmp(comm, "sw\\xff\\xfd", 4), sizeof("\\xff\\251"));
          @[comm, "\\xab"] = count();
        }
        """
    }

    func testTextOutputCarriesTheExactBytes() throws {
        let comm = rawComm()
        let workload = try Workload(["--comm-bytes", comm.hex, "getppid", "2"])
        let result = try Swtrace.trace(program: program(comm.literal), during: workload)
        XCTAssertEqual(result.status, 0, result.transcript)
        let line = comm.bytes + Array("|0|1|3|".utf8) + [0xAB, 0x0A]
        let mapLine = Array("@[".utf8) + comm.bytes + Array(", ".utf8) + [0xAB] + Array("]: 2\n".utf8)
        XCTAssertEqual(result.stdoutBytes, line + line + [0x0A, 0x0A] + mapLine, result.transcript)
    }

    func testJSONOutputEscapesTheBytesAsBpftrace() throws {
        let comm = rawComm()
        let workload = try Workload(["--comm-bytes", comm.hex, "getppid", "1"])
        let result = try Swtrace.trace(["-f", "json", "-e", program(comm.literal)], during: workload)
        XCTAssertEqual(result.status, 0, result.transcript)
        let suffix = String(decoding: comm.bytes[4...], as: UTF8.self)
        XCTAssertEqual(result.stdoutLines, [
            #"{"type": "attached_probes", "count": 1, "data": {"probes": 1}}"#,
            #"{"type": "printf", "data": "sw\uffffffff\ufffffffe"# + suffix + #"|0|1|3|\uffffffab\n"}"#,
            #"{"type": "map", "data": {"@": {"sw\uffffffff\ufffffffe"# + suffix + #",\uffffffab": 1}}}"#,
        ], result.transcript)
    }
}
