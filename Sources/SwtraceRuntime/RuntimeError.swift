// Errors raised while talking to the kernel, each rendered as one clear sentence for the user.

import Glibc

public enum RuntimeError: Error, CustomStringConvertible, Equatable {
    case tracefsUnavailable(reason: String)
    case fileUnreadable(path: String, reason: String)
    case objectOpenFailed(reason: String)
    case programNotFound(name: String)
    case mapNotFound(name: String)
    case mapIndexOutOfRange(Int)
    /// The verifier (or the kernel) refused the program; `log` is the tail of the verifier log.
    case loadFailed(reason: String, log: String)
    case attachFailed(probe: String, reason: String)
    case missingKernelFeature(probe: String, feature: String)
    case probeNotFound(probe: String)
    case symbolNotFound(path: String, symbol: String)
    /// Not in `path`, but in `library` (libc, for the functions glibc 2.34 moved out of libpthread).
    case symbolInOtherLibrary(path: String, symbol: String, library: String)
    case testRunFailed(program: String, reason: String)
    case ringBufferFailed(reason: String)
    case mapOperationFailed(map: String, operation: String, reason: String)
    case malformedEvent(reason: String)
    case commandFailed(command: String, reason: String)
    /// An iterator could not be pinned at `path` (iter:NAME:PIN).
    case pinFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .tracefsUnavailable(let reason):
            return "tracefs is not available: \(reason)"
        case .fileUnreadable(let path, let reason):
            return "could not read \(path): \(reason)"
        case .objectOpenFailed(let reason):
            return "could not open the compiled BPF object: \(reason)"
        case .programNotFound(let name):
            return "the compiled BPF object has no program named '\(name)'"
        case .mapNotFound(let name):
            return "the compiled BPF object has no map named '\(name)'"
        case .mapIndexOutOfRange(let index):
            return "no map with index \(index) in the runtime plan"
        case .loadFailed(let reason, let log):
            return log.isEmpty ? "failed to load the BPF program: \(reason)"
                : "failed to load the BPF program: \(reason)\nverifier log:\n\(log)"
        case .attachFailed(let probe, let reason):
            return "failed to attach probe \(probe): \(reason)"
        case .missingKernelFeature(let probe, let feature):
            return "cannot attach probe \(probe): this kernel does not support \(feature)"
        case .probeNotFound(let probe):
            return "probe not found: \(probe)"
        case .symbolNotFound(let path, let symbol):
            return "could not resolve symbol \(symbol) in \(path)"
        case .symbolInOtherLibrary(let path, let symbol, let library):
            return "could not resolve symbol \(symbol) in \(path): it is in \(library) (uprobe:libc:\(symbol))"
        case .testRunFailed(let program, let reason):
            return "failed to run \(program): \(reason)"
        case .ringBufferFailed(let reason):
            return "ring buffer failure: \(reason)"
        case .mapOperationFailed(let map, let operation, let reason):
            return "failed to \(operation) map \(map): \(reason)"
        case .malformedEvent(let reason):
            return "malformed event from the kernel: \(reason)"
        case .commandFailed(let command, let reason):
            return "failed to run command '\(command)': \(reason)"
        case .pinFailed(let path, let reason):
            return "Failed to pin iter probe link to \(path): \(reason)"
        }
    }
}

/// Text for an errno value, e.g. "No such file or directory (errno 2)".
func errnoDescription(_ code: Int32) -> String {
    let value = abs(code)
    return "\(String(cString: strerror(value))) (errno \(value))"
}

extension RuntimeError {
    /// The helper (kernel name without `bpf_`, e.g. `d_path`) the verifier refused where the
    /// program calls it: not allowed in this probe, unknown to this kernel, or not for this
    /// program type.
    public var refusedHelper: String? {
        guard case .loadFailed(_, let log) = self else { return nil }
        return Self.refusedHelper(inVerifierLog: log)
    }

    static func refusedHelper(inVerifierLog log: String) -> String? {
        var lastCall: String?
        for line in log.split(separator: "\n") {
            if let name = helperName(in: line, after: "unknown func bpf_") { return name }
            if let name = helperName(in: line, after: "cannot use helper bpf_") { return name }
            if let name = helperName(in: line, after: "call bpf_") { lastCall = name }
            if line.contains("helper call is not allowed in probe") || line.contains("helper call might sleep") {
                return lastCall
            }
        }
        return nil
    }

    /// `bpf_d_path#147` after `marker` -> "d_path".
    private static func helperName(in line: Substring, after marker: String) -> String? {
        guard let start = line.range(of: marker)?.upperBound else { return nil }
        let name = line[start...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        return name.isEmpty ? nil : String(name)
    }
}

extension RuntimeError {
    /// A function the binary or the kernel does not define (missing_probes applies): dcsnoop.bt
    /// or biolatency.bt name kernel functions of several kernel versions side by side.
    var isMissingSymbol: Bool {
        switch self {
        case .symbolNotFound, .symbolInOtherLibrary: return true
        case .attachFailed(_, let reason): return reason == KprobeAttacher.noSuchFunction
        default: return false
        }
    }
}
