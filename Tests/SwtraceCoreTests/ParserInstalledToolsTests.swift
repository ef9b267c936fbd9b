// Every bpftrace tool script installed on this machine (e.g. /usr/sbin/opensnoop.bt) parses:
// real scripts with shebangs, #include, #ifdef BPFTRACE_HAVE_BTF, casts and multi-probe blocks.

import Foundation
import XCTest
@testable import SwtraceCore

final class ParserInstalledToolsTests: XCTestCase {
    func testInstalledToolScriptsParse() throws {
        let directories = ["/usr/sbin", "/usr/share/bpftrace/tools"]
        var scripts: [String] = []
        for dir in directories {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            scripts += names.filter { $0.hasSuffix(".bt") }.sorted().map { dir + "/" + $0 }
        }
        try XCTSkipIf(scripts.isEmpty, "no bpftrace tool scripts installed")
        for path in scripts {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            let source = SourceFile(name: path, text: text)
            do {
                let program = try Parser.parse(source)
                XCTAssertFalse(program.probes.isEmpty, path)
            } catch let error as DiagnosticError {
                XCTFail(DiagnosticRenderer.render(error.diagnostics, in: source))
            }
        }
    }
}
