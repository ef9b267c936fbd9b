// -c child handling and signal watching.

import Glibc
@testable import SwtraceRuntime
import XCTest

final class ProcessTests: XCTestCase {
    func testCommandIsHeldUntilStarted() throws {
        let marker = "/tmp/swtrace-traced-\(getpid())"
        unlink(marker)
        let command = try TracedCommand(command: "/bin/sh -c 'touch \(marker); exit 3'")
        XCTAssertGreaterThan(command.pid, 0)
        usleep(100_000)
        XCTAssertFalse(command.hasExited)
        XCTAssertNotEqual(access(marker, F_OK), 0, "the command must not run before start()")
        command.start()
        XCTAssertEqual(command.waitForExit(), 3)
        XCTAssertTrue(command.hasExited)
        XCTAssertEqual(access(marker, F_OK), 0)
        unlink(marker)
    }

    func testTerminateStopsARunningCommand() throws {
        let command = try TracedCommand(command: "sleep 30")
        command.start()
        command.terminate()
        XCTAssertEqual(command.waitForExit(), 128 + SIGTERM)
    }

    func testSignalsSetTheFlag() {
        SignalWatcher.install()
        SignalWatcher.reset()
        XCTAssertFalse(SignalWatcher.shouldExit)
        raise(SIGTERM)
        XCTAssertTrue(SignalWatcher.shouldExit)
        XCTAssertEqual(SignalWatcher.reset(), SIGTERM)
        XCTAssertFalse(SignalWatcher.shouldExit)
    }
}
