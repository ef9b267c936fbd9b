// How a tool hands its program to the session: under the tool's own name, so that a kernel that
// lacks something the program needs gets diagnostics at `opensnoop.bt:LINE:COL` (the lines
// `--emit` prints), not at `stdin`.
import ArgumentParser
@testable import SwtraceCLI
import XCTest

final class ToolRunOptionsTests: XCTestCase {
    func testToolProgramsAreNamedAfterTheTool() throws {
        var program = ToolProgram(template: "BEGIN { exit(); }\n")
        program.define("FLAG")
        let options = try ToolOptions.parse(["-f", "json", "-o", "/tmp/out", "-v"])
        let run = ToolRunner.runOptions(program, options: options, tool: "readhist")
        XCTAssertEqual(run.program, .embedded("#define FLAG\nBEGIN { exit(); }\n", name: "readhist.bt"))
        XCTAssertEqual(run.format, .json)
        XCTAssertEqual(run.outputPath, "/tmp/out")
        XCTAssertTrue(run.verbose)
        XCTAssertFalse(run.warnings)

        let source = try ProgramCompilation.loadSource(run.program!)
        XCTAssertEqual(source.name, "readhist.bt")
        XCTAssertEqual(source.text, "#define FLAG\nBEGIN { exit(); }\n")
    }
}
