// The run-time limits and switches a program can change: bpftrace's config variables, set in
// the script's `config = { ... }` block or by `BPFTRACE_<NAME>` environment variables. As in
// bpftrace, an environment variable wins over the script (the user running the script has the
// last word), and the script wins over the default.

public struct ProgramSettings: Sendable, Equatable {
    public enum StackMode: String, Sendable, CaseIterable { case bpftrace, perf, raw }
    public enum MissingProbes: String, Sendable, CaseIterable { case ignore, warn, error }

    /// Entries per map before updates fail.
    public var maxMapKeys = 4096
    /// Bytes kept of strings read with `str()` and friends, terminating NUL included.
    public var maxStrlen = 64
    /// Pages per CPU of the event buffer (one ring buffer shared by all CPUs); nil keeps 1 MiB.
    public var perfRingBufferPages: Int?
    public var stackMode = StackMode.bpftrace
    public var printMapsOnExit = true
    /// bpftrace's default: attach points that do not exist are skipped with a warning.
    public var missingProbes = MissingProbes.warn
    /// Bytes `cat()` prints of a file.
    public var maxCatBytes = 10240
    /// Probes a program may attach before it is refused (keeps `kprobe:*` from freezing a box).
    public var maxProbes = 1024
    /// Bytes of the kernel verifier's log kept when a program is rejected.
    public var logSize = 1_000_000
    public var cppDemangle = true
    public var lazySymbolication = false
    /// `on_stack_limit`: bpftrace's bound on values kept on the BPF stack. swtrace places
    /// values itself (scratch maps where the stack is short), so it is accepted and unused.
    public var onStackLimit = 32
    /// `license`: the program's license, which must be GPL-compatible for the helpers used.
    public var license = "GPL"
    /// Licenses the kernel treats as GPL-compatible (include/linux/license.h).
    static let gplCompatibleLicenses: Set<String> = [
        "GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL",
    ]
    /// Appended to strings that `str()` had to cut short.
    public var stringTruncationTrailer = ".."
    /// `unstable_map_decl`, `unstable_tseries`, `unstable_addr`: "enable", "warn" or "error".
    /// Semantic analysis applies the script's values (UnstableFeatures.swift); here they are checked.
    public var unstableFeatures: [String: String] = [:]

    public init() {}

    /// Every variable a config block or environment may set, in bpftrace's spelling.
    public static let variableNames = [
        "cpp_demangle", "lazy_symbolication", "license", "log_size", "max_cat_bytes", "max_map_keys",
        "max_probes", "max_strlen", "missing_probes", "on_stack_limit", "perf_rb_pages", "print_maps_on_exit",
        "stack_mode", "str_trunc_trailer",
    ] + UnstableFeatures.all.map(\.configKey)

    public struct Resolution: Sendable {
        public var settings: ProgramSettings
        /// Warnings about the config block.
        public var warnings: [Diagnostic]
        /// Environment variables that were ignored, and why (no source line to point at).
        public var environmentWarnings: [String]
    }

    /// Applies the config block and the environment; throws the config block's errors.
    public static func resolve(config: [ConfigEntry], environment: [String: String]) throws -> Resolution {
        var settings = ProgramSettings()
        var sink = DiagnosticSink()
        var environmentWarnings: [String] = []
        var fromEnvironment: Set<String> = []
        for name in variableNames {
            guard let text = environment["BPFTRACE_" + name.uppercased()] else { continue }
            do {
                try settings.set(name, to: SettingValue(environmentText: text))
                fromEnvironment.insert(name)
            } catch let problem as SettingProblem {
                environmentWarnings.append("ignoring BPFTRACE_\(name.uppercased())=\(text): \(problem.message)")
            }
        }
        for entry in config {
            let name = canonicalName(entry.key)
            if name == "symbol_source" {  // removed from bpftrace: kept only to say so
                sink.report(Diagnostic(id: "deprecated", message: "symbol_source is deprecated and has no effect.", range: entry.range))
                continue
            }
            guard variableNames.contains(name) else {
                var hints: [String] = []
                if let near = SemanticDiagnostics.nearest(name, in: variableNames) { hints.append("did you mean '\(near)'?") }
                // bpftrace underlines the name alone.
                let keyRange = SourceRange(entry.range.start, entry.range.start + entry.key.utf8.count)
                sink.report(Diagnostic(id: "unknown-config-variable", message: "Unrecognized config variable: \(entry.key)",
                                       range: keyRange, hints: hints))
                continue
            }
            guard let value = SettingValue(entry.value) else {
                sink.report(Diagnostic(id: "invalid-config-value",
                                       message: "config variable \(name) needs a literal value (a number, a string, true/false or a name)",
                                       range: entry.value.range))
                continue
            }
            if fromEnvironment.contains(name) {
                sink.report(Diagnostic(id: "config-overridden-by-environment", severity: .warning,
                                       message: "config variable \(name) is also set by BPFTRACE_\(name.uppercased()), whose value wins",
                                       range: entry.range))
                continue
            }
            do {
                try settings.set(name, to: value)
            } catch let problem as SettingProblem {
                // bpftrace's own sentence for a license; "Invalid value for ..." otherwise.
                sink.report(Diagnostic(id: "invalid-config-value",
                                       message: name == "license" ? problem.message : "Invalid value for \(name): \(problem.message)",
                                       range: entry.value.range))
            }
        }
        try sink.throwIfErrors()
        return Resolution(settings: settings, warnings: sink.diagnostics, environmentWarnings: environmentWarnings)
    }

    /// bpftrace accepts `max_map_keys` and `BPFTRACE_MAX_MAP_KEYS` alike in a config block.
    static func canonicalName(_ key: String) -> String {
        let lower = key.lowercased()
        return lower.hasPrefix("bpftrace_") ? String(lower.dropFirst("bpftrace_".count)) : lower
    }

    private mutating func set(_ name: String, to value: SettingValue) throws {
        switch name {
        case "max_map_keys": maxMapKeys = try value.count(atLeast: 1)
        case "max_strlen": maxStrlen = try value.count(atLeast: 1, atMost: 1 << 20)
        case "perf_rb_pages": perfRingBufferPages = try value.powerOfTwo()
        case "max_cat_bytes": maxCatBytes = try value.count(atLeast: 1)
        case "max_probes": maxProbes = try value.count(atLeast: 1)
        case "log_size": logSize = try value.count(atLeast: 1)
        case "stack_mode": stackMode = try value.choice(of: StackMode.self)
        case "missing_probes": missingProbes = try value.choice(of: MissingProbes.self)
        case "print_maps_on_exit": printMapsOnExit = try value.boolean()
        case "cpp_demangle": cppDemangle = try value.boolean()
        case "lazy_symbolication": lazySymbolication = try value.boolean()
        case "str_trunc_trailer": stringTruncationTrailer = try value.text()
        case "on_stack_limit": onStackLimit = try value.count(atLeast: 0)
        case "license":
            let text = try value.text()
            guard Self.gplCompatibleLicenses.contains(text) else {
                throw SettingProblem("Your bpftrace program cannot load because you are using a license that is non-GPL compatible. License: \(text)")
            }
            license = text
        case _ where name.hasPrefix("unstable_"):
            guard let setting = UnstableFeatures.setting(value) else {
                throw SettingProblem("valid values are " + UnstableFeatures.Setting.allCases.map(\.rawValue).joined(separator: ", "))
            }
            unstableFeatures[name] = setting.rawValue
        default: throw SettingProblem("not a config variable")
        }
    }
}

struct SettingProblem: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// A config value as written: config blocks take literals and bare names, the environment text.
enum SettingValue {
    case number(UInt64)
    case word(String)
    case boolean(Bool)

    init?(_ expr: Expr) {
        switch expr.kind {
        case .integer(let value): self = .number(value)
        case .string(let text), .identifier(let text): self = .word(text)
        case .boolean(let flag): self = .boolean(flag)
        default: return nil
        }
    }

    init(environmentText text: String) {
        if let value = UInt64(text) { self = .number(value) } else { self = .word(text) }
    }

    func count(atLeast minimum: Int, atMost maximum: Int = Int(Int32.max)) throws -> Int {
        guard case .number(let value) = self else { throw SettingProblem("expected a number") }
        guard value >= UInt64(minimum), value <= UInt64(maximum) else {
            throw SettingProblem("\(value) is outside \(minimum)...\(maximum)")
        }
        return Int(value)
    }

    func powerOfTwo() throws -> Int {
        let value = try count(atLeast: 1)
        guard value & (value - 1) == 0 else { throw SettingProblem("\(value) is not a power of two") }
        return value
    }

    func boolean() throws -> Bool {
        switch self {
        case .boolean(let flag): return flag
        case .number(0): return false
        case .number(1): return true
        case .word(let text) where ["true", "false"].contains(text.lowercased()): return text.lowercased() == "true"
        default: throw SettingProblem("expected true or false (or 1/0)")
        }
    }

    func text() throws -> String {
        switch self {
        case .word(let text): return text
        case .number(let value): return String(value)
        case .boolean(let flag): return String(flag)
        }
    }

    func choice<Choice: RawRepresentable & CaseIterable>(of: Choice.Type) throws -> Choice where Choice.RawValue == String {
        let written = try text().lowercased()
        if let choice = Choice(rawValue: written) { return choice }
        let valid = Choice.allCases.map(\.rawValue).joined(separator: ", ")
        throw SettingProblem("valid values are \(valid)")
    }
}
