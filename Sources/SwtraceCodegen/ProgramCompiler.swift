// Compiles a checked program into a BPF ELF object and the plan the runtime follows.
import CLLVM
import SwtraceCore

public struct CompileOptions: Sendable {
    /// Value of the `ncpus` builtin.
    public var possibleCPUs: Int
    /// Value of the `cpid` builtin (`-c`).
    public var childPid: Int32?
    /// Entries per map before updates fail (bpftrace's default is 4096).
    public var maxMapEntries: Int
    /// Bytes in the event ring buffer (a power of two, multiple of the page size).
    public var ringBufferSize: Int
    /// Stack bytes a probe's values may take before they move to scratch memory; 0 moves them
    /// all (the retry when LLVM's frame, spills included, still went over 512 bytes).
    public var stackBudget = 384

    public init(possibleCPUs: Int = 1, childPid: Int32? = nil, maxMapEntries: Int = 4096, ringBufferSize: Int = 1 << 20) {
        self.possibleCPUs = possibleCPUs; self.childPid = childPid
        self.maxMapEntries = maxMapEntries; self.ringBufferSize = ringBufferSize
    }
}

public struct CompiledProgram: Sendable {
    public let elf: [UInt8]
    public let plan: RuntimePlan
    /// Optimised LLVM IR, for `-d ir`.
    public let ir: String
    /// First call of each helper a kernel may refuse in some probe types or functions, by the
    /// kernel's helper name (`d_path`): a verifier refusal is reported at that call.
    public var helperCallSites: [String: SourceRange] = [:]
    /// The program has user stacks or user symbols, which user space resolves in the traced
    /// process's memory map.
    public var usesUserSymbols = false
}

public enum BPFCompiler {
    public static let ringBufferName = "events"
    public static let lostEventsName = "lost_events"

    /// fentry/fexit programs are bound to one kernel function when loaded, and a USDT site's
    /// arguments live in site-specific registers: such attach points cannot share a program.
    static func needsOwnProgram(_ point: ResolvedAttachPoint) -> Bool {
        if case .functionWatchpoint = point.target { return true }
        return point.programKind == .tracing || point.probeName.hasPrefix("usdt:")
    }

    /// One program is one kind of BPF program, attaches once to a target and knows one provider
    /// (`probetype`): a tracepoint with an interval or BEGIN, a uprobe with a uretprobe, or the
    /// same attach point twice (which then runs twice, as in bpftrace) need a program each.
    static func canShareProgram(_ points: [ResolvedAttachPoint]) -> Bool {
        func provider(_ point: ResolvedAttachPoint) -> Substring { point.probeName.prefix { $0 != ":" } }
        guard let first = points.first else { return true }
        return points.allSatisfy { $0.programKind == first.programKind && provider($0) == provider(first) }
            && Set(points.map(\.probeName)).count == points.count
    }

    public static func compile(_ program: CheckedProgram, options: CompileOptions = CompileOptions()) throws -> CompiledProgram {
        do {
            return try compileOnce(program, options: options)
        } catch CodegenError.stackLimit where options.stackBudget > 0 {
            var everythingInScratch = options
            everythingInScratch.stackBudget = 0
            return try compileOnce(program, options: everythingInScratch)
        }
    }

    private static func compileOnce(_ program: CheckedProgram, options: CompileOptions) throws -> CompiledProgram {
        let module = LLVMModule(name: "swtrace")
        let debugInfo = DebugInfo(module: module)
        let maps = MapGlobals(module: module, debugInfo: debugInfo, program: program, options: options)
        var context = EmissionContext(program: program, options: options, maps: maps)

        emitLicense(module)
        var attachments: [ProgramAttachment] = []
        var watchpoints: [WatchpointProgram] = []
        WatchpointPrograms.defineWatchedMap(module, debugInfo, program)
        var programIndex = 0
        for probe in program.probes {
            let separate = probe.needsProgramPerAttachPoint || probe.attachPoints.contains(where: needsOwnProgram)
                || !canShareProgram(probe.attachPoints)
            let groups: [[ResolvedAttachPoint]] = separate
                ? probe.attachPoints.map { [$0] } : (probe.attachPoints.isEmpty ? [] : [probe.attachPoints])
            for group in groups {
                programIndex += 1
                let name = ProgramNames.program(probe: separate ? group[0].probeName : writtenText(probe),
                                                index: programIndex)
                let emitter = FunctionEmitter(module: module, debugInfo: debugInfo, context: context,
                                              probe: probe, attachPoint: group.count == 1 || separate ? group[0] : nil,
                                              programKind: group[0].programKind, name: name)
                try emitter.emitWithinStackLimit()
                context = emitter.context
                if case .functionWatchpoint(let watch) = group[0].target {
                    let setupName = ProgramNames.watchpointSetup(probe: group[0].probeName, index: programIndex)
                    attachments += WatchpointPrograms.finish(bodyName: name, setupName: setupName, point: group[0], watch: watch, probe: probe, module: module,
                                                             debugInfo: debugInfo, context: &context, watchpoints: &watchpoints)
                    continue
                }
                attachments.append(ProgramAttachment(programName: name, kind: group[0].programKind,
                                                     targets: group.map(\.target), probeNames: group.map(\.probeName)))
            }
        }
        debugInfo.finalize()
        if let problem = module.verify() {
            throw CodegenError.llvm("generated IR is invalid: \(problem)")
        }
        let elf = try BPFTarget.emitObject(module)
        let plan = RuntimePlan(programs: attachments, maps: maps.descriptors, events: context.events,
                               probeNames: context.probeNames, ringBufferName: ringBufferName, watchpoints: watchpoints)
        var compiled = CompiledProgram(elf: elf, plan: plan, ir: module.irText)
        compiled.helperCallSites = context.helperCallSites
        compiled.usesUserSymbols = program.types.values.contains { type in
            switch type {
            case .userStack, .userSymbol, .formatted(.userSymbol), .formatted(.functionName): return true
            default: return false
            }
        }
        return compiled
    }

    /// A program shared by a probe's attach points (a wildcard, `a,b`) is named after them as
    /// written, provider aliases spelled out; a program per attach point after what `probe`
    /// prints for it (as bpftrace names expanded and unexpanded attach points).
    static func writtenText(_ probe: CheckedProbe) -> String {
        ProgramNames.sharedProbeText(probe.probe.attachPoints.map { point in
            (ProbeCatalogue.provider(named: point.provider)?.canonicalName ?? point.provider, Array(point.parts.dropFirst()))
        })
    }

    private static func emitLicense(_ module: LLVMModule) {
        let text = "GPL"
        let value = LLVMConstStringInContext(module.context, text, UInt32(text.utf8.count), 0)
        let global = LLVMAddGlobal(module.module, LLVMTypeOf(value), "_license")
        LLVMSetInitializer(global, value)
        LLVMSetSection(global, "license")
        LLVMSetLinkage(global, LLVMExternalLinkage)
    }
}

/// What functions add to while being emitted: events and probe names, shared by all programs.
struct EmissionContext {
    let program: CheckedProgram
    let options: CompileOptions
    let maps: MapGlobals
    var events: [EventDescriptor] = []
    var probeNames: [String] = []
    /// Where each helper the kernel may refuse in some probes is first called (see
    /// CompiledProgram.helperCallSites).
    var helperCallSites: [String: SourceRange] = [:]

    init(program: CheckedProgram, options: CompileOptions, maps: MapGlobals) {
        self.program = program; self.options = options; self.maps = maps
    }

    mutating func eventID(_ kind: EventKind) -> UInt64 {
        if let index = events.firstIndex(where: { $0.kind == kind }) { return UInt64(index) }
        events.append(EventDescriptor(kind))
        return UInt64(events.count - 1)
    }

    mutating func probeID(_ name: String) -> UInt64 {
        if let index = probeNames.firstIndex(of: name) { return UInt64(index) }
        probeNames.append(name)
        return UInt64(probeNames.count - 1)
    }
}
