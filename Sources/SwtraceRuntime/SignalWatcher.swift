// SIGINT/SIGTERM -> a flag the run loop polls (handlers installed with sigaction; the handler
// only stores the signal number, which is async-signal-safe).

import CLibbpf
import Glibc

public enum SignalWatcher {
    /// Installs the handlers for SIGINT and SIGTERM (and any extra signals given).
    public static func install(signals: [Int32] = [SIGINT, SIGTERM]) {
        for signal in signals { _ = swtrace_install_signal_handler(signal) }
    }

    /// The last signal received and not yet taken, or nil.
    public static var receivedSignal: Int32? {
        let value = swtrace_peek_received_signal()
        return value == 0 ? nil : value
    }

    /// True if SIGINT/SIGTERM arrived since the last `reset()`.
    public static var shouldExit: Bool { receivedSignal != nil }

    /// Returns and clears the pending signal.
    @discardableResult
    public static func reset() -> Int32? {
        let value = swtrace_take_received_signal()
        return value == 0 ? nil : value
    }
}
