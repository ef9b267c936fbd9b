// Completions/: the committed scripts are what the argument parsers generate today, and
// swtrace's bash completion completes probe names from the live kernel in a real bash.
import Foundation
import XCTest

final class CompletionTests: XCTestCase {
    static let executables = ["swtrace", "opensnoop", "syscount", "readhist", "vfsreadlat"]

    func testCommittedScriptsAreWhatTheParsersGenerate() throws {
        for executable in Self.executables {
            try Built.require(executable)
            for (shell, file) in [("bash", "bash/\(executable)"), ("zsh", "zsh/_\(executable)"),
                                  ("fish", "fish/\(executable).fish")] {
                let generated = try runTool(executable, ["--generate-completion-script", shell])
                XCTAssertEqual(generated.status, 0, generated.transcript)
                let committed = try String(contentsOfFile: Built.packageRoot + "/Completions/" + file, encoding: .utf8)
                XCTAssertEqual(generated.stdout, committed, "Completions/\(file) is stale: run sh Completions/generate.sh")
            }
        }
    }

    func testCompleteProbesListsMatchingProbeNames() throws {
        try Built.requireRoot("swtrace")
        let exact = try runTool("swtrace", ["--complete-probes", "tracepoint:syscalls:sys_enter_getpp"])
        XCTAssertEqual(exact.stdout, "tracepoint:syscalls:sys_enter_getppid\n", exact.transcript)
        let providers = try runTool("swtrace", ["--complete-probes", "kr"])
        XCTAssertEqual(providers.stdout, "kretprobe:\n", providers.transcript)
        let syscalls = try runTool("swtrace", ["--complete-probes", "tracepoint:sys"]).lines.filter { !$0.isEmpty }
        XCTAssertTrue(syscalls.contains("tracepoint:syscalls:sys_exit_read"), "\(syscalls.prefix(5))")
        XCTAssertTrue(syscalls.allSatisfy { $0.hasPrefix("tracepoint:sys") }, "\(syscalls.prefix(5))")
    }

    /// Types into an interactive bash in tmux: `tracepoint:sys<TAB>` completes to the common
    /// prefix (bash escapes the colon it inserts), `nter_getpp<TAB>` to the one tracepoint, and
    /// running the line lists it.
    func testBashCompletesTracepointNamesInTmux() throws {
        try Built.requireRoot("swtrace")
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"), "tmux is not installed")
        let session = "swtrace-completion-\(getpid())"
        let rc = FileManager.default.temporaryDirectory.appendingPathComponent("\(session).bashrc").path
        try """
            PS1='$ '
            PATH=\(Built.directory):$PATH
            source \(Built.packageRoot)/Completions/bash/swtrace

            """.write(toFile: rc, atomically: true, encoding: .utf8)
        defer {
            _ = try? runTool("/usr/bin/tmux", ["-L", session, "kill-server"])
            try? FileManager.default.removeItem(atPath: rc)
        }
        // Its own server (-L), started with system(): a server forked under Process keeps it "running".
        let started = system("/usr/bin/tmux -L \(session) new-session -d -s \(session) -x 200 -y 50 "
                             + "'bash --norc --noprofile --rcfile \(rc) -i' </dev/null >/dev/null 2>&1")
        XCTAssertEqual(started, 0)
        func keys(_ keys: String...) throws { _ = try runTool("/usr/bin/tmux", ["-L", session, "send-keys", "-t", session] + keys) }
        func screen() throws -> [String] {
            try runTool("/usr/bin/tmux", ["-L", session, "capture-pane", "-p", "-t", session]).lines.filter { !$0.isEmpty }
        }
        func waitForLastLine(_ expected: String) throws {
            let shown = waitUntil(20) { ((try? screen()) ?? []).last == expected }
            XCTAssertTrue(shown, "expected \(expected.debugDescription), screen: \((try? screen()) ?? [])")
        }
        try keys("source \(rc)", "Enter")
        try waitForLastLine("$")
        try keys("swtrace -l tracepoint:sys", "Tab")
        try waitForLastLine(#"$ swtrace -l tracepoint:syscalls\:sys_e"#)
        try keys("nter_getpp", "Tab")
        try waitForLastLine(#"$ swtrace -l tracepoint:syscalls\:sys_enter_getppid"#)
        try keys("Enter")
        let listed = waitUntil(20) { ((try? screen()) ?? []).contains("tracepoint:syscalls:sys_enter_getppid") }
        XCTAssertTrue(listed, "\((try? screen()) ?? [])")
    }
}
