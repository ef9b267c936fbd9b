// Walks every probe, assigning a type to each expression and a key/value type to each map.
// Expressions are in TypeChecker+Expressions.swift, calls in TypeChecker+Calls.swift,
// statements in TypeChecker+Statements.swift.

final class TypeChecker {
    let options: SemanticOptions
    let probes: [Probe]
    let attachPoints: [[ResolvedAttachPoint]]

    var sink = DiagnosticSink()
    var types: [Int: SwType] = [:]
    var maps: [MapInfo] = []
    var printfFormats: [Int: PrintfFormat] = [:]
    /// Fields and constants resolved by TypeChecker+Records.swift.
    var recordAccesses = RecordAccesses()
    /// Probes whose code depends on the attach point (`args`, `probe`).
    var probeSpecificProbes: Set<Int> = []

    // Per-probe state.
    var scopes = VariableScopes()
    var currentProbe = 0
    var loopDepth = 0
    /// Depth of `if` branches a condition known when compiling rules out, where fail() and
    /// static_assert are not "visited" (bpftrace's words) and so report nothing.
    var unreachableDepth = 0
    /// Depth of `for` bodies, which run in a callback and cannot `return`.
    var forLoopDepth = 0
    var reportUnknownMaps = false

    /// User functions by name, and the one whose body is being checked.
    var userFunctions: [String: FunctionDecl] = [:]
    var currentFunction: FunctionDecl?
    /// Calls between user functions (caller -> callees), to find recursion.
    var functionCalls: [String: Set<String>] = [:]
    /// Declared parameter types of each user function (CheckedProgram.parameterTypes).
    var parameterTypes: [String: [SwType]] = [:]
    /// Names of the program's macros (already expanded), for "did you mean" hints.
    var macroNames: [String] = []
    /// The program's text, to point at parts of statements the AST keeps no range for.
    var source: SourceFile?

    init(options: SemanticOptions, probes: [Probe], attachPoints: [[ResolvedAttachPoint]], functions: [FunctionDecl] = []) {
        self.options = options; self.probes = probes; self.attachPoints = attachPoints
        for function in functions where userFunctions[function.name] == nil { userFunctions[function.name] = function }
        self.functions = functions
    }

    let functions: [FunctionDecl]

    func checkAll(reportUnknownMaps: Bool) {
        self.reportUnknownMaps = reportUnknownMaps
        sink = DiagnosticSink()
        types = [:]
        printfFormats = [:]
        checkFunctions()
        for (index, probe) in probes.enumerated() {
            currentProbe = index
            scopes.reset()
            loopDepth = 0
            if let predicate = probe.predicate {
                let type = check(predicate)
                if type != .void, !isTruthTestable(type) {
                    report(SemanticDiagnostics.invalidCondition("predicate", predicate.range, type))
                }
            }
            check(probe.body)
        }
        scopes.reset()
    }

    func report(_ diagnostic: Diagnostic) {
        // Only the final round's findings count; earlier rounds lack map types.
        guard reportUnknownMaps else { return }
        // An error inside this construct already explains it: its value is unknown, so
        // complaining about its type again would only repeat the first error.
        if sink.diagnostics.contains(diagnostic) { return }  // an expression checked twice
        if diagnostic.severity == .error, sink.diagnostics.contains(where: { earlier in
            earlier.severity == .error && earlier.range.start >= diagnostic.range.start && earlier.range.end <= diagnostic.range.end
        }) { return }
        sink.report(diagnostic)
    }

    @discardableResult
    func record(_ expr: Expr, _ type: SwType) -> SwType {
        types[expr.id] = type
        return type
    }

    var currentProviders: Set<ProbeProviderKind> {
        Set(attachPoints[currentProbe].compactMap { point in providerKind(of: point.target) })
    }

    var currentProbeDescription: String {
        attachPoints[currentProbe].first.map { $0.probeName.split(separator: ":").first.map(String.init) ?? $0.probeName } ?? "this"
    }

    func providerKind(of target: AttachTarget) -> ProbeProviderKind {
        switch target {
        case .begin: return .begin
        case .end: return .end
        case .tracepoint: return .tracepoint
        case .rawTracepoint: return .rawTracepoint
        case .interval: return .interval
        case .profile: return .profile
        case .software: return .software
        case .hardware: return .hardware
        case .kprobe: return .kprobe
        case .kretprobe: return .kretprobe
        case .uprobe: return .uprobe
        case .uretprobe: return .uretprobe
        case .fentry: return .fentry
        case .fexit: return .fexit
        case .bpfFunction(_, _, let atExit): return atExit ? .fexit : .fentry
        case .watchpoint, .functionWatchpoint: return .watchpoint
        case .iterator: return .iterator
        case .selfSignal: return .selfProbe
        case .test: return .test
        case .bench: return .bench
        }
    }

    func isTruthTestable(_ type: SwType) -> Bool {
        switch type {
        case .integer, .boolean, .pointer: return true
        default: return false
        }
    }

    // MARK: Maps

    func mapInfo(_ name: String) -> MapInfo? { maps.first { $0.name == name } }

    /// Records (or checks against) the key and value types of a map written to.
    func defineMap(_ name: String, keys: [SwType], isKeyed: Bool, value: SwType, range: SourceRange) {
        let keys = keys.map(storageType)
        let value = storageType(value)
        guard let index = maps.firstIndex(where: { $0.name == name }) else {
            maps.append(MapInfo(name: name, keyTypes: keys, isKeyed: isKeyed, value: value, firstUse: range))
            return
        }
        var info = maps[index]
        if let merged = mergeKeys(info.keyTypes, keys) { info.keyTypes = merged }
        else { report(SemanticDiagnostics.mapKeyMismatch(name, range, existing: info.keyTypes, new: keys)) }
        if let merged = merge(info.value, value) { info.value = merged }
        else { report(SemanticDiagnostics.mapValueMismatch(name, range, existing: info.value, new: value)) }
        maps[index] = info
    }

    /// Checks the keys used to read a map against what it holds.
    func useMapKeys(_ name: String, keys: [SwType], range: SourceRange) {
        guard let info = mapInfo(name) else { return }
        if mergeKeys(info.keyTypes, keys.map(storageType)) == nil {
            report(SemanticDiagnostics.mapKeyMismatch(name, range, existing: info.keyTypes, new: keys.map(storageType)))
        }
    }

    /// How a value is stored in maps: integers widen to 64 bits.
    func storageType(_ type: SwType) -> SwType {
        switch type {
        case .integer(_, let signed): return .integer(bits: 64, signed: signed)
        case .tuple(let elements): return .tuple(elements.map(storageType))
        case .namedTuple(let names, let elements): return .namedTuple(names, elements.map(storageType))
        default: return type
        }
    }

    func merge(_ a: SwType, _ b: SwType) -> SwType? {
        switch (a, b) {
        case (.integer(_, let s1), .integer(_, let s2)): return .integer(bits: 64, signed: s1 || s2)
        case (.string(let x), .string(let y)): return .string(size: max(x, y))
        // A buffer carries its own length: the smaller one fits in the larger's storage.
        case (.buffer(let x), .buffer(let y)): return .buffer(size: max(x, y))
        case (.tuple(let x), .tuple(let y)) where x.count == y.count:
            var merged: [SwType] = []
            for (p, q) in zip(x, y) { guard let m = merge(p, q) else { return nil }; merged.append(m) }
            return .tuple(merged)
        case (.namedTuple, .namedTuple): return Self.mergeNamedTuples(a, b, fields: merge)
        case (.aggregation(let x), .aggregation(let y)):
            return mergeAggregations(x, y).map { .aggregation($0) }
        default: return a == b ? a : nil
        }
    }

    func mergeAggregations(_ a: Aggregation, _ b: Aggregation) -> Aggregation? {
        switch (a, b) {
        case (.count, .count): return .count
        case (.hist, .hist): return .hist
        case (.sum(let x), .sum(let y)): return .sum(signed: x || y)
        case (.min(let x), .min(let y)): return .min(signed: x || y)
        case (.max(let x), .max(let y)): return .max(signed: x || y)
        case (.avg(let x), .avg(let y)): return .avg(signed: x || y)
        case (.stats(let x), .stats(let y)): return .stats(signed: x || y)
        case (.lhist, .lhist): return a == b ? a : nil
        case (.log2Hist, .log2Hist): return a == b ? a : nil
        case (.tseries, .tseries): return a == b ? a : nil
        default: return nil
        }
    }

    func mergeKeys(_ a: [SwType], _ b: [SwType]) -> [SwType]? {
        guard a.count == b.count else { return nil }
        var merged: [SwType] = []
        for (x, y) in zip(a, b) { guard let m = merge(x, y) else { return nil }; merged.append(m) }
        return merged
    }
}
