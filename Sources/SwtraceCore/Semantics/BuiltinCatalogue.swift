// Builtin variables (`pid`, `comm`, `args`...): their types and which probes provide them.

public struct BuiltinVariable: Sendable {
    public var name: String
    public var type: SwType
    /// Providers that offer it; nil means every provider.
    public var providers: Set<ProbeProviderKind>?
    public var summary: String
}

public enum BuiltinCatalogue {
    static let argumentProviders: Set<ProbeProviderKind> = [.kprobe, .uprobe, .fentry]
    static let returnProviders: Set<ProbeProviderKind> = [.kretprobe, .uretprobe, .fexit]

    public static let variables: [BuiltinVariable] = {
        var list: [BuiltinVariable] = [
            .init(name: "pid", type: .uint64, providers: nil, summary: "process id (kernel tgid)"),
            .init(name: "tid", type: .uint64, providers: nil, summary: "thread id (kernel pid)"),
            .init(name: "uid", type: .uint64, providers: nil, summary: "user id"),
            .init(name: "gid", type: .uint64, providers: nil, summary: "group id"),
            .init(name: "nsecs", type: .uint64, providers: nil, summary: "nanoseconds since boot (monotonic)"),
            .init(name: "elapsed", type: .uint64, providers: nil, summary: "nanoseconds since swtrace started"),
            .init(name: "cpu", type: .uint64, providers: nil, summary: "processor id"),
            .init(name: "numaid", type: .uint64, providers: nil, summary: "NUMA node id"),
            .init(name: "ncpus", type: .uint64, providers: nil, summary: "number of CPUs"),
            .init(name: "comm", type: .commString, providers: nil, summary: "process name"),
            .init(name: "probe", type: .probeName, providers: nil, summary: "full name of the probe"),
            .init(name: "cgroup", type: .uint64, providers: nil, summary: "cgroup v2 id of the current process"),
            .init(name: "rand", type: .uint64, providers: nil, summary: "random 32-bit number"),
            .init(name: "jiffies", type: .uint64, providers: nil, summary: "jiffies since boot"),
            .init(name: "curtask", type: .uint64, providers: nil, summary: "address of the current task_struct"),
            .init(name: "cpid", type: .uint64, providers: nil, summary: "pid of the child process (-c)"),
            .init(name: "args", type: .record(name: "args", size: 0),
                  providers: [.tracepoint, .fentry, .fexit, .uprobe], summary: "probe arguments"),
            .init(name: "retval", type: .int64, providers: returnProviders, summary: "return value"),
            .init(name: "func", type: .kernelSymbol, providers: [.kprobe, .kretprobe, .fentry, .fexit, .uprobe, .uretprobe],
                  summary: "name of the traced function"),
        ]
        for index in 0..<10 {
            list.append(.init(name: "arg\(index)", type: .uint64, providers: argumentProviders,
                              summary: "function argument \(index)"))
        }
        return list
    }()

    public static func variable(named name: String) -> BuiltinVariable? {
        variables.first { $0.name == name }
    }
}

/// Builtin functions by family; `arity` is the accepted argument count range.
public struct BuiltinFunction: Sendable {
    public var name: String
    public var arity: ClosedRange<Int>
    public var summary: String
}

public enum FunctionCatalogue {
    public static let aggregations: [BuiltinFunction] = [
        .init(name: "count", arity: 0...0, summary: "count calls"),
        .init(name: "sum", arity: 1...1, summary: "sum of values"),
        .init(name: "avg", arity: 1...1, summary: "average of values"),
        .init(name: "min", arity: 1...1, summary: "minimum value"),
        .init(name: "max", arity: 1...1, summary: "maximum value"),
        .init(name: "stats", arity: 1...1, summary: "count, average and total"),
        .init(name: "hist", arity: 1...2, summary: "power-of-two histogram"),
        .init(name: "lhist", arity: 4...4, summary: "linear histogram"),
    ]

    public static let statements: [BuiltinFunction] = [
        .init(name: "printf", arity: 1...64, summary: "formatted output"),
        .init(name: "print", arity: 1...3, summary: "print a map or value"),
        .init(name: "exit", arity: 0...1, summary: "end the program"),
        .init(name: "delete", arity: 1...2, summary: "delete a map element"),
        .init(name: "clear", arity: 1...1, summary: "delete every element of a map"),
        .init(name: "zero", arity: 1...1, summary: "set every element of a map to zero"),
        .init(name: "time", arity: 0...1, summary: "print the current time"),
    ]

    public static let values: [BuiltinFunction] = [
        .init(name: "str", arity: 1...2, summary: "read a NUL-terminated string"),
    ]

    public static var all: [BuiltinFunction] { aggregations + statements + values }

    public static func function(named name: String) -> BuiltinFunction? { all.first { $0.name == name } }
    public static func isAggregation(_ name: String) -> Bool { aggregations.contains { $0.name == name } }
}
