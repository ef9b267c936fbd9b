// kprobe/kretprobe programs tested for real in a guest kernel that has them (../shared/kvm):
// one boot runs every check, each section delimited by a marker line, then each test asserts.
import XCTest
import Foundation
import Glibc

final class GuestKernelTests: XCTestCase {
    /// Output of every guest check, by name; the guest boots once for the whole class.
    nonisolated(unsafe) private static var sections: [String: String]?
    nonisolated(unsafe) private static var bootFailure: String?

    private static let checks: [(name: String, command: String)] = [
        ("lesson6", #"$SWTRACE -e 'kretprobe:vfs_read /comm == "dd"/ { @bytes = lhist(retval, 0, 2000, 200); }' -c 'dd if=/dev/zero of=/dev/null bs=300 count=50 status=none'"#),
        ("lesson7", #"$SWTRACE -e 'kprobe:vfs_read /comm == "dd"/ { @start[tid] = nsecs; } kretprobe:vfs_read /@start[tid]/ { @ns[comm] = hist(nsecs - @start[tid]); @reads[retval] = count(); delete(@start[tid]); }' -c 'dd if=/dev/zero of=/dev/null bs=300 count=50 status=none'"#),
        ("lesson7-verbatim", #"$SWTRACE -e 'kprobe:vfs_read { @start[tid] = nsecs; } kretprobe:vfs_read /@start[tid]/ { @ns[comm] = hist(nsecs - @start[tid]); delete(@start[tid]); }' -c 'dd if=/dev/zero of=/dev/null bs=100 count=5 status=none'"#),
    ]

    private var packageRoot: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    /// The build products folder: where the test bundle is, or its parent on some layouts.
    private var productsDirectory: URL {
        let bundle = Bundle(for: GuestKernelTests.self).bundleURL
        for candidate in [bundle, bundle.deletingLastPathComponent()]
        where FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent("swtrace").path) {
            return candidate
        }
        return bundle
    }

    private func guestOutput() throws -> [String: String] {
        guard getuid() == 0 else { throw XCTSkip("the guest kernel needs root") }
        if let sections = Self.sections { return sections }
        if let failure = Self.bootFailure { throw XCTSkip(failure) }
        let runner = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/kvm/kvm-run.sh").path
        guard FileManager.default.isExecutableFile(atPath: runner) else {
            Self.bootFailure = "no guest kernel runner at \(runner)"
            throw XCTSkip(Self.bootFailure!)
        }
        let swtrace = productsDirectory.appendingPathComponent("swtrace").path
        // The guest sees the host's files read-only but not its /tmp: keep the script in the build folder.
        let script = productsDirectory.appendingPathComponent("guest-checks.sh")
        var text = "SWTRACE=\(swtrace)\n"
        for check in Self.checks {
            text += "echo '=== \(check.name) ==='\n\(check.command) 2>&1\necho \"=== rc $? ===\"\n"
        }
        try text.write(to: script, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [runner, "--timeout", "400", "--", "bash", script.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            XCTFail("guest run failed (\(process.terminationStatus)):\n\(output)")
            Self.bootFailure = "guest run failed"
            throw XCTSkip("guest run failed")
        }
        var sections: [String: String] = [:]
        var current: String?
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("=== "), line.hasSuffix(" ===") {
                let name = String(line.dropFirst(4).dropLast(4))
                if name.hasPrefix("rc ") { sections[current! + ".rc"] = String(name.dropFirst(3)); current = nil }
                else { current = name; sections[name] = "" }
            } else if let current {
                sections[current]! += line + "\n"
            }
        }
        Self.sections = sections
        return sections
    }

    func testLesson6KretprobeLinearHistogramOfReadSizes() throws {
        let sections = try guestOutput()
        XCTAssertEqual(sections["lesson6.rc"], "0")
        let output = try XCTUnwrap(sections["lesson6"])
        XCTAssertTrue(output.hasPrefix("Attached 1 probe\n\n\n@bytes:\n"), output)
        // dd's fifty 300-byte reads; the loader's own reads are larger and land elsewhere.
        XCTAssertTrue(output.contains("\n[200, 400)            50 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"), output)
        XCTAssertTrue(output.hasSuffix("|\n\n"), output)
    }

    func testLesson7ReadLatencyHistogramCountsEveryRead() throws {
        let sections = try guestOutput()
        XCTAssertEqual(sections["lesson7.rc"], "0")
        let output = try XCTUnwrap(sections["lesson7"])
        XCTAssertTrue(output.contains("@reads[300]: 50\n"), output)
        XCTAssertFalse(output.contains("@start["), "every start time is deleted on return:\n\(output)")
        let lines = output.split(separator: "\n")
        let reads = lines.filter { $0.hasPrefix("@reads[") }.compactMap { Int($0.split(separator: " ").last!) }.reduce(0, +)
        let histogram = lines.filter { $0.hasPrefix("[") }
            .compactMap { row in row.split(separator: "|")[0].split(separator: " ").last.flatMap { Int($0) } }.reduce(0, +)
        XCTAssertEqual(histogram, reads, "one latency sample per completed read:\n\(output)")
        XCTAssertTrue(output.contains("@ns[dd]:\n"), output)
    }

    func testLesson7AsWrittenInTheTutorialRuns() throws {
        let sections = try guestOutput()
        XCTAssertEqual(sections["lesson7-verbatim.rc"], "0")
        let output = try XCTUnwrap(sections["lesson7-verbatim"])
        XCTAssertTrue(output.hasPrefix("Attached 2 probes\n"), output)
        XCTAssertTrue(output.contains("@ns[dd]:\n"), output)
    }
}
