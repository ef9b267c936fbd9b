// --test, --bench and --mode on the command line, without running anything.
import XCTest
@testable import SwtraceCLI
import SwtraceCore

final class RunModeArgumentTests: XCTestCase {
    func parse(_ arguments: [String]) throws -> RunOptions {
        try SwtraceCommandMain.runOptions(from: arguments, fileExists: { _ in false })
    }

    func errorMessage(_ arguments: [String]) -> String? {
        do {
            _ = try parse(arguments)
            return nil
        } catch {
            return SwtraceCommandMain.message(for: error)
        }
    }

    func testModeFlags() throws {
        XCTAssertEqual(try parse(["-e", "test:a {}"]).runMode, .trace)
        XCTAssertEqual(try parse(["--test", "-e", "test:a {}"]).runMode, .test)
        XCTAssertEqual(try parse(["--bench", "-e", "bench:a {}"]).runMode, .bench)
        XCTAssertEqual(try parse(["--mode", "test", "-e", "test:a {}"]).runMode, .test)
        XCTAssertEqual(try parse(["--mode=bench", "x.bt"]).runMode, .bench)
    }

    func testModesConflictAsInBpftrace() {
        XCTAssertEqual(errorMessage(["--test", "--bench", "-e", "test:a {}"]), "USAGE: --bench conflicts with existing --mode")
        XCTAssertEqual(errorMessage(["--bench", "--test", "-e", "test:a {}"]), "USAGE: --test conflicts with existing --mode")
        XCTAssertEqual(errorMessage(["--test", "--test", "-e", "test:a {}"]), "USAGE: --test conflicts with existing --mode")
        XCTAssertEqual(errorMessage(["--mode", "test", "--bench", "-e", "test:a {}"]), "USAGE: --bench conflicts with existing --mode")
        XCTAssertEqual(errorMessage(["--mode", "codegen", "-e", "test:a {}"]), "USAGE: --mode can only be 'bench' or 'test'.")
    }
}
