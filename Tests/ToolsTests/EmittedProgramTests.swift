// What --emit prints is a complete swtrace program: for option combinations the other tests do
// not run for real, swtrace compiles it and the kernel's verifier loads it (--dry-run).
import Foundation
import XCTest

final class EmittedProgramTests: XCTestCase {
    func testEmittedProgramsLoad() throws {
        try Built.requireRoot("swtrace", "opensnoop", "syscount", "readhist", "vfsreadlat")
        let cgroup = SyscountTests.cgroup2Root ?? "/sys/fs/cgroup"
        let combinations: [(String, [String])] = [
            ("opensnoop", ["-U"]),
            ("opensnoop", ["-x", "-U", "-e", "-t", "1", "-u", "0"]),
            ("syscount", ["-P", "-L", "-x", "--comm", "a", "-c", cgroup]),
            ("syscount", ["-e", "ENOENT", "-L", "-i", "2", "-d", "4"]),
            ("readhist", ["--linear", "0,100,10", "-c", "x", "-i", "1", "-d", "3"]),
            ("vfsreadlat", ["--probe-type", "tracepoint", "-m", "-i", "2", "-d", "4"]),
        ]
        for (tool, options) in combinations {
            let emitted = try runTool(tool, ["--emit"] + options)
            XCTAssertEqual(emitted.status, 0, "\(tool) \(options): \(emitted.transcript)")
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(tool)-\(UUID()).bt").path
            defer { try? FileManager.default.removeItem(atPath: file) }
            try emitted.stdout.write(toFile: file, atomically: true, encoding: .utf8)
            let loaded = try runTool("swtrace", ["--dry-run", file])
            XCTAssertEqual(loaded.status, 0, "\(tool) \(options): \(loaded.transcript)")
        }
    }
}
