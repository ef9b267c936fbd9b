// Completions/: the committed scripts are what the argument parsers generate today, and
// swtrace's bash completion completes probe names from the live kernel in a real bash.
import Foundation
import SwtraceCLI
import XCTest

final class CompletionTests: XCTestCase {
    static let executables = ["swtrace", "opensnoop", "syscount", "readhist", "vfsreadlat"]

    func testCommittedScriptsAreWhatTheParsersGenerate() throws {
        for executable in Self.executables { try Built.require(executable) }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("completions-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let generated = try runTool("/bin/sh", [Built.packageRoot + "/Completions/generate.sh", Built.directory, out])
        XCTAssertEqual(generated.status, 0, generated.transcript)
        for executable in Self.executables {
            for file in ["bash/\(executable)", "zsh/_\(executable)", "fish/\(executable).fish"] {
                let fresh = try String(contentsOfFile: out + "/" + file, encoding: .utf8)
                let committed = try String(contentsOfFile: Built.packageRoot + "/Completions/" + file, encoding: .utf8)
                XCTAssertEqual(fresh, committed, "Completions/\(file) is stale: run sh Completions/generate.sh")
                // None of the executables has a `help` subcommand: no script may offer one.
                for offer in ["compgen -W 'help'", ":->command'", "-fa 'help'"] {
                    XCTAssertFalse(committed.contains(offer), "Completions/\(file) offers a help subcommand")
                }
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
        let shell = try InteractiveShell(sourcing: ["swtrace"])
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
        let shell = try InteractiveShell(sourcing: ["readhist", "syscount"])
        try shell.keys("readhist -c \(name.prefix(8))", "Tab")
        try shell.waitForLastLine("$ readhist -c \(name)")
        // The pid without its last digit: TAB completes it when no other pid shares the prefix,
        // else a second TAB lists the candidates. Either way the pid appears only by completion.
        try shell.keys("C-u", "syscount -p \(String(process.pid).dropLast())", "Tab", "Tab")
        let shown = waitUntil(20) {
            ((try? shell.screen()) ?? []).contains { $0.split(separator: " ").contains(Substring(String(process.pid))) }
        }
        XCTAssertTrue(shown, "\((try? shell.screen()) ?? [])")
        XCTAssertEqual(ToolCompletion.pids(prefix: String(process.pid)).first, String(process.pid))
        XCTAssertEqual(ToolCompletion.comms(prefix: name), [name])
    }
}

/// zsh and fish load the committed scripts as installed (zsh from $fpath through compinit, fish
/// from $fish_complete_path) and complete probe names, process names and options with them.
final class OtherShellCompletionTests: XCTestCase {
    func testZshCompletesProbeAndProcessNamesInTmux() throws {
        try Built.requireRoot("swtrace", "readhist")
        try completesProbeAndProcessNames(try InteractiveShell(shell: .zsh))
    }

    func testFishCompletesProbeAndProcessNamesInTmux() throws {
        try Built.requireRoot("swtrace", "readhist")
        try completesProbeAndProcessNames(try InteractiveShell(shell: .fish))
    }

    func completesProbeAndProcessNames(_ shell: InteractiveShell) throws {
        // swtrace's rest positional (extra arguments) once made zsh's _arguments fail on every TAB.
        try shell.keys("swtrace -l tracepoint:syscalls:sys_enter_getpp", "Tab")
        try shell.waitForLastLine("$ swtrace -l tracepoint:syscalls:sys_enter_getppid")
        try shell.clearLine()
        try shell.keys("swtrace -l tracepoint:sys", "Tab")
        try shell.waitForLastLine("$ swtrace -l tracepoint:syscalls:sys_e", lineOfScreen: 0)
        let name = "cmpl" + String(UUID().uuidString.prefix(8)).lowercased()
        let process = try HeldWorkload(["getppid", "1"], comm: name)
        try shell.clearLine()
        try shell.keys("readhist -c \(name.prefix(8))", "Tab")
        try shell.waitForLastLine("$ readhist -c \(name)", lineOfScreen: 0)
        try shell.clearLine()
        try shell.keys("readhist --lin", "Tab")
        try shell.waitForLastLine("$ readhist --linear", lineOfScreen: 0)
        withExtendedLifetime(process) {}
    }
}

/// An interactive shell (bash by default) in its own tmux server (-L), with the completion
/// scripts of `executables` loaded the way that shell finds installed ones.
final class InteractiveShell {
    enum Shell: String { case bash, zsh, fish }

    let shell: Shell
    let session = "swtrace-completion-\(getpid())-\(UUID().uuidString.prefix(6))"
    let rc: String

    init(sourcing executables: [String] = [], shell: Shell = .bash) throws {
        self.shell = shell
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"), "tmux is not installed")
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/\(shell.rawValue)"),
                          "\(shell.rawValue) is not installed (make deps installs it)")
        rc = FileManager.default.temporaryDirectory.appendingPathComponent("\(session).\(shell.rawValue)rc").path
        let completions = Built.packageRoot + "/Completions"
        let lines: [String]
        let command: String
        switch shell {
        case .bash:
            lines = ["PS1='$ '", "PATH=\(Built.directory):$PATH"]
                + executables.map { "source \(completions)/bash/\($0)" }
            command = "bash --norc --noprofile --rcfile \(rc) -i"
        case .zsh:
            lines = ["PS1='$ '", "PATH=\(Built.directory):$PATH", "fpath=(\(completions)/zsh $fpath)",
                     "autoload -Uz compinit && compinit -u -D"]
            command = "zsh -f -i"
        case .fish:
            lines = ["function fish_prompt; echo -n '$ '; end", "set -g fish_greeting ''",
                     "set -gx PATH \(Built.directory) $PATH",
                     "set -g fish_complete_path \(completions)/fish $fish_complete_path"]
            command = "fish --no-config --private -i"
        }
        try lines.map { $0 + "\n" }.joined().write(toFile: rc, atomically: true, encoding: .utf8)
        // Started with system(): a server forked under Process keeps it "running".
        let started = system("/usr/bin/tmux -L \(session) new-session -d -s \(session) -x 200 -y 50 "
                             + "'\(command)' </dev/null >/dev/null 2>&1")
        XCTAssertEqual(started, 0)
        try keys("source \(rc)", "Enter")
        try waitForLastLine("$")
        try keys("clear", "Enter")
        try waitForLastLine("$", lineOfScreen: 0)
    }

    deinit {
        _ = try? runTool("/usr/bin/tmux", ["-L", session, "kill-server"])
        try? FileManager.default.removeItem(atPath: rc)
    }

    func keys(_ keys: String...) throws {
        _ = try runTool("/usr/bin/tmux", ["-L", session, "send-keys", "-t", session] + keys)
    }

    /// Empties the command line (fish first closes its list of candidates; in bash and zsh an
    /// Escape would make the next key a meta key).
    func clearLine() throws {
        if shell == .fish { try keys("Escape") }
        try keys("C-u")
    }

    func screen() throws -> [String] {
        try runTool("/usr/bin/tmux", ["-L", session, "capture-pane", "-p", "-t", session]).lines.filter { !$0.isEmpty }
    }

    /// Waits until the screen's last non-empty line (or the one at `lineOfScreen`: fish lists
    /// candidates below the command line) is `expected`.
    func waitForLastLine(_ expected: String, lineOfScreen: Int? = nil, file: StaticString = #filePath,
                         line: UInt = #line) throws {
        let shown = waitUntil(20) {
            let lines = (try? screen()) ?? []
            guard let lineOfScreen else { return lines.last == expected }
            return lines.indices.contains(lineOfScreen) && lines[lineOfScreen] == expected
        }
        XCTAssertTrue(shown, "expected \(expected.debugDescription), screen: \((try? screen()) ?? [])", file: file, line: line)
    }
}
