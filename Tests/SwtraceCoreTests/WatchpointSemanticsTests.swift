// Semantic analysis of function watchpoints and unwatch(): targets and probe names as bpftrace
// forms them, and the errors of bad forms, each with its exact message.
import XCTest
@testable import SwtraceCore

final class WatchpointSemanticsTests: XCTestCase {
    private func analyze(_ text: String, traced: Bool = true) throws -> CheckedProgram {
        var catalogue = DocumentationCatalogue()
        if traced { catalogue.tracedProcess = TracedProcess(pid: 77, path: "/bin/prog") }
        let source = SourceFile(name: "stdin", text: text)
        return try SemanticAnalyzer.analyze(try Parser.parse(source), source: source, options: SemanticOptions(catalogue: catalogue))
    }

    private func errors(_ text: String, traced: Bool = true) -> [String] {
        do {
            _ = try analyze(text, traced: traced)
            return []
        } catch let error as DiagnosticError {
            return error.diagnostics.filter { $0.severity == .error }.map(\.message)
        } catch {
            return ["unexpected: \(error)"]
        }
    }

    func testFunctionWatchpointTargets() throws {
        let checked = try analyze("w:increment+arg0:8:rw, aw:decrement+arg5:1:w { unwatch(0x1000); }")
        XCTAssertEqual(checked.probes[0].attachPoints, [
            ResolvedAttachPoint(target: .functionWatchpoint(FunctionWatchpoint(path: "/bin/prog", function: "increment", argument: 0, length: 8,
                                                                               mode: "rw", pid: 77, stopsTracee: true)),
                                probeName: "watchpoint:/bin/prog:increment:8:rw", programKind: .perfEvent),
            ResolvedAttachPoint(target: .functionWatchpoint(FunctionWatchpoint(path: "/bin/prog", function: "decrement", argument: 5, length: 1,
                                                                               mode: "w", pid: 77, stopsTracee: false)),
                                probeName: "asyncwatchpoint:/bin/prog:decrement:5:1:w", programKind: .perfEvent),
        ])
    }

    func testBadFunctionWatchpoints() {
        XCTAssertEqual(errors("w:f+arg0:4:w { }", traced: false),
                       ["Invalid attach point 'w:f+arg0:4:w': -p PID or -c CMD required for watchpoint"])
        XCTAssertEqual(errors("w:f+arg6:4:w { }"), ["Invalid attach point 'w:f+arg6:4:w': x86_64 doesn't support arg6"])
        XCTAssertEqual(errors("w:f+arg:4:w { }"), ["Invalid attach point 'w:f+arg:4:w': Invalid function argument"])
        XCTAssertEqual(errors("w:f+1:4:w { }"), ["Invalid attach point 'w:f+1:4:w': Invalid function argument"])
        XCTAssertEqual(errors("w:+arg1:4:w { }"), ["Invalid attach point 'w:+arg1:4:w': Invalid function/address argument"])
        XCTAssertEqual(errors("w:f+arg1:3:w { }"), ["Invalid attach point 'w:f+arg1:3:w': watchpoint length must be one of (1,2,4,8)"])
        XCTAssertEqual(errors("w:f+arg1:4:r { }"), ["Invalid attach point 'w:f+arg1:4:r': invalid watchpoint mode: r"])
        XCTAssertEqual(errors("aw:0x1000:4:w { }"), ["Invalid attach point 'aw:0x1000:4:w': asyncwatchpoint requires a function name"])
    }

    func testUnwatchTakesOneInteger() {
        XCTAssertEqual(errors("BEGIN { unwatch(1); unwatch((uint64)0x10); }"), [])
        XCTAssertEqual(errors("BEGIN { unwatch(comm); }"), ["unwatch() expects an integer as argument 1 (string[16] provided)"])
        XCTAssertEqual(errors("BEGIN { unwatch(); }"), ["unwatch() requires 1 argument (0 provided)"])
        XCTAssertEqual(errors("BEGIN { $x = unwatch(1); }"), ["unwatch() returns no value, so it cannot be assigned"])
    }
}
