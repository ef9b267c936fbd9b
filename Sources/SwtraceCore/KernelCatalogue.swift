// What semantic analysis needs to know about the running kernel, as a protocol so the core stays
// free of file system and libbpf access. SwtraceRuntime provides the live implementation;
// tests provide fixed ones.

/// One field of a tracepoint's record, from its tracefs `format` file.
public struct TracepointField: Sendable, Equatable {
    /// Name without array suffix, e.g. "filename".
    public var name: String
    /// C type as written in the format file, e.g. "const char *", "char comm[16]", "__data_loc char[] name".
    public var cType: String
    public var offset: Int
    public var size: Int
    public var isSigned: Bool
    public init(name: String, cType: String, offset: Int, size: Int, isSigned: Bool) {
        self.name = name; self.cType = cType; self.offset = offset; self.size = size; self.isSigned = isSigned
    }
}

public struct TracepointFormat: Sendable, Equatable {
    public var category: String
    public var name: String
    /// Event fields after the common_* header fields.
    public var fields: [TracepointField]
    public init(category: String, name: String, fields: [TracepointField]) {
        self.category = category; self.name = name; self.fields = fields
    }
}

public protocol KernelCatalogue: Sendable {
    /// Tracepoints as "category:name", matching a glob pattern on each part (`*`, `?`).
    func tracepoints(category: String, name: String) throws -> [(category: String, name: String)]
    func tracepointFormat(category: String, name: String) throws -> TracepointFormat?
    /// Kernel features available on this machine (kprobes, fentry, ...).
    var features: KernelFeatures { get }
    /// Record layouts (kernel structs from BTF); nil when unknown. Default: nil (TypeCatalogue.swift).
    var typeCatalogue: TypeCatalogue? { get }
    /// Kernel functions matching a glob (kprobe wildcards), sorted; empty when unknown.
    func kernelFunctions(matching pattern: String) throws -> [String]
    /// A kernel function's prototype from BTF (fentry/fexit `args` and `retval`), nil if unknown.
    func kernelFunctionPrototype(_ name: String) throws -> FunctionPrototype?
    /// The file a uprobe/usdt target names: a path as is, a library (`libc`) through the ld.so
    /// cache, a program through PATH; nil when nothing matches.
    func resolveBinary(_ name: String) -> String?
    /// Function symbols of an ELF file matching a glob, sorted.
    func userFunctions(inBinary path: String, matching pattern: String) throws -> [String]
    /// USDT probes in the ELF notes of a file.
    func usdtProbes(inBinary path: String) throws -> [USDTProbeSite]
    /// A symbol (function or object) of an ELF file by exact name, for `uaddr()`; nil if absent.
    func userSymbol(inBinary path: String, named name: String) throws -> UserSymbolInfo?
    /// The process `-p`/`-c` traces, if any (watchpoint addresses are in its address space).
    var tracedProcess: TracedProcess? { get }
    /// Names of the BPF iterators this kernel offers (`task`, `task_file`, ...), sorted.
    func iterators() throws -> [String]
    /// A user-space function's parameters from the binary's DWARF (uprobe `args`): parameter i
    /// of the integer registers at offset 8*i; nil without debug information.
    func userFunctionPrototype(inBinary path: String, function: String) throws -> FunctionPrototype?
    /// Functions of the BPF programs loaded in the kernel that carry BTF (`fentry:bpf:*`): each
    /// program's main function and its sub-programs, as bpftrace lists them.
    func runningBPFFunctions() throws -> [RunningBPFFunction]
}

/// A function of a loaded BPF program: the program's entry or one of its sub-programs.
public struct RunningBPFFunction: Sendable, Equatable {
    public var programID: UInt32
    /// The function's BTF name (not bpf_prog_info's 15-character name).
    public var name: String
    public init(programID: UInt32, name: String) {
        self.programID = programID; self.name = name
    }
}

/// The process a run traces: `-p PID`, or the `-c` command (held before exec while compiling).
public struct TracedProcess: Sendable, Equatable {
    public var pid: Int32
    /// As bpftrace names it in probe names: `/proc/PID/exe` for -p, the command's program for -c.
    public var path: String
    public init(pid: Int32, path: String) { self.pid = pid; self.path = path }
}

/// Where a symbol sits in its ELF file (link-time virtual address) and how big it is.
public struct UserSymbolInfo: Sendable, Equatable {
    public var address: UInt64
    public var size: UInt64
    public init(address: UInt64, size: UInt64) { self.address = address; self.size = size }
}

/// A function's parameters as BTF describes them; fentry/fexit read parameter i at ctx + 8*i
/// and fexit the return value after the last parameter.
public struct FunctionPrototype: Sendable, Equatable {
    public var name: String
    /// Parameters as fields (offset 8*i), in declaration order.
    public var parameters: [TracepointField]
    /// C type of the return value; nil for void.
    public var returnType: TracepointField?
    public init(name: String, parameters: [TracepointField], returnType: TracepointField?) {
        self.name = name; self.parameters = parameters; self.returnType = returnType
    }
}

/// One USDT probe site from a `.note.stapsdt` ELF note.
public struct USDTProbeSite: Sendable, Equatable {
    public var path: String
    public var provider: String
    public var name: String
    /// Link-time address of the probe instruction (a uprobe converts it to a file offset).
    public var address: UInt64
    /// Link-time address of the semaphore counter, 0 when the probe has none.
    public var semaphoreAddress: UInt64
    /// Argument specifications as written in the note, e.g. "-4@%edi", "8@-16(%rbp)", "4@$5".
    public var arguments: [String]
    public init(path: String, provider: String, name: String, address: UInt64, semaphoreAddress: UInt64, arguments: [String]) {
        self.path = path; self.provider = provider; self.name = name; self.address = address
        self.semaphoreAddress = semaphoreAddress; self.arguments = arguments
    }
}

/// Defaults for catalogues that know only tracepoints (tests): names resolve to themselves.
extension KernelCatalogue {
    public func kernelFunctions(matching pattern: String) throws -> [String] { [pattern] }
    public func kernelFunctionPrototype(_ name: String) throws -> FunctionPrototype? { nil }
    public func resolveBinary(_ name: String) -> String? { name }
    public func userFunctions(inBinary path: String, matching pattern: String) throws -> [String] { [pattern] }
    public func usdtProbes(inBinary path: String) throws -> [USDTProbeSite] { [] }
    public func userSymbol(inBinary path: String, named name: String) throws -> UserSymbolInfo? { nil }
    public var tracedProcess: TracedProcess? { nil }
    public func iterators() throws -> [String] { [] }
    public func userFunctionPrototype(inBinary path: String, function: String) throws -> FunctionPrototype? { nil }
    public func runningBPFFunctions() throws -> [RunningBPFFunction] { [] }
}

public struct KernelFeatures: Sendable, Equatable {
    public var kprobes: Bool
    public var fentry: Bool
    public var btf: Bool
    public var ringBuffer: Bool
    /// uprobe PMU or tracefs uprobe_events.
    public var uprobes: Bool
    /// A CPU PMU for `hardware:` events (absent in most VMs).
    public var hardwareCounters: Bool
    /// The breakpoint PMU behind `watchpoint:`.
    public var watchpoints: Bool
    public init(kprobes: Bool, fentry: Bool, btf: Bool, ringBuffer: Bool,
                uprobes: Bool = true, hardwareCounters: Bool = true, watchpoints: Bool = true) {
        self.kprobes = kprobes; self.fentry = fentry; self.btf = btf; self.ringBuffer = ringBuffer
        self.uprobes = uprobes; self.hardwareCounters = hardwareCounters; self.watchpoints = watchpoints
    }
}

/// Glob matching for probe patterns: `*` any run, `?` one character, `[abc]` classes.
public func globMatches(_ pattern: String, _ text: String) -> Bool {
    let p = Array(pattern.utf8), t = Array(text.utf8)
    var pi = 0, ti = 0, starP = -1, starT = 0
    func classMatch(_ at: Int, _ c: UInt8) -> (matched: Bool, next: Int)? {
        var i = at + 1
        var negate = false
        if i < p.count, p[i] == UInt8(ascii: "!") || p[i] == UInt8(ascii: "^") { negate = true; i += 1 }
        var matched = false
        var first = true
        while i < p.count, p[i] != UInt8(ascii: "]") || first {
            first = false
            if i + 2 < p.count, p[i + 1] == UInt8(ascii: "-"), p[i + 2] != UInt8(ascii: "]") {
                if c >= p[i] && c <= p[i + 2] { matched = true }
                i += 3
            } else {
                if c == p[i] { matched = true }
                i += 1
            }
        }
        guard i < p.count else { return nil }
        return (matched != negate, i + 1)
    }
    while ti < t.count {
        if pi < p.count, p[pi] == UInt8(ascii: "*") {
            starP = pi; starT = ti; pi += 1; continue
        }
        if pi < p.count, p[pi] == UInt8(ascii: "["), let result = classMatch(pi, t[ti]) {
            if result.matched { pi = result.next; ti += 1; continue }
        } else if pi < p.count, p[pi] == UInt8(ascii: "?") || p[pi] == t[ti] {
            pi += 1; ti += 1; continue
        }
        if starP >= 0 { pi = starP + 1; starT += 1; ti = starT; continue }
        return false
    }
    while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
    return pi == p.count
}
