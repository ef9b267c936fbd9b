// The ring buffer's reader thread end to end: records copied out in 1 MiB chunks come back
// complete and in the kernel's order, and what the kernel dropped is reported.
import Foundation
import XCTest

final class RingBufferIntegrationTests: XCTestCase {
    override func setUpWithError() throws {
        try Executables.requireRoot()
    }

    /// 60k numbered printf events with the default ring (the string argument makes each record
    /// some 90 bytes: about 5 MiB of copies, several chunks): the numbers arrive in increasing
    /// order, each once, and with the reported losses (none on an idle machine) they account
    /// for every call.
    func testEventsArriveInOrderAcrossChunks() throws {
        let calls = 60_000
        let comm = uniqueName("rbord")
        let program = """
            tracepoint:syscalls:sys_enter_getppid /comm == "\(comm)"/ { @n++; printf("%d %s\\n", @n, "padding-to-widen-the-record"); }
            """
        let command = "\(Executables.workload) --comm \(comm) getppid \(calls)"

        let result = try Swtrace.runToEnd(["-c", command, "-e", program], timeout: 120)

        XCTAssertEqual(result.status, 0, result.transcript.prefix(2000).description)
        var previous = 0
        var delivered = 0
        for line in result.stdoutLines where !line.isEmpty && !line.hasPrefix("@n") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, parts[1] == "padding-to-widen-the-record", let number = Int(parts[0]) else {
                return XCTFail("unexpected line: \(line)")
            }
            XCTAssertGreaterThan(number, previous, "out of order after \(previous)")
            previous = number
            delivered += 1
        }
        let lost = result.stderrLines.compactMap { line -> Int? in
            let parts = line.split(separator: " ")
            return parts.count == 3 && parts[0] == "Lost" ? Int(parts[1]) : nil
        }.reduce(0, +)
        XCTAssertEqual(delivered + lost, calls, "delivered \(delivered) + lost \(lost)")
        XCTAssertEqual(result.stdoutLines.last(where: { !$0.isEmpty }), "@n: \(calls)")
    }
}
