// Colour only on a terminal: error headers red, warning headers yellow when stderr is a
// terminal (a pty from script(1)); plain text into pipes (OutputIntegrationTests checks files
// and pipes carry no escape codes).
import Foundation
import XCTest
@testable import SwtraceCLI

final class TerminalColourTests: XCTestCase {
    private let red = "\u{1b}[31m", yellow = "\u{1b}[33m", reset = "\u{1b}[0m"

    func testOnlyHeaderLinesAreColouredBySeverity() {
        let diagnostic = """
            stdin:1:14-30: ERROR: Unknown function: 'nosuchfunction'
            BEGIN { @x = nosuchfunction(); }
                         ~~~~~~~~~~~~~~~~
            HINT: check the name

            """
        XCTAssertEqual(TerminalColour.colourise(diagnostic), """
            \(red)stdin:1:14-30: ERROR: Unknown function: 'nosuchfunction'\(reset)
            BEGIN { @x = nosuchfunction(); }
                         ~~~~~~~~~~~~~~~~
            HINT: check the name

            """)
        XCTAssertEqual(TerminalColour.colourise("dir/a:b.bt:2-4: WARNING: spans lines\n"),
                       "\(yellow)dir/a:b.bt:2-4: WARNING: spans lines\(reset)\n")
        XCTAssertEqual(TerminalColour.colourise("WARNING: Total lost event count: 3\n"),
                       "\(yellow)WARNING: Total lost event count: 3\(reset)\n")
        XCTAssertEqual(TerminalColour.colourise("ERROR: no program given\n"), "\(red)ERROR: no program given\(reset)\n")
        // Not headers: lost-event reports, and text that merely mentions a severity.
        for plain in ["Lost 5 events\n", "Attached 1 probe\n", "printf: ERROR: not a location\n", "x ERROR: y\n"] {
            XCTAssertEqual(TerminalColour.colourise(plain), plain)
        }
    }

    func testColourNeedsATerminalAndRespectsNoColour() {
        XCTAssertTrue(TerminalColour.wantsColour(isTerminal: true, environment: ["TERM": "xterm-256color"]))
        XCTAssertTrue(TerminalColour.wantsColour(isTerminal: true, environment: [:]))
        XCTAssertFalse(TerminalColour.wantsColour(isTerminal: false, environment: ["TERM": "xterm"]))
        XCTAssertFalse(TerminalColour.wantsColour(isTerminal: true, environment: ["NO_COLOR": "1"]))
        XCTAssertTrue(TerminalColour.wantsColour(isTerminal: true, environment: ["NO_COLOR": ""]))
        XCTAssertFalse(TerminalColour.wantsColour(isTerminal: true, environment: ["TERM": "dumb"]))
        // bpftrace's switch wins either way; anything else is `auto`.
        XCTAssertTrue(TerminalColour.wantsColour(isTerminal: false, environment: ["BPFTRACE_COLOR": "always"]))
        XCTAssertTrue(TerminalColour.wantsColour(isTerminal: true, environment: ["BPFTRACE_COLOR": "always", "NO_COLOR": "1"]))
        XCTAssertFalse(TerminalColour.wantsColour(isTerminal: true, environment: ["BPFTRACE_COLOR": "never"]))
        XCTAssertTrue(TerminalColour.wantsColour(isTerminal: true, environment: ["BPFTRACE_COLOR": "auto"]))
        XCTAssertFalse(TerminalColour.wantsColour(isTerminal: false, environment: ["BPFTRACE_COLOR": "auto"]))
    }

    /// BPFTRACE_COLOR=never keeps a terminal plain; =always colours a pipe.
    func testBpftraceColorOverridesTheTerminalCheck() throws {
        try Executables.requireRoot()
        let program = "BEGIN { @x = nosuchfunction(); }"
        let plain = try onTerminal([Executables.swtrace, "-e", program], environment: ["BPFTRACE_COLOR": "never"])
        XCTAssertTrue(plain.hasPrefix("stdin:1:14-30: ERROR: Unknown function"), plain)
        XCTAssertFalse(plain.contains("\u{1b}"), plain)
        let piped = try Swtrace.runToEnd(["-e", program], environment: ["BPFTRACE_COLOR": "always"], timeout: 60)
        XCTAssertTrue(piped.stderr.hasPrefix("\(red)stdin:1:14-30: ERROR: Unknown function: 'nosuchfunction'\(reset)\n"), piped.transcript)
    }

    /// The real binary on a pseudo-terminal: a compile error, then a run with warnf()/errorf()
    /// and a printf that only looks like a message (it goes to stdout, uncoloured).
    func testMessagesOnATerminalAreColoured() throws {
        try Executables.requireRoot()
        let broken = try onTerminal([Executables.swtrace, "-e", "BEGIN { @x = nosuchfunction(); }"])
        XCTAssertEqual(broken, """
            \(red)stdin:1:14-30: ERROR: Unknown function: 'nosuchfunction'\(reset)
            BEGIN { @x = nosuchfunction(); }
                         ~~~~~~~~~~~~~~~~

            """)
        let run = try onTerminal([Executables.swtrace, "-e",
                                  #"BEGIN { printf("stdin:1:1-2: ERROR: fake\n"); warnf("w %d", 1); errorf("bad"); exit(); }"#])
        XCTAssertEqual(run, """
            Attached 1 probe
            stdin:1:1-2: ERROR: fake
            \(yellow)stdin:1:47-63: WARNING: w 1\(reset)
            \(red)stdin:1:65-78: ERROR: bad\(reset)



            """)
    }

    /// Runs `arguments` with stdin, stdout and stderr on a pty (script(1)); returns what the
    /// terminal received, with the pty's CR LF turned back into LF.
    private func onTerminal(_ arguments: [String], environment extra: [String: String] = [:]) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            throw XCTSkip("script(1) is not installed")
        }
        let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", quoted, "/dev/null"]
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm"
        environment["NO_COLOR"] = nil
        environment["BPFTRACE_COLOR"] = nil
        environment.merge(extra) { $1 }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
    }
}
