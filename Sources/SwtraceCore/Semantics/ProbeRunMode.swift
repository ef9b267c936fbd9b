// Which probes of a program run: bpftrace's test:NAME and bench:NAME probes run only in its
// --test and --bench modes (and there, no tracing probe is attached); in the ordinary mode they
// are checked and then dropped.

public enum ProbeRunMode: String, Sendable, CaseIterable {
    /// Attach the tracing probes; test:/bench: probes do not run.
    case trace
    /// `--test`: BEGIN, each test:NAME probe once (in order), END.
    case test
    /// `--bench`: BEGIN, each bench:NAME probe repeatedly (in order), END.
    case bench

    /// Whether an attach point with `target` stays in the checked program in this mode.
    /// Tracing probes stay in every mode (they are compiled and loaded, which catches what the
    /// verifier refuses); the run decides what it attaches.
    public func keeps(_ target: AttachTarget) -> Bool {
        switch target {
        case .test: return self == .test
        case .bench: return self == .bench
        default: return true
        }
    }
}
