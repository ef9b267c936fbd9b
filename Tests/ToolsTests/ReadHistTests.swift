// readhist against swtrace-workload reading known sizes: exact histogram buckets.
import Foundation
import XCTest

final class ReadHistTests: XCTestCase {
    static let banner = "Tracing read() sizes... Hit Ctrl-C to end."

    func testPowerOfTwoBucketsOfTheBytesReturned() throws {
        try Built.requireRoot("readhist")
        let workload = try HeldWorkload(["read", "100", "3", "read", "4096", "2", "read", "0", "1"])
        let result = try trace("readhist", ["-p", String(workload.pid)], header: Self.banner, workload: workload)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdout, """
            Tracing read() sizes... Hit Ctrl-C to end.


            @bytes:
            [0]                    1 |@@@@@@@@@@@@@@@@@                                   |
            [1]                    0 |                                                    |
            [2, 4)                 0 |                                                    |
            [4, 8)                 0 |                                                    |
            [8, 16)                0 |                                                    |
            [16, 32)               0 |                                                    |
            [32, 64)               0 |                                                    |
            [64, 128)              3 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
            [128, 256)             0 |                                                    |
            [256, 512)             0 |                                                    |
            [512, 1K)              0 |                                                    |
            [1K, 2K)               0 |                                                    |
            [2K, 4K)               0 |                                                    |
            [4K, 8K)               2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@                  |


            """, result.transcript)
        XCTAssertEqual(result.stderr, "Attached 2 probes\n", "a tool prints no warnings about its own program")
    }

    func testLinearBucketsByCommand() throws {
        try Built.requireRoot("readhist")
        let workload = try HeldWorkload(["read", "100", "3", "read", "4096", "2", "read", "0", "1"], comm: "readhist-comm")
        let result = try trace("readhist", ["-c", "readhist-comm", "--linear", "0,5000,1000"], header: Self.banner,
                               workload: workload, interrupt: true)
        XCTAssertEqual(result.stdout, """
            Tracing read() sizes... Hit Ctrl-C to end.


            @bytes:
            [0, 1000)              4 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
            [1000, 2000)           0 |                                                    |
            [2000, 3000)           0 |                                                    |
            [3000, 4000)           0 |                                                    |
            [4000, 5000)           2 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |


            """, result.transcript)
    }

    /// The kernel keeps 15 bytes of a process name: -c with the whole longer name matches the
    /// process, and readhist says which name it matches.
    func testLongNameIsCutAsTheKernelCutsIt() throws {
        try Built.requireRoot("readhist")
        let name = "rh" + String(UUID().uuidString.prefix(8)).lowercased() + "-long-name"
        let kept = String(name.prefix(15))
        let workload = try HeldWorkload(["read", "100", "2"], comm: name)
        let result = try trace("readhist", ["-c", name], header: Self.banner, workload: workload, interrupt: true)
        XCTAssertEqual(result.stdout, """
            Tracing read() sizes... Hit Ctrl-C to end.


            @bytes:
            [64, 128)              2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|


            """, result.transcript)
        XCTAssertEqual(result.stderr, "readhist: process names are at most 15 bytes: matching '\(kept)'\n"
                       + "Attached 2 probes\n", result.transcript)
        let emitted = try runTool("readhist", ["--emit", "-c", "abcdefghijklmn\u{e9}z"])
        XCTAssertTrue(emitted.stdout.hasPrefix("#define TASK_FILTER (comm == \"abcdefghijklmn\")\n"),
                      "é would be bytes 15 and 16: the name is cut before it: \(emitted.transcript)")
    }

    func testIntervalPrintsAndResets() throws {
        try Built.requireRoot("readhist")
        let workload = try HeldWorkload(["read", "8", "2", "sleep", "2500", "read", "8", "5"])
        let result = try trace("readhist", ["-p", String(workload.pid), "-i", "1"], header: Self.banner, workload: workload)
        let counts = result.lines.filter { $0.hasPrefix("[8, 16)") }.compactMap {
            Int($0.dropFirst(16).prefix(8).trimmingCharacters(in: .whitespaces))
        }
        XCTAssertEqual(counts.reduce(0, +), 7, result.transcript)
        XCTAssertGreaterThanOrEqual(counts.count, 2, result.transcript)
        let stamps = result.lines.filter { $0.range(of: #"^\d\d:\d\d:\d\d$"#, options: .regularExpression) != nil }
        XCTAssertGreaterThanOrEqual(stamps.count, 1, result.transcript)
    }

    /// -i with -f json: each summary is a "time" record, then the histogram's record (none for an
    /// interval without reads, as in text); the counts of all summaries add up to the reads made.
    func testIntervalInJSON() throws {
        try Built.requireRoot("readhist")
        let workload = try HeldWorkload(["read", "8", "2", "sleep", "2500", "read", "8", "5"])
        let result = try trace("readhist", ["-p", String(workload.pid), "-i", "1", "-f", "json"],
                               header: "attached_probes", workload: workload)
        XCTAssertEqual(result.status, 0, result.transcript)
        let records = result.lines.dropLast()
        XCTAssertEqual(Array(records.prefix(2)), [
            #"{"type": "attached_probes", "count": 4, "data": {"probes": 4}}"#,
            #"{"type": "printf", "data": "Tracing read() sizes... Hit Ctrl-C to end.\n"}"#,
        ], result.transcript)
        let time = #"^\{"type": "time", "data": "\d\d:\d\d:\d\d\\n"\}$"#
        let hist = #"^\{"type": "hist", "data": \{"@bytes": \[\{"min": 8, "max": 15, "count": (\d+)\}\]\}\}$"#
        var counts: [Int] = []
        var previous = ""
        for record in records.dropFirst(2) {
            if record.range(of: time, options: .regularExpression) == nil {
                let match = try XCTUnwrap(try NSRegularExpression(pattern: hist)
                    .firstMatch(in: record, range: NSRange(record.startIndex..., in: record)), result.transcript)
                XCTAssertNotNil(previous.range(of: time, options: .regularExpression), "stamped: \(result.transcript)")
                counts.append(Int(record[Range(match.range(at: 1), in: record)!])!)
            }
            previous = record
        }
        XCTAssertEqual(counts.reduce(0, +), 7, result.transcript)
        XCTAssertGreaterThanOrEqual(counts.count, 2, "the reads 2.5 s apart fall in different intervals: \(result.transcript)")
    }

    /// -d ends a run that -c filters (no process to wait for); -f json -o FILE writes the records.
    func testDurationJSONAndOutputFile() throws {
        try Built.requireRoot("readhist")
        let comm = "rh-" + String(UUID().uuidString.prefix(8)).lowercased()
        let workload = try HeldWorkload(["read", "100", "3", "read", "4096", "2"], comm: comm)
        let started = Date()
        let result = try traceToFile("readhist", ["-c", comm, "-d", "3", "-f", "json"], header: "attached_probes",
                                     workload: workload)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertLessThan(Date().timeIntervalSince(started), 20, result.transcript)
        XCTAssertEqual(result.stdout, """
            {"type": "attached_probes", "count": 3, "data": {"probes": 3}}
            {"type": "printf", "data": "Tracing read() sizes... Hit Ctrl-C to end.\\n"}
            {"type": "hist", "data": {"@bytes": [{"min": 64, "max": 127, "count": 3},\
            {"min": 128, "max": 255, "count": 0},{"min": 256, "max": 511, "count": 0},\
            {"min": 512, "max": 1023, "count": 0},{"min": 1024, "max": 2047, "count": 0},\
            {"min": 2048, "max": 4095, "count": 0},{"min": 4096, "max": 8191, "count": 2}]}}

            """, result.transcript)
    }

    func testEmitAndBadLinearBounds() throws {
        try Built.require("readhist")
        let result = try runTool("readhist", ["--emit", "-c", "sshd", "--linear", "0,4096,512", "-i", "2", "-d", "9"])
        let template = try String(contentsOfFile: Built.packageRoot + "/Tools/readhist/readhist.bt", encoding: .utf8)
        XCTAssertEqual(result.stdout, """
            #define TASK_FILTER (comm == "sshd")
            #define LINEAR 0, 4096, 512

            """ + template + """

            interval:s:2
            {
              time("%H:%M:%S\\n");
              print(@bytes);
              clear(@bytes);
            }

            interval:s:9
            {
              exit();
            }

            END
            {
              time("%H:%M:%S\\n");
            }

            """)
        for bad in ["0,100", "10,5,1", "0,100,0", "a,b,c", "0,100000,1"] {
            XCTAssertEqual(try runTool("readhist", ["--linear", bad]).status, 64, bad)
        }
    }
}
