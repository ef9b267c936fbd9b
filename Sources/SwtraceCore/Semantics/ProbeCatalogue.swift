// Probe providers as one table: the names a user may write, how an attach point resolves
// to concrete kernel targets, and what each provider offers to the action block.

public enum ProbeProviderKind: String, Sendable, CaseIterable {
    case begin, end, tracepoint, rawTracepoint, interval, profile, software, hardware
    case kprobe, kretprobe, uprobe, uretprobe, fentry, fexit
    case usdt, watchpoint, asyncWatchpoint, iterator
    case selfProbe, test, bench
}

public struct ProbeProvider: Sendable {
    public var kind: ProbeProviderKind
    /// Canonical name as printed in `probe`, then accepted aliases.
    public var names: [String]
    public var programKind: BPFProgramKind
    /// The user's pid filter (`-p`/`-c`) applies to this provider's probes.
    public var filtersByPid: Bool
    /// Kernel feature this provider needs, checked before attaching.
    public nonisolated(unsafe) var requiredFeature: KeyPath<KernelFeatures, Bool>?
    public var featureName: String?

    public var canonicalName: String { names[0] }
}

public enum ProbeCatalogue {
    public static let providers: [ProbeProvider] = [
        .init(kind: .begin, names: ["BEGIN", "begin"], programKind: .rawTracepoint, filtersByPid: false),
        .init(kind: .end, names: ["END", "end"], programKind: .rawTracepoint, filtersByPid: false),
        .init(kind: .tracepoint, names: ["tracepoint", "t"], programKind: .tracepoint, filtersByPid: true),
        .init(kind: .rawTracepoint, names: ["rawtracepoint", "rt"], programKind: .rawTracepoint, filtersByPid: true),
        .init(kind: .interval, names: ["interval", "i"], programKind: .perfEvent, filtersByPid: false),
        .init(kind: .profile, names: ["profile", "p"], programKind: .perfEvent, filtersByPid: true),
        .init(kind: .software, names: ["software", "s"], programKind: .perfEvent, filtersByPid: true),
        .init(kind: .hardware, names: ["hardware", "h"], programKind: .perfEvent, filtersByPid: true,
              requiredFeature: \.hardwareCounters, featureName: "hardware performance counters (a CPU PMU)"),
        .init(kind: .kprobe, names: ["kprobe", "k"], programKind: .kprobe, filtersByPid: true,
              requiredFeature: \.kprobes, featureName: "kprobes"),
        .init(kind: .kretprobe, names: ["kretprobe", "kr"], programKind: .kprobe, filtersByPid: true,
              requiredFeature: \.kprobes, featureName: "kprobes"),
        .init(kind: .uprobe, names: ["uprobe", "u"], programKind: .kprobe, filtersByPid: true,
              requiredFeature: \.uprobes, featureName: "uprobes"),
        .init(kind: .uretprobe, names: ["uretprobe", "ur"], programKind: .kprobe, filtersByPid: true,
              requiredFeature: \.uprobes, featureName: "uprobes"),
        .init(kind: .fentry, names: ["fentry", "f", "kfunc"], programKind: .tracing, filtersByPid: true,
              requiredFeature: \.fentry, featureName: "fentry (BPF trampolines)"),
        .init(kind: .fexit, names: ["fexit", "fr", "kretfunc"], programKind: .tracing, filtersByPid: true,
              requiredFeature: \.fentry, featureName: "fexit (BPF trampolines)"),
        .init(kind: .usdt, names: ["usdt", "U"], programKind: .kprobe, filtersByPid: true,
              requiredFeature: \.uprobes, featureName: "uprobes"),
        .init(kind: .watchpoint, names: ["watchpoint", "w"], programKind: .perfEvent, filtersByPid: true,
              requiredFeature: \.watchpoints, featureName: "hardware breakpoints (the breakpoint PMU)"),
        .init(kind: .asyncWatchpoint, names: ["asyncwatchpoint", "aw"], programKind: .perfEvent, filtersByPid: true,
              requiredFeature: \.watchpoints, featureName: "hardware breakpoints (the breakpoint PMU)"),
        .init(kind: .iterator, names: ["iter", "it"], programKind: .tracing, filtersByPid: false,
              requiredFeature: \.btf, featureName: "BPF iterators (kernel BTF)"),
        .init(kind: .selfProbe, names: ["self"], programKind: .rawTracepoint, filtersByPid: false),
        .init(kind: .test, names: ["test"], programKind: .rawTracepoint, filtersByPid: false),
        .init(kind: .bench, names: ["bench"], programKind: .rawTracepoint, filtersByPid: false),
    ]

    public static func provider(named name: String) -> ProbeProvider? {
        providers.first { $0.names.contains(name) }
    }

    public static var allNames: [String] { providers.flatMap(\.names) }

    /// Software perf events: name, alias, PERF_COUNT_SW_* id, default sampling period.
    public static let softwareEvents: [(name: String, alias: String?, config: UInt64, defaultPeriod: UInt64)] = [
        ("cpu-clock", "cpu", 0, 1_000_000),
        ("task-clock", nil, 1, 1_000_000),
        ("page-faults", "faults", 2, 100),
        ("context-switches", "cs", 3, 1_000),
        ("cpu-migrations", nil, 4, 1),
        ("minor-faults", nil, 5, 100),
        ("major-faults", nil, 6, 1),
        ("alignment-faults", nil, 7, 1),
        ("emulation-faults", nil, 8, 1),
        ("dummy", nil, 9, 1),
        ("bpf-output", nil, 10, 1),
    ]

    /// Hardware perf events: name, alias, PERF_COUNT_HW_* id, default sampling period.
    public static let hardwareEvents: [(name: String, alias: String?, config: UInt64, defaultPeriod: UInt64)] = [
        ("cpu-cycles", "cycles", 0, 1_000_000),
        ("instructions", nil, 1, 1_000_000),
        ("cache-references", nil, 2, 1_000_000),
        ("cache-misses", nil, 3, 1_000_000),
        ("branch-instructions", "branches", 4, 100_000),
        ("branch-misses", nil, 5, 100_000),
        ("bus-cycles", nil, 6, 100_000),
        ("frontend-stalls", nil, 7, 1_000_000),
        ("backend-stalls", nil, 8, 1_000_000),
        ("ref-cycles", nil, 9, 1_000_000),
    ]
}
