// Entry point of semantic analysis: resolves probes, types every expression, fixes map types.

public struct SemanticOptions: Sendable {
    public var catalogue: KernelCatalogue
    /// `-p PID` or the `-c` child's pid.
    public var pidFilter: Int32?
    public var positionalArguments: [String]
    /// False for compile-only checks of probes this kernel cannot attach (e.g. kprobes).
    public var requireKernelFeatures: Bool
    /// Size of strings read with `str()` (bpftrace's default is 64).
    public var maxStringSize: Int
    /// `--unsafe`: allows system() and signal().
    public var allowsUnsafe: Bool = false
    /// `--test`/`--bench` keep the test:/bench: probes the ordinary run drops.
    public var runMode: ProbeRunMode = .trace
    /// `missing_probes`: what becomes of a probe whose wildcards all match nothing here.
    public var missingProbes: ProgramSettings.MissingProbes = .warn

    public init(catalogue: KernelCatalogue, pidFilter: Int32? = nil, positionalArguments: [String] = [],
                requireKernelFeatures: Bool = true, maxStringSize: Int = 64) {
        self.catalogue = catalogue; self.pidFilter = pidFilter; self.positionalArguments = positionalArguments
        self.requireKernelFeatures = requireKernelFeatures; self.maxStringSize = maxStringSize
    }
}

public enum SemanticAnalyzer {
    /// Throws `DiagnosticError` with every error found; warnings are returned in the result.
    public static func analyze(_ written: Program, source: SourceFile, options given: SemanticOptions) throws -> CheckedProgram {
        var sink = DiagnosticSink()
        var options = given
        let (positional, named) = NamedParameters.split(given.positionalArguments)
        options.positionalArguments = positional
        if !written.typeDefinitions.isEmpty {
            let kernelTypes = given.catalogue.typeCatalogue
            let records = UserTypeDefinitions.records(written.typeDefinitions, kernelTypes: kernelTypes, sink: &sink)
            let user = Dictionary(records.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            options.catalogue = CatalogueWithUserTypes(base: given.catalogue, types: UserFirstTypeCatalogue(user: user, kernel: kernelTypes))
        }
        let (expanded, macroProblems) = MacroExpander.expand(written, source: source)
        var program = PositionalStrings.rewrite(
            AssertCalls.rewrite(FindCalls.rewrite(DeprecatedNames.rewrite(NamedParameters.rewrite(expanded, given: named, sink: &sink),
                                                                          sink: &sink), sink: &sink), sink: &sink),
            arguments: options.positionalArguments)
        for diagnostic in macroProblems { sink.report(diagnostic) }
        let resolver = AttachPointResolver(catalogue: options.catalogue, requireKernelFeatures: options.requireKernelFeatures)
        var resolvedProbes: [[ResolvedAttachPoint]] = []
        var keptProbes: [Probe] = []
        for probe in program.probes {
            // A probe whose every attach point is a wildcard matching nothing is removed (missing_probes).
            guard let points = resolver.resolveAttachPoints(of: probe, arguments: options.positionalArguments,
                                                            missingProbes: options.missingProbes, sink: &sink) else { continue }
            resolvedProbes.append(points)
            keptProbes.append(probe)
        }
        program.probes = keptProbes
        resolver.missingFeatures.report(into: &sink)
        TestBenchNames.check(program, sink: &sink)
        let checker = TypeChecker(options: options, probes: program.probes, attachPoints: resolvedProbes,
                                  functions: program.functions)
        checker.macroNames = program.macros.map(\.name)
        checker.source = source
        // Maps may be read in a probe that comes before the one assigning them: the first
        // round learns map types, the second reports with everything known.
        checker.checkAll(reportUnknownMaps: false)
        checker.checkAll(reportUnknownMaps: true)
        // Unused values matter once the program is otherwise right; next to errors they are noise.
        let hasErrors = sink.hasErrors || checker.sink.hasErrors
        for diagnostic in checker.sink.diagnostics where !(hasErrors && diagnostic.id == SemanticDiagnostics.discardedValueId) {
            sink.report(diagnostic)
        }
        var maps = checker.maps
        let refused = UnstableFeatures.check(program, sink: &sink)
        MapDeclarations.apply(written.mapDeclarations, enabled: !refused.contains(UnstableFeatures.mapDeclarations),
                              maps: &maps, sink: &sink)
        try sink.throwIfErrors()

        // test:/bench: probes have been checked; outside bpftrace's --test/--bench modes they do not run.
        let runnable = resolvedProbes.map { points in points.filter { options.runMode.keeps($0.target) } }
        let probes = program.probes.enumerated().map { index, probe in
            CheckedProbe(probe: probe, attachPoints: runnable[index],
                         needsProgramPerAttachPoint: checker.probeSpecificProbes.contains(index),
                         filtersByPid: options.pidFilter != nil
                            && resolvedProbes[index].allSatisfy { point in
                                ProbeCatalogue.providers.first { $0.programKind == point.programKind && $0.filtersByPid } != nil
                                    && point.target != .begin && point.target != .end && !isInterval(point.target)
                            })
        }
        var checked = CheckedProgram(program: program, source: source, probes: probes, types: checker.types,
                              maps: maps, printfFormats: checker.printfFormats, pidFilter: options.pidFilter,
                              positionalArguments: options.positionalArguments,
                              declaredTypes: checker.scopes.declaredTypes,
                              warnings: sink.diagnostics.filter { $0.severity == .warning },
                              recordAccesses: checker.recordAccesses)
        checked.parameterTypes = checker.parameterTypes
        return checked
    }

    private static func isInterval(_ target: AttachTarget) -> Bool {
        if case .interval = target { return true }
        return false
    }
}
