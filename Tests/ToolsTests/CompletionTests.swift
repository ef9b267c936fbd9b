// Completions/: the committed scripts are what the argument parsers generate today, and
// swtrace's bash completion completes probe names from the live kernel in a real bash.
import Foundation
import SwtraceCLI
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
        let shell = try InteractiveBash(sourcing: ["swtrace"])
        try shell.keys("swtrace -l tracepoint:sys", "Tab")
        try shell.waitForLastLine(#"$ swtrace -l tracepoint:syscalls\:sys_e"#)
        try shell.keys("nter_getpp", "Tab")
        try shell.waitForLastLine(#"$ swtrace -l tracepoint:syscalls\:sys_enter_getppid"#)
        try shell.keys("Enter")
        let listed = waitUntil(20) { ((try? shell.screen()) ?? []).contains("tracepoint:syscalls:sys_enter_getppid") }
        XCTAssertTrue(listed, "\((try? shell.screen()) ?? [])")
    }

    /// The tools complete -c/--comm with the names of running processes and -p with their ids.
    func testBashCompletesProcessNamesAndIdsInTmux() throws {
        try Built.require("readhist", "syscount")
        let name = "cmpl" + String(UUID().uuidString.prefix(8)).lowercased()
        let process = try HeldWorkload(["getppid", "1"], comm: name)
        let shell = try InteractiveBash(sourcing: ["readhist", "syscount"])
        try shell.keys("readhist -c \(name.prefix(8))", "Tab")
        try shell.waitForLastLine("$ readhist -c \(name)")
        try shell.keys("C-u", "syscount -p \(process.pid)", "Tab")
        try shell.waitForLastLine("$ syscount -p \(process.pid)")
        XCTAssertEqual(ToolCompletion.pids(prefix: String(process.pid)).first, String(process.pid))
        XCTAssertEqual(ToolCompletion.comms(prefix: name), [name])
    }
}

/// An interactive bash in its own tmux server (-L), with completion scripts sourced.
final class InteractiveBash {
    let session = "swtrace-completion-\(getpid())-\(UUID().uuidString.prefix(6))"
    let rc: String

    init(sourcing executables: [String]) throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"), "tmux is not installed")
        rc = FileManager.default.temporaryDirectory.appendingPathComponent("\(session).bashrc").path
        try (["PS1='$ '", "PATH=\(Built.directory):$PATH"]
             + executables.map { "source \(Built.packageRoot)/Completions/bash/\($0)" })
            .map { $0 + "\n" }.joined().write(toFile: rc, atomically: true, encoding: .utf8)
        // Started with system(): a server forked under Process keeps it "running".
        let started = system("/usr/bin/tmux -L \(session) new-session -d -s \(session) -x 200 -y 50 "
                             + "'bash --norc --noprofile --rcfile \(rc) -i' </dev/null >/dev/null 2>&1")
        XCTAssertEqual(started, 0)
        try keys("source \(rc)", "Enter")
        try waitForLastLine("$")
    }

    deinit {
        _ = try? runTool("/usr/bin/tmux", ["-L", session, "kill-server"])
        try? FileManager.default.removeItem(atPath: rc)
    }

    func keys(_ keys: String...) throws {
        _ = try runTool("/usr/bin/tmux", ["-L", session, "send-keys", "-t", session] + keys)
    }

    func screen() throws -> [String] {
        try runTool("/usr/bin/tmux", ["-L", session, "capture-pane", "-p", "-t", session]).lines.filter { !$0.isEmpty }
    }

    func waitForLastLine(_ expected: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let shown = waitUntil(20) { ((try? screen()) ?? []).last == expected }
        XCTAssertTrue(shown, "expected \(expected.debugDescription), screen: \((try? screen()) ?? [])", file: file, line: line)
    }
}
