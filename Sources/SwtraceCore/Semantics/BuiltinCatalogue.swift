// Builtin variables (`pid`, `comm`, `args`...): their types and which probes provide them.

public struct BuiltinVariable: Sendable {
    public var name: String
    public var type: SwType
    /// Providers that offer it; nil means every provider.
    public var providers: Set<ProbeProviderKind>?
    public var summary: String
}

public enum BuiltinCatalogue {
    static let argumentProviders: Set<ProbeProviderKind> = [.kprobe, .uprobe, .fentry, .rawTracepoint]
    static let returnProviders: Set<ProbeProviderKind> = [.kretprobe, .uretprobe, .fexit]

    public static let variables: [BuiltinVariable] = {
        var list: [BuiltinVariable] = [
            .init(name: "pid", type: .uint64, providers: nil, summary: "process id (kernel tgid)"),
            .init(name: "tid", type: .uint64, providers: nil, summary: "thread id (kernel pid)"),
            .init(name: "uid", type: .uint64, providers: nil, summary: "user id"),
            .init(name: "gid", type: .uint64, providers: nil, summary: "group id"),
            .init(name: "nsecs", type: .uint64, providers: nil, summary: "nanoseconds since boot, time suspended included (nsecs(monotonic) excludes it)"),
            .init(name: "elapsed", type: .uint64, providers: nil, summary: "nanoseconds since swtrace started"),
            .init(name: "cpu", type: .uint64, providers: nil, summary: "processor id"),
            .init(name: "numaid", type: .uint64, providers: nil, summary: "NUMA node id"),
            .init(name: "ncpus", type: .uint64, providers: nil, summary: "number of CPUs"),
            .init(name: "comm", type: .commString, providers: nil, summary: "process name"),
            .init(name: "probe", type: .probeName, providers: nil, summary: "full name of the probe"),
            .init(name: "probetype", type: .string(size: 16), providers: nil, summary: "type of the probe (kprobe, tracepoint, special...)"),
            .init(name: "cgroup", type: .uint64, providers: nil, summary: "cgroup v2 id of the current process"),
            .init(name: "rand", type: .uint64, providers: nil, summary: "random 32-bit number"),
            .init(name: "jiffies", type: .uint64, providers: nil, summary: "jiffies since boot"),
            .init(name: "curtask", type: .uint64, providers: nil, summary: "address of the current task_struct"),
            .init(name: "cpid", type: .uint64, providers: nil, summary: "pid of the child process (-c)"),
            .init(name: "has_cpid", type: .boolean, providers: nil, summary: "whether there is a child process (-c)"),
            .init(name: "ppid", type: .uint64, providers: nil, summary: "parent process id"),
            .init(name: "pcomm", type: .commString, providers: nil, summary: "name of the process (its main thread)"),
            .init(name: "username", type: .formatted(.username), providers: nil, summary: "name of the current user"),
            .init(name: "usermode", type: .uint64, providers: nil, summary: "1 if the probe fired in user mode"),
            .init(name: "kstack", type: .kernelStack, providers: nil, summary: "kernel stack"),
            .init(name: "ustack", type: .userStack, providers: nil, summary: "user stack"),
            .init(name: "args", type: .record(name: "args", size: 0),
                  providers: [.tracepoint, .rawTracepoint, .fentry, .fexit, .uprobe], summary: "probe arguments"),
            .init(name: "retval", type: .int64, providers: returnProviders, summary: "return value"),
            .init(name: "ctx", type: .uint64, providers: [.iterator], summary: "the iterator's context (ctx->task, ...)"),
            .init(name: "func", type: .formatted(.functionName), providers: [.kprobe, .kretprobe, .fentry, .fexit, .uprobe, .uretprobe],
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
        .init(name: "tseries", arity: 3...4, summary: "time series"),
    ]

    /// Functions run for their effect (mostly asynchronous: done by user space).
    public static let statements: [BuiltinFunction] = [
        .init(name: "printf", arity: 1...64, summary: "formatted output"),
        .init(name: "print", arity: 1...3, summary: "print a map or value"),
        .init(name: "exit", arity: 0...1, summary: "end the program"),
        .init(name: "delete", arity: 1...2, summary: "delete a map element"),
        .init(name: "clear", arity: 1...1, summary: "delete every element of a map"),
        .init(name: "zero", arity: 1...1, summary: "set every element of a map to zero"),
        .init(name: "time", arity: 0...1, summary: "print the current time"),
        .init(name: "join", arity: 1...2, summary: "print the strings of an array, separated"),
        .init(name: "errorf", arity: 1...64, summary: "formatted error message"),
        .init(name: "warnf", arity: 1...64, summary: "formatted warning message"),
        .init(name: "cat", arity: 1...64, summary: "print a file's contents"),
        .init(name: "debugf", arity: 1...(1 + DebugfFormat.maxArguments), summary: "formatted line in the kernel's trace buffer (trace_pipe)"),
        .init(name: "system", arity: 1...64, summary: "run a shell command (needs --unsafe)"),
        .init(name: "signal", arity: 1...1, summary: "send a signal to the current process (needs --unsafe)"),
        .init(name: "signal_thread", arity: 1...1, summary: "send a signal to the current thread (needs --unsafe)"),
        .init(name: "override", arity: 1...1, summary: "skip the probed function, returning this value (kprobe, needs --unsafe)"),
        .init(name: "unwatch", arity: 1...1, summary: "remove the watchpoints on an address"),
    ]

    /// Functions that compute a value.
    public static let values: [BuiltinFunction] = [
        .init(name: "str", arity: 1...2, summary: "read a NUL-terminated string"),
        .init(name: "buf", arity: 1...2, summary: "read raw bytes"),
        .init(name: "strlen", arity: 1...1, summary: "length of a string"),
        .init(name: "strncmp", arity: 3...3, summary: "compare the first n characters of two strings"),
        .init(name: "memcmp", arity: 3...3, summary: "compare the first n bytes of two values in memory"),
        .init(name: "fail", arity: 1...16, summary: "stop compiling with an error, where reached"),
        .init(name: "static_assert", arity: 2...2, summary: "stop compiling with an error when a condition is false"),
        .init(name: "strcontains", arity: 2...2, summary: "whether a string contains another"),
        .init(name: "strstr", arity: 2...2, summary: "index of a string in another, or -1"),
        .init(name: "str_concat", arity: 2...2, summary: "two strings joined"),
        .init(name: "strftime", arity: 2...2, summary: "format a timestamp"),
        .init(name: "kstack", arity: 0...2, summary: "kernel stack"),
        .init(name: "ustack", arity: 0...2, summary: "user stack"),
        .init(name: "ksym", arity: 1...1, summary: "kernel function containing an address"),
        .init(name: "usym", arity: 1...1, summary: "user function containing an address"),
        .init(name: "kaddr", arity: 1...1, summary: "address of a kernel symbol"),
        .init(name: "percpu_kaddr", arity: 1...2, summary: "address of a per-CPU kernel variable on this (or a given) CPU"),
        .init(name: "uaddr", arity: 1...1, summary: "address of a symbol of the probed binary"),
        .init(name: "len", arity: 1...1, summary: "number of elements of a map or frames of a stack"),
        .init(name: "has_key", arity: 2...2, summary: "whether a map holds a key"),
        .init(name: "ntop", arity: 1...2, summary: "text form of an IPv4/IPv6 address"),
        .init(name: "pton", arity: 1...1, summary: "bytes of an IPv4/IPv6 address"),
        .init(name: "macaddr", arity: 1...1, summary: "text form of a MAC address"),
        .init(name: "bswap", arity: 1...1, summary: "reverse the bytes of an integer"),
        .init(name: "is_array", arity: 1...1, summary: "whether an expression is an array (when compiling)"),
        .init(name: "is_integer", arity: 1...1, summary: "whether an expression is an integer (when compiling)"),
        .init(name: "is_literal", arity: 1...1, summary: "whether an expression is a literal (when compiling)"),
        .init(name: "is_ptr", arity: 1...1, summary: "whether an expression is a pointer (when compiling)"),
        .init(name: "is_str", arity: 1...1, summary: "whether an expression is a string (when compiling)"),
        .init(name: "is_unsigned_integer", arity: 1...1, summary: "whether an expression is an unsigned integer (when compiling)"),
        .init(name: "syscall_name", arity: 1...1, summary: "name of a system call number"),
        .init(name: "strerror", arity: 1...1, summary: "text of an errno value"),
        .init(name: "cgroupid", arity: 1...1, summary: "cgroup v2 id of a path"),
        .init(name: "cgroup_path", arity: 1...2, summary: "path of a cgroup id"),
        .init(name: "path", arity: 1...2, summary: "full path of a struct path"),
        .init(name: "socket_cookie", arity: 1...1, summary: "the kernel's cookie of a struct sock (0 for NULL)"),
        .init(name: "nsecs", arity: 0...1, summary: "timestamp of a clock: boot (default), monotonic, tai, sw_tai"),
        .init(name: "pid", arity: 0...1, summary: "process id in swtrace's pid namespace (curr_ns) or the initial one (init)"),
        .init(name: "tid", arity: 0...1, summary: "thread id in swtrace's pid namespace (curr_ns) or the initial one (init)"),
        .init(name: "reg", arity: 1...1, summary: "value of a register of the probed context"),
        .init(name: "kptr", arity: 1...1, summary: "the pointer, read as kernel memory"),
        .init(name: "uptr", arity: 1...1, summary: "the pointer, read as user memory"),
        .init(name: "ppid", arity: 0...1, summary: "parent process id of the current (or a given) task"),
        .init(name: "pcomm", arity: 0...1, summary: "process name of the current (or a given) task"),
    ]

    public static var all: [BuiltinFunction] { aggregations + statements + values }

    public static func function(named name: String) -> BuiltinFunction? { all.first { $0.name == name } }
    public static func isAggregation(_ name: String) -> Bool { aggregations.contains { $0.name == name } }
}
