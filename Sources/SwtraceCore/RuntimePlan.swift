// What codegen tells the runtime about a compiled program: which BPF program attaches where,
// what each map holds, and how to decode each ring-buffer event. Pure data, shared by
// SwtraceCodegen (producer), SwtraceRuntime (loader/reader) and SwtraceOutput (printers).

public enum AttachTarget: Hashable, Sendable {
    case begin
    case end
    case tracepoint(category: String, name: String)
    case rawTracepoint(name: String)
    /// Fires on one CPU every `periodNanoseconds`.
    case interval(periodNanoseconds: UInt64)
    /// Fires on every CPU at `frequency` Hz or every `periodNanoseconds`.
    case profile(frequency: UInt64?, periodNanoseconds: UInt64?)
    /// Perf software event (`PERF_COUNT_SW_*` id), sampled every `period` events.
    case software(config: UInt64, period: UInt64)
    case hardware(config: UInt64, period: UInt64)
    case kprobe(symbol: String, offset: UInt64)
    case kretprobe(symbol: String)
    case uprobe(path: String, symbol: String, offset: UInt64)
    case uretprobe(path: String, symbol: String, offset: UInt64)
    case fentry(function: String)
    case fexit(function: String)
    /// `fentry:bpf:ID:NAME` / `fexit:bpf:ID:NAME`: function NAME (entry or sub-program) of the
    /// loaded BPF program ID, traced at entry or, `atExit`, at return.
    case bpfFunction(programID: UInt32, function: String, atExit: Bool)
    /// Hardware breakpoint on `length` bytes at `address`; `mode` is bpftrace's sorted access
    /// letters ("w", "rw", "x"). `pid` nil watches a kernel address on every CPU.
    case watchpoint(address: UInt64, length: UInt64, mode: String, pid: Int32?)
    /// `watchpoint:FUNC+argN:LENGTH:MODE`: a uprobe on the traced process's function that arms
    /// a breakpoint at run time (see FunctionWatchpoint).
    case functionWatchpoint(FunctionWatchpoint)
    /// BPF iterator (`iter:task`): run once per object when its file is read, not attached to an
    /// event. With `pin` (an absolute bpffs path) the link is pinned there instead of read, and
    /// whoever reads that file later runs the iterator.
    case iterator(name: String, pin: String? = nil)
    /// `self:signal:SIGUSR1`: run (like BEGIN) each time swtrace receives that signal.
    case selfSignal(name: String)
    /// `test:NAME`, `bench:NAME`: bpftrace runs them only in its --test/--bench modes and
    /// ignores them otherwise; semantic analysis checks them, then drops them.
    case test(name: String)
    case bench(name: String)
}

/// The function form of watchpoint probes: when `function` (in `path`, run by process `pid`) is
/// entered, argument `argument` is an address to watch, `length` bytes in `mode`, with the
/// probe's program. `stopsTracee` (watchpoint, not asyncwatchpoint): the process is stopped
/// until the breakpoint is in place, so the function's own accesses are seen.
public struct FunctionWatchpoint: Hashable, Sendable {
    public var path: String
    public var function: String
    public var argument: Int
    public var length: UInt64
    public var mode: String
    public var pid: Int32
    public var stopsTracee: Bool
    public init(path: String, function: String, argument: Int, length: UInt64, mode: String, pid: Int32, stopsTracee: Bool) {
        self.path = path; self.function = function; self.argument = argument
        self.length = length; self.mode = mode; self.pid = pid; self.stopsTracee = stopsTracee
    }
}

/// A function watchpoint's probe program: loaded with the others, attached to one breakpoint
/// per address its arming uprobe reports (RuntimeEvent.watchpointAttach carries the index of
/// this in `RuntimePlan.watchpoints`).
public struct WatchpointProgram: Sendable, Equatable {
    /// ELF name of the hash map of (u64 index, u64 address) keys user space has handled: the
    /// arming programs skip those, unwatch() deletes an address's.
    public static let watchedMapName = "swtrace_watched"

    public var programName: String
    /// `watchpoint:PATH:FUNC:LENGTH:MODE`, for messages.
    public var probeName: String
    public var watch: FunctionWatchpoint
    public init(programName: String, probeName: String, watch: FunctionWatchpoint) {
        self.programName = programName; self.probeName = probeName; self.watch = watch
    }
}

public enum BPFProgramKind: String, Sendable {
    case tracepoint, rawTracepoint, perfEvent, kprobe, tracing
}

/// One BPF program in the ELF and every place it attaches.
public struct ProgramAttachment: Sendable, Equatable {
    /// Function and ELF section name of the program.
    public var programName: String
    public var kind: BPFProgramKind
    public var targets: [AttachTarget]
    /// Full probe names (`tracepoint:syscalls:sys_enter_read`), one per target, for messages.
    public var probeNames: [String]
    public init(programName: String, kind: BPFProgramKind, targets: [AttachTarget], probeNames: [String]) {
        self.programName = programName; self.kind = kind; self.targets = targets; self.probeNames = probeNames
    }
}

/// A user-visible map (`@name`) and its kernel representation.
public struct MapDescriptor: Sendable, Equatable {
    /// "@", "@bytes": as printed.
    public var name: String
    /// Name of the BPF map in the ELF.
    public var elfName: String
    /// Types of the user keys, in order; empty for `@x` without brackets.
    public var keyTypes: [SwType]
    /// True when written with brackets (printing differs for `@x` and `@x[k]`).
    public var isKeyed: Bool
    /// What each entry holds: an aggregation or a plain value.
    public var value: SwType
    public var perCPU: Bool
    public var maxEntries: Int

    public init(name: String, elfName: String, keyTypes: [SwType], isKeyed: Bool, value: SwType, perCPU: Bool, maxEntries: Int) {
        self.name = name; self.elfName = elfName; self.keyTypes = keyTypes; self.isKeyed = isKeyed
        self.value = value; self.perCPU = perCPU; self.maxEntries = maxEntries
    }

    /// Kernel key layout: the user keys, then a u64 bucket index for histograms. A map without
    /// keys uses a single u64 zero key.
    public var kernelKeyTypes: [SwType] {
        var types = keyTypes.isEmpty ? [SwType.uint64] : keyTypes
        if case .aggregation(let aggregation) = value, aggregation.hasBucketKey { types.append(.uint64) }
        return types
    }
    public var keySize: Int { RecordLayout(kernelKeyTypes).size }
    public var valueSize: Int { max(8, (value.byteSize + 7) / 8 * 8) }
}

/// Kinds of ring-buffer records. Every record starts with a u64 event id; `EventDescriptor`
/// for that id says how to decode the rest.
public enum EventKind: Sendable, Equatable {
    /// `printf(format, args...)`: arguments laid out after the id with `RecordLayout`.
    case printf(format: String, argumentTypes: [SwType])
    /// `exit([code])`: the code (default 0) is the one field.
    case exit
    /// `print(@map, top, div)`: map index into `RuntimePlan.maps`.
    case printMap(mapIndex: Int, top: Int, divisor: Int)
    /// `print(value)` of a non-map value.
    case printValue(type: SwType)
    /// `clear(@map)` / `zero(@map)`: done in user space.
    case clearMap(mapIndex: Int)
    case zeroMap(mapIndex: Int)
    /// `time(format)`
    case time(format: String)
    /// `errorf`/`warnf`/`cat`/`system`: printf-style arguments, acted on by user space.
    case formattedAction(FormattedAction, format: String, argumentTypes: [SwType])
    /// `join(array[, sep])`: a u64 count, then `count` strings of `elementSize` bytes.
    case join(separator: String, count: Int, elementSize: Int)
    /// A function watchpoint's uprobe fired: the u64 address to watch with
    /// `RuntimePlan.watchpoints[watchIndex]`.
    case watchpointAttach(watchIndex: Int)
    /// `unwatch(addr)`: the u64 address whose breakpoints go.
    case watchpointDetach
}

/// What user space does with a formatted text (see EventKind.formattedAction).
public enum FormattedAction: Sendable, Equatable {
    /// Print the named file (`cat`).
    case cat
    /// Run the command and print its output (`system`).
    case system
    /// Print to stderr after `prefix`, e.g. "stdin:1:9-62: ERROR: " (`errorf`, `warnf`).
    case message(prefix: String)
}

public struct EventDescriptor: Sendable, Equatable {
    public var kind: EventKind
    public init(_ kind: EventKind) { self.kind = kind }

    /// Types of the fields after the u64 id.
    public var fieldTypes: [SwType] {
        switch kind {
        case .printf(_, let types): return types
        case .printValue(let type): return [type]
        case .formattedAction(_, _, let types): return types
        case .join(_, let count, let size): return [.uint64] + Array(repeating: .string(size: size), count: count)
        case .exit: return [.int64]
        case .watchpointAttach, .watchpointDetach: return [.uint64]
        default: return []
        }
    }
    /// Offsets of the fields, counted from the start of the record (the id is at 0).
    public var layout: RecordLayout { RecordLayout(fieldTypes, startingAt: 8) }
}

public struct RuntimePlan: Sendable, Equatable {
    public var programs: [ProgramAttachment]
    public var maps: [MapDescriptor]
    /// Indexed by event id.
    public var events: [EventDescriptor]
    /// Indexed by the value stored for the `probe` builtin.
    public var probeNames: [String]
    /// ELF name of the ring buffer map all events go through.
    public var ringBufferName: String
    /// Programs of function watchpoints, attached at run time (see WatchpointProgram).
    public var watchpoints: [WatchpointProgram]
    /// ELF names of BPF programs to run once at start (BEGIN) and at exit (END).
    public var beginPrograms: [String] { programs.filter { $0.targets.contains(.begin) }.map(\.programName) }
    public var endPrograms: [String] { programs.filter { $0.targets.contains(.end) }.map(\.programName) }
    /// ELF names of the `self:signal:NAME` programs, run when the signal arrives.
    public func signalPrograms(_ name: String) -> [String] {
        programs.filter { $0.targets.contains(.selfSignal(name: name)) }.map(\.programName)
    }

    public init(programs: [ProgramAttachment], maps: [MapDescriptor], events: [EventDescriptor],
                probeNames: [String], ringBufferName: String, watchpoints: [WatchpointProgram] = []) {
        self.programs = programs; self.maps = maps; self.events = events
        self.probeNames = probeNames; self.ringBufferName = ringBufferName; self.watchpoints = watchpoints
    }

    /// Whether every probe is BEGIN or END: nothing can fire once BEGIN has run, so the run ends
    /// there, as in bpftrace since 0.24 (its PR #4358).
    public var hasOnlyBeginAndEnd: Bool {
        watchpoints.isEmpty && programs.allSatisfy { $0.targets.allSatisfy { $0 == .begin || $0 == .end } }
    }

    /// Number of probes reported in "Attached N probes" (BEGIN/END count, like bpftrace).
    public var attachedProbeCount: Int { programs.reduce(0) { $0 + $1.targets.count } }
}
