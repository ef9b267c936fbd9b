// `-c CMD`: the child is spawned stopped (before exec) so probes can be attached first, then
// resumed; its exit ends the trace.

import Glibc

public final class TracedCommand {
    public let command: String
    public private(set) var pid: Int32
    private var exitStatus: Int32?

    /// Spawns `/bin/sh -c 'kill -STOP $$; exec CMD'` and waits until it has stopped itself.
    public init(command: String) throws {
        self.command = command
        let script = "kill -STOP $$; exec \(command)"
        let arguments = ["/bin/sh", "-c", script]
        var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, "/bin/sh", nil, nil, &cArguments, environ)
        guard result == 0 else {
            throw RuntimeError.commandFailed(command: command, reason: errnoDescription(result))
        }
        pid = child
        var status: Int32 = 0
        while true {
            let waited = waitpid(child, &status, WUNTRACED)
            if waited < 0 && errno == EINTR { continue }
            guard waited == child else {
                throw RuntimeError.commandFailed(command: command, reason: errnoDescription(errno))
            }
            break
        }
        if !Self.stopped(status) {
            exitStatus = Self.exitCode(status)
            throw RuntimeError.commandFailed(command: command, reason: "the shell exited before starting it")
        }
    }

    deinit { terminate() }

    /// Lets the child run (exec the command).
    public func start() {
        kill(pid, SIGCONT)
    }

    /// Blocks until the child exits; its exit code (128 + signal if killed), nil if unknown.
    public func waitForExit() -> Int32? {
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        while true {
            let waited = waitpid(pid, &status, 0)
            if waited < 0 && errno == EINTR { continue }
            guard waited == pid else { return nil }
            if Self.stopped(status) { continue }
            exitStatus = Self.exitCode(status)
            return exitStatus
        }
    }

    /// True once the child has exited (checked without blocking).
    public var hasExited: Bool {
        if exitStatus != nil { return true }
        var status: Int32 = 0
        let waited = waitpid(pid, &status, WNOHANG)
        if waited == pid, !Self.stopped(status) {
            exitStatus = Self.exitCode(status)
            return true
        }
        return waited < 0 && errno == ECHILD
    }

    /// The exit code once known.
    public var exitCode: Int32? { exitStatus }

    /// Sends SIGTERM (and SIGCONT, in case it is still held) if the child is still running,
    /// as bpftrace does when it stops tracing first.
    public func terminate() {
        guard !hasExited else { return }
        kill(pid, SIGTERM)
        kill(pid, SIGCONT)
    }

    private static func stopped(_ status: Int32) -> Bool { status & 0xff == 0x7f }

    private static func exitCode(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
