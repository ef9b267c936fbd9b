// The result of semantic analysis: the program with every attach point resolved, every
// expression typed and every map's key/value types fixed. Codegen consumes only this.

/// One concrete place a probe block attaches to (a wildcard expands to many).
public struct ResolvedAttachPoint: Sendable, Equatable {
    public var target: AttachTarget
    /// Full name as `probe` prints it: "tracepoint:syscalls:sys_enter_read", "BEGIN", "interval:s:1".
    public var probeName: String
    public var programKind: BPFProgramKind
    /// For tracepoints: the record layout behind `args`.
    public var tracepointFormat: TracepointFormat?
    public init(target: AttachTarget, probeName: String, programKind: BPFProgramKind, tracepointFormat: TracepointFormat? = nil) {
        self.target = target; self.probeName = probeName; self.programKind = programKind; self.tracepointFormat = tracepointFormat
    }
}

public struct CheckedProbe: Sendable {
    public var probe: Probe
    public var attachPoints: [ResolvedAttachPoint]
    /// The block reads `args` or `probe`, whose code differs per attach point: compile one
    /// program per attach point instead of one shared program.
    public var needsProgramPerAttachPoint: Bool
    /// `-p`/`-c` filtering applies to this probe.
    public var filtersByPid: Bool
}

public struct MapInfo: Sendable, Equatable {
    public var name: String
    public var keyTypes: [SwType]
    public var isKeyed: Bool
    public var value: SwType
    /// Source range of the first use, for diagnostics.
    public var firstUse: SourceRange
    /// From `let @m = kind(N);`: the BPF map type ("hash", "lruhash", "percpuhash",
    /// "percpulruhash") and entry count to create instead of the defaults; nil when undeclared.
    public var declaredKind: String? = nil
    public var declaredMaxEntries: Int? = nil
}

public struct CheckedProgram: Sendable {
    public var program: Program
    public var source: SourceFile
    public var probes: [CheckedProbe]
    /// Expression id -> type.
    public var types: [Int: SwType]
    /// Maps in order of first appearance.
    public var maps: [MapInfo]
    /// printf/printf-like call expression id -> parsed format.
    public var printfFormats: [Int: PrintfFormat]
    /// Process id every filtered probe is restricted to (`-p`, `-c`).
    public var pidFilter: Int32?
    public var positionalArguments: [String]
    /// Final type of each variable a statement introduces (`let`, `for`), keyed by the
    /// statement's start offset.
    public var declaredTypes: [Int: SwType] = [:]
    public var warnings: [Diagnostic]
    /// Struct/union fields and sizeof/offsetof values resolved during type checking.
    public var recordAccesses = RecordAccesses()
    /// Declared type of each user function's parameters, by function name, in order: the
    /// slots a call fills must be as large as the body reads (`$s: string` is max_strlen bytes).
    public var parameterTypes: [String: [SwType]] = [:]

    public func type(of expr: Expr) -> SwType { types[expr.id] ?? .void }
    public func mapIndex(_ name: String) -> Int? { maps.firstIndex { $0.name == name } }
}
