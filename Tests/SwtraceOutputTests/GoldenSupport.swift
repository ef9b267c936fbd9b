// Golden-file helpers shared by the golden tests: render with both printers, compare with
// Golden/<name>.txt and Golden/<name>.json, and check that every JSON line parses.
// SWTRACE_RECORD_GOLDEN=1 rewrites the files in the source tree instead (review the diff).
import Foundation
import SwtraceCore
@testable import SwtraceOutput
import XCTest

extension XCTestCase {
    /// Renders with both printers and compares with the golden files.
    func check(_ name: String, file: StaticString = #filePath, line: UInt = #line,
               _ render: (any OutputFormatter) -> String) throws {
        if ProcessInfo.processInfo.environment["SWTRACE_RECORD_GOLDEN"] != nil {
            let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
            try render(TextFormatter()).write(to: directory.appendingPathComponent(name + ".txt"), atomically: true, encoding: .utf8)
            try render(JSONFormatter()).write(to: directory.appendingPathComponent(name + ".json"), atomically: true, encoding: .utf8)
            return
        }
        XCTAssertEqual(render(TextFormatter()), try golden(name, "txt"), "text of \(name)", file: file, line: line)
        try checkJSON(name, render(JSONFormatter()), file: file, line: line)
    }

    func checkJSON(_ name: String, _ output: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let expected = try golden(name, "json")
        XCTAssertEqual(output, expected, "JSON of \(name)", file: file, line: line)
        XCTAssertTrue(output.isEmpty || output.hasSuffix("\n"), "JSON output ends each object with a newline", file: file, line: line)
        for jsonLine in output.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(jsonLine.utf8))
            XCTAssertNotNil(object as? [String: Any], "each JSON line is an object: \(jsonLine)", file: file, line: line)
        }
    }

    /// Compares one printer's output with Golden/<name>.<ext> (or records it).
    func checkFile(_ name: String, _ ext: String, _ output: String, file: StaticString = #filePath, line: UInt = #line) throws {
        if ProcessInfo.processInfo.environment["SWTRACE_RECORD_GOLDEN"] != nil {
            let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
            try output.write(to: directory.appendingPathComponent(name + "." + ext), atomically: true, encoding: .utf8)
            return
        }
        XCTAssertEqual(output, try golden(name, ext), "\(ext) of \(name)", file: file, line: line)
    }

    func golden(_ name: String, _ ext: String) throws -> String {
        let url = try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Golden"),
                                "missing Golden/\(name).\(ext)")
        return try String(contentsOf: url, encoding: .utf8)
    }

    func scalar(_ name: String, _ value: MapEntryValue) -> MapSnapshot {
        MapSnapshot(name: name, isKeyed: false, entries: [(key: [], value: value)])
    }

    func keyed(_ name: String, _ entries: [(String, MapEntryValue)]) -> MapSnapshot {
        MapSnapshot(name: name, isKeyed: true, entries: entries.map { (key: [Value.string($0.0)], value: $0.1) })
    }
}
