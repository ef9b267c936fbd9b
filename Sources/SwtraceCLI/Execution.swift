// The run half of a session: load and attach the BPF object, handle events, print maps at exit.
import Foundation
import SwtraceCore
import SwtraceCodegen
import SwtraceOutput
import SwtraceRuntime

final class Execution {
    let compiled: CompiledProgram
    /// Swapped for a capturing sink while a test:/bench: probe runs (Execution+ProbeRunModes).
    var output: OutputSink
    var formatter: OutputFormatter
    let options: RunOptions
    let loaded: LoadedProgram
    var exitRequested = false
    /// As bpftrace: once an exit() event is handled, the events queued behind it (other hits
    /// of the probes, other CPUs) are dropped until END runs, so `printf(...); exit()` prints once.
    var droppingEventsAfterExit = false
    /// The code of the exit() that ended the run (0 without one).
    var exitCode: Int32 = 0
    /// errorf() calls seen: each fails the test:NAME probe that made it.
    var errorCount = 0
    private var printfFormats: [String: PrintfFormat] = [:]
    private var lastFormat: (text: String, parsed: PrintfFormat?)?
    private var reportedLostEvents: UInt64 = 0
    private let liveView: LiveView?
    /// Text output prints printf's text as it is, so it can be rendered into the output bytes.
    var printfIsPlainText: Bool
    /// `config = { print_maps_on_exit = false }` turns the exit printing off.
    var printsMapsAtExit = true
    /// `config = { missing_probes = ... }`: what to do about attach points that do not exist.
    var missingProbes = ProgramSettings.MissingProbes.warn
    /// `max_cat_bytes`: how much of a file cat() prints.
    var maxCatBytes = ProgramSettings().maxCatBytes

    init(compiled: CompiledProgram, output: OutputSink, formatter: OutputFormatter, options: RunOptions) throws {
        self.compiled = compiled
        self.output = output
        // The session picks text or JSON; CSV is chosen here, where its printer lives.
        self.formatter = options.formatter == nil && options.format == .csv ? CSVFormatter() : formatter
        self.options = options
        printfIsPlainText = self.formatter is TextFormatter
        liveView = options.liveIntervalMilliseconds.map {
            LiveView(intervalMilliseconds: $0, outputIsTerminal: options.outputPath == nil && isatty(STDOUT_FILENO) == 1)
        }
        loaded = try LoadedProgram(elf: compiled.elf, plan: compiled.plan, verbose: options.verbose,
                                   verifierLog: options.debugStages.contains("verifier"))
        let libbpfText = LibbpfLog.shared.text()
        if options.debugStages.contains("libbpf") { writeError(libbpfText) }
        if options.debugStages.contains("verifier") { writeError(DebugStages.verifierLogs(in: libbpfText)) }
    }

    func run(child: TracedCommand?) throws -> Int32 {
        defer { loaded.detachAll() }
        if options.dryRun { return 0 }
        // self:signal:SIGUSR1 probes run whenever that signal arrives; other signals end the run.
        let signalProbes = !compiled.plan.signalPrograms("SIGUSR1").isEmpty
        SignalWatcher.install(signals: [SIGINT, SIGTERM] + (signalProbes ? [SIGUSR1] : []))
        // As bpftrace (missing_probes = warn by default): a library function some attach points
        // name but this system's library lacks (e.g. sslsnoop.bt's OpenSSL 1.1 internals on
        // OpenSSL 3) is skipped with a warning; a run where nothing would be traced still fails.
        let attached = try loaded.attachAll(skippingMissingSymbols: missingProbes != .error)
        if let first = loaded.skippedProbes.first, attached == 0 { throw first.reason }
        if missingProbes == .warn {
            for skipped in loaded.skippedProbes {
                output.write("WARNING: \(skipped.reason): skipping probe \(skipped.probe)\n", to: .standardError)
            }
        }
        if !options.quiet {
            output.write(formatter.attachedProbes(compiled.plan.attachedProbeCount - loaded.skippedProbes.count),
                         to: formatter.attachedProbesStream)
        }
        try loaded.runBegin()
        try loaded.drain(handle)
        output.endOfBatch()
        // A BEGIN/END-only program is done once BEGIN has run (bpftrace >= 0.24); with -c the
        // command still runs to its end, which ends the run as usual.
        if compiled.plan.hasOnlyBeginAndEnd, child == nil { exitRequested = true }
        // As bpftrace: a pinned iterator is left for its file's readers, and the run ends at once.
        for path in try loaded.startIterators() {
            output.write("Program pinned to \(path)\n")
            exitRequested = true
        }
        child?.start()
        while !exitRequested {
            if let signal = SignalWatcher.receivedSignal {
                guard signalProbes, signal == SIGUSR1 else { break }
                SignalWatcher.reset()
                try loaded.runSignal("SIGUSR1")
            }
            try loaded.poll(timeoutMilliseconds: 100, handle)
            output.endOfBatch()
            reportLostEvents()
            if let liveView, liveView.isDue() {
                output.write(liveView.frame(readMaps(), formatter: formatter))
                output.flush()
            }
            if let child, child.hasExited {
                try loaded.drain(handle)
                break
            }
            // User stacks and symbols are printed after the -c child (or -p process) has gone:
            // keep the maps read while it ran.
            if compiled.usesUserSymbols, let traced = child?.pid ?? options.pid { UserSymbols.shared.remember(pid: traced) }
            // Like bpftrace, a run traced with -p ends when that process does.
            if let pid = options.pid, kill(pid, 0) != 0, errno == ESRCH {
                try loaded.drain(handle)
                break
            }
        }
        // As bpftrace: the probes go before END runs, so what END prints or clears is final and
        // no event (swtrace's own map reads included) lands in the maps printed at exit.
        loaded.detachAll()
        try loaded.drain(handle)
        droppingEventsAfterExit = false
        try loaded.runEnd()
        try loaded.drain(handle)
        reportLostEvents()
        // As bpftrace: the total goes to stderr too, where high-rate output cannot bury it.
        if reportedLostEvents > 0 {
            output.write("WARNING: Total lost event count: \(reportedLostEvents)\n", to: .standardError)
        }
        // bpftrace writes endOfRun even with print_maps_on_exit off; ConfigIntegrationTests
        // (the lead's) expects nothing then, so that difference stays until it is settled.
        if printsMapsAtExit { output.write(formatter.mapsAtExit(readMaps())) }
        output.flush()
        return exitCode
    }

    func handle(_ event: RuntimeEvent) {
        // An arming uprobe's tracee is stopped until its event is handled, even after exit().
        if droppingEventsAfterExit, !event.armsWatchpoint { return }
        switch event {
        case .printf(let format, let arguments):
            guard let parsed = parsedFormat(format) else { return }
            if printfIsPlainText {
                output.write { PrintfRenderer.render(parsed, arguments, into: &$0) }
            } else {
                output.write(formatter.printf(PrintfRenderer.render(parsed, arguments)))
            }
        case .exit(let code):
            // The first exit() wins: later events of the same batch do not change the status.
            if !exitRequested { exitCode = code }
            exitRequested = true
            droppingEventsAfterExit = true
        case .printMap(let index, let top, let divisor):
            if let snapshot = try? loaded.readMap(index) {
                let printable = EmptyScalarMap.printable(snapshot, descriptor: compiled.plan.maps[index])
                output.write(formatter.map(printable, top: top, divisor: divisor))
            }
        case .printValue(let value):
            output.write(formatter.value(value))
        case .clearMap(let index):
            try? loaded.clearMap(index)
        case .zeroMap(let index):
            try? loaded.zeroMap(index)
        case .time(let format):
            output.write(formatter.time(LocalTime.format(format)))
        case .action(.message(let prefix, let format, let arguments)):
            // Formats with records for errorf()/warnf() (JSON) put them in the output stream.
            let text = PrintfRenderer.render(parsedFormat(format) ?? PrintfFormat(segments: []), arguments)
            // warnf() and -k's helper warnings are warnings: --no-warnings silences them, as in bpftrace.
            let message = RuntimeMessage(prefix: prefix, text: text)
            if message?.severity == .error { errorCount += 1 }
            if !options.warnings, message?.severity == .warning { return }
            if let message, let record = formatter.runtimeMessage(message) {
                output.write(record)
            } else {
                output.write(prefix + text + "\n", to: .standardError)
            }
        case .watchpointAttach(let index, let address):
            let result = WatchpointEvents.attach(index: index, address: address, arming: loaded.watchpoints,
                                                 missingProbes: missingProbes, ending: exitRequested)
            if !result.messages.isEmpty { output.write(result.messages, to: .standardError) }
            if result.fatal {
                if !exitRequested { exitCode = 1 }
                exitRequested = true
            }
        case .watchpointDetach(let address):
            loaded.watchpoints.disarm(address: address)
        case .action(let action):
            let result = AsyncActions.perform(action, formatter: formatter, maxCatBytes: maxCatBytes) { PrintfRenderer.render(parsedFormat($0) ?? PrintfFormat(segments: []), $1) }
            output.write(result.text, to: result.stream)
        }
    }

    /// Like bpftrace, reports events dropped since the last report as soon as it sees them.
    private func reportLostEvents() {
        let lost = loaded.lostEvents
        guard lost > reportedLostEvents else { return }
        output.write(formatter.lostEvents(lost - reportedLostEvents), to: formatter.lostEventsStream)
        reportedLostEvents = lost
    }

    private func parsedFormat(_ format: String) -> PrintfFormat? {
        // Runs of events share a format, passed as the same String: comparing it with the last
        // one is a pointer check, where the dictionary would hash the text for every event.
        if let last = lastFormat, last.text == format { return last.parsed }
        let parsed: PrintfFormat?
        if let cached = printfFormats[format] {
            parsed = cached
        } else {
            parsed = try? PrintfFormat.parse(format)
            printfFormats[format] = parsed
        }
        lastFormat = (format, parsed)
        return parsed
    }

    private func readMaps() -> [MapSnapshot] {
        compiled.plan.maps.indices.compactMap { try? loaded.readMap($0) }.filter { !$0.entries.isEmpty }
    }
}

/// `time()` output: strftime in the local time zone.
enum LocalTime {
    static func format(_ format: String, at date: Date = Date()) -> String {
        var now = time_t(date.timeIntervalSince1970)
        var parts = tm()
        localtime_r(&now, &parts)
        // The format's exact bytes in and out (ByteText): literal text need not be UTF-8.
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = (ByteText.bytes(of: format) + [0]).withUnsafeBufferPointer { pattern in
            pattern.withMemoryRebound(to: CChar.self) { pattern in
                buffer.withUnsafeMutableBufferPointer { out in
                    out.withMemoryRebound(to: CChar.self) { strftime($0.baseAddress, $0.count, pattern.baseAddress, &parts) }
                }
            }
        }
        return ByteText.string(buffer.prefix(count))
    }
}

private extension RuntimeEvent {
    var armsWatchpoint: Bool {
        if case .watchpointAttach = self { return true }
        return false
    }
}
