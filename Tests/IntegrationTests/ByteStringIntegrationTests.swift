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
          printf("%s|%d|%d|%d|%d|%d|\\xab\\n", comm, strncmp(comm, "sw\\xff\\xfe", 4), strncmp(comm, "sw\\xff\\xfd", 4),
                 sizeof("\\xff\\251"), strcontains(comm, "\\xff\\xfe"), strcontains(comm, "\\xfe\\xff"));
          @[comm, "\\xab"] = count();
        }
        """
    }

    func testTextOutputCarriesTheExactBytes() throws {
        let comm = rawComm()
        let workload = try Workload(["--comm-bytes", comm.hex, "getppid", "2"])
        let result = try Swtrace.trace(program: program(comm.literal), during: workload)
        XCTAssertEqual(result.status, 0, result.transcript)
        let line = comm.bytes + Array("|0|1|3|1|0|".utf8) + [0xAB, 0x0A]
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
            #"{"type": "printf", "data": "sw\uffffffff\ufffffffe"# + suffix + #"|0|1|3|1|0|\uffffffab\n"}"#,
            #"{"type": "map", "data": {"@": {"sw\uffffffff\ufffffffe"# + suffix + #",\uffffffab": 1}}}"#,
        ], result.transcript)
    }

    /// A program file in Latin-1: its raw 0xe9 inside a literal is one byte, as bpftrace reads it;
    /// buf() and print() of literals with escapes show the same bytes.
    func testProgramFileBytesThatAreNotUTF8() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(uniqueName("swtb-") + ".bt")
        defer { try? FileManager.default.removeItem(at: path) }
        // `~` stands for the raw byte 0xe9 in the file.
        let text = #"BEGIN { printf("%s|%d|%r|~\n", "caf~", sizeof("caf~"), buf("\xab\xcd", 2)); print("\xfe"); exit(); }"#
        let program = text.utf8.map { $0 == UInt8(ascii: "~") ? 0xE9 : $0 }
        try Data(program).write(to: path)
        let result = try Swtrace.runToEnd([path.path])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdoutBytes, Array("caf".utf8) + [0xE9] + Array(#"|5|\xab\xcd|"#.utf8) + [0xE9, 0x0A, 0xFE, 0x0A, 0x0A, 0x0A],
                       result.transcript)
    }

    /// cat() of a file whose name and contents hold 0xfe/0xff, and system() output with 0xfe:
    /// the bytes reach stdout unchanged.
    func testCatAndSystemKeepRawBytes() throws {
        let name = FileManager.default.temporaryDirectory.path + "/" + uniqueName("swtb-")
        let path = Array(name.utf8) + [0xFE]
        let fd = (path + [0]).withUnsafeBufferPointer {
            $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        }
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { (path + [0]).withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { _ = unlink($0.baseAddress!) } } }
        let contents: [UInt8] = [0x61, 0xFF, 0x62, 0x0A]
        XCTAssertEqual(write(fd, contents, contents.count), contents.count)
        close(fd)
        let result = try Swtrace.runToEnd(["--unsafe", "-e", #"BEGIN { cat("\#(name)\xfe"); system("printf 'x\\376'"); exit(); }"#])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdoutBytes, contents + [0x78, 0xFE, 0x0A, 0x0A, 0x0A], result.transcript)
    }

    /// `-e` text and a positional parameter holding bytes that are not UTF-8 (the shell makes
    /// them: Process arguments are Strings): str($1), $1 + 1 and the literal keep every byte.
    func testRawBytesFromTheCommandLine() throws {
        let program = #"BEGIN { printf("%s|%d|%s|%s\n", str($1), sizeof(str($1)), str($1 + 1), "x~"); exit(); }"#
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        // tr puts the raw byte 0xe9 where the program has `~`.
        shell.arguments = ["-c", #"exec "$0" -e "$(printf '%s' "$1" | tr '~' '\351')" "$(printf 'a\377b')""#, Executables.swtrace, program]
        let output = Pipe()
        shell.standardOutput = output
        shell.standardError = FileHandle.nullDevice
        try shell.run()
        let bytes = [UInt8](output.fileHandleForReading.readDataToEndOfFile())
        shell.waitUntilExit()
        XCTAssertEqual(shell.terminationStatus, 0)
        XCTAssertEqual(bytes, [0x61, 0xFF, 0x62] + Array("|4|".utf8) + [0xFF, 0x62, 0x7C, 0x78, 0xE9, 0x0A, 0x0A, 0x0A])
    }

    /// time() and strftime() formats with raw bytes around the conversions keep them.
    func testTimeFormatsKeepRawBytes() throws {
        let result = try Swtrace.runToEnd(["-e", #"BEGIN { time("%Y\xfe|\n"); printf("%s\n", strftime("%H\xfd%f", nsecs)); exit(); }"#])
        XCTAssertEqual(result.status, 0, result.transcript)
        let bytes = result.stdoutBytes
        let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
        XCTAssertEqual(bytes.count, 4 + 3 + 2 + 1 + 6 + 1 + 2, result.transcript)
        guard bytes.count == 19 else { return }
        XCTAssertTrue(bytes[0..<4].allSatisfy(isDigit), result.transcript)
        XCTAssertEqual(Array(bytes[4..<7]), [0xFE, 0x7C, 0x0A])
        XCTAssertTrue(bytes[7..<9].allSatisfy(isDigit), result.transcript)
        XCTAssertEqual(bytes[9], 0xFD)
        XCTAssertTrue(bytes[10..<16].allSatisfy(isDigit), result.transcript)
        XCTAssertEqual(Array(bytes[16...]), [0x0A, 0x0A, 0x0A])
    }
}
