// `--test` and `--bench` runs, as bpftrace's test and bench modes: BEGIN runs, then each
// test:NAME (or bench:NAME) probe in program order, run by the kernel on demand
// (BPF_PROG_TEST_RUN), then END. No tracing probe is attached, there is no "Attached N probes"
// line and the maps are not printed at exit.
import Foundation
import SwtraceCore
import SwtraceOutput
import SwtraceRuntime

extension Execution {
    /// The program's (name, BPF program) pairs for one provider, in program order.
    private func specialPrograms(_ mode: ProbeRunMode) -> [(name: String, program: String)] {
        compiled.plan.programs.flatMap { attachment in
            attachment.targets.compactMap { target -> (name: String, program: String)? in
                switch (target, mode) {
                case (.test(let name), .test), (.bench(let name), .bench): return (name, attachment.programName)
                default: return nil
                }
            }
        }
    }

    /// Runs BEGIN, then `body` (the tests or benchmarks), then END; returns `body`'s status.
    private func runWithBeginAndEnd(_ mode: ProbeRunMode, _ body: () throws -> Int32) throws -> Int32 {
        defer { loaded.detachAll() }
        // As bpftrace: with nothing that runs in this mode (only tracing probes), nothing would.
        if specialPrograms(mode).isEmpty, compiled.plan.beginPrograms.isEmpty, compiled.plan.endPrograms.isEmpty {
            output.write("ERROR: Attachment failed for all probes.\n", to: .standardError)
            return 1
        }
        if options.dryRun { return 0 }
        SignalWatcher.install(signals: [SIGINT, SIGTERM])
        try loaded.runBegin()
        try loaded.drain(handle)
        output.endOfBatch()
        // exit() in BEGIN does not stop the tests: in these modes the run always goes through.
        exitCode = 0
        exitRequested = false
        droppingEventsAfterExit = false
        let status = try body()
        droppingEventsAfterExit = false
        try loaded.runEnd()
        try loaded.drain(handle)
        output.flush()
        return status
    }

    /// Runs `program` `times` times with the output captured; returns the result and the output.
    private func captured(_ program: String, times: Int) throws -> (TestRunResult, String) {
        // As bpftrace, a test's output is kept as text, whatever the run's format.
        let (shown, format, plain) = (output, formatter, printfIsPlainText)
        output = OutputSink.capturing()
        formatter = TextFormatter()
        printfIsPlainText = true
        defer { (output, formatter, printfIsPlainText) = (shown, format, plain) }
        exitCode = 0
        exitRequested = false
        droppingEventsAfterExit = false
        errorCount = 0
        let result = try loaded.testRun(programNamed: program, times: times)
        try loaded.drain(handle)
        return (result, output.takeCaptured())
    }

    /// `--test`: each test:NAME probe once; it passes when it returns 0, calls no exit() with a
    /// non-zero code and no errorf(). Exit status 1 when any test failed.
    func runTests() throws -> Int32 {
        let tests = specialPrograms(.test)
        let names = tests.map(\.name)
        let json = options.format == .json
        let report = TestReport(colour: TerminalColour.wantsColour(
            isTerminal: options.outputPath == nil && isatty(STDOUT_FILENO) == 1,
            environment: ProcessInfo.processInfo.environment))
        return try runWithBeginAndEnd(.test) {
            var passed: [Bool] = []
            for (index, test) in tests.enumerated() {
                if SignalWatcher.receivedSignal != nil { break }
                if !json {
                    if index == 0 { output.write(report.banner(testCount: tests.count)) }
                    output.write(report.running(test.name))
                    output.flush()
                }
                let (result, text) = try captured(test.program, times: 1)
                let verdict = result.returnValue == 0 && exitCode == 0 && errorCount == 0
                passed.append(verdict)
                if json {
                    output.write(TestReport.json(test.name, passed: verdict, nanoseconds: result.nanoseconds, output: text))
                } else {
                    output.write(report.result(test.name, passed: verdict, nanoseconds: result.nanoseconds, output: text))
                    if passed.count == tests.count { output.write(report.summary(names: names, passed: passed)) }
                }
                output.flush()
            }
            return passed.allSatisfy { $0 } ? 0 : 1
        }
    }

    /// `--bench`: each bench:NAME probe repeated until the runs take a millisecond together
    /// (BenchmarkSchedule), its output discarded; one table row with the average time per run.
    /// A probe returning non-zero is skipped; one calling errorf() or exit() with a non-zero
    /// code fails the run (exit status 1).
    func runBenchmarks() throws -> Int32 {
        let benches = specialPrograms(.bench)
        let names = benches.map(\.name)
        let json = options.format == .json
        return try runWithBeginAndEnd(.bench) {
            var status: Int32 = 0
            var headerWritten = json
            for bench in benches {
                if SignalWatcher.receivedSignal != nil { break }
                var iterations = 1
                while true {
                    let (result, _) = try captured(bench.program, times: iterations)
                    if exitCode == 0, result.returnValue != 0 { break }
                    if let next = BenchmarkSchedule.next(after: iterations, totalNanoseconds: result.nanoseconds) {
                        iterations = next
                        continue
                    }
                    if exitCode != 0 || errorCount != 0 {
                        output.write("ERROR: Benchmark '\(bench.name)' failed.\n", to: .standardError)
                        status = 1
                        break
                    }
                    // bpftrace writes the header with the first benchmark's row, so none at all
                    // when that one is skipped; here it comes with the first row there is.
                    if !headerWritten { output.write(BenchmarkTable.header(names: names)) }
                    headerWritten = true
                    let average = result.nanoseconds / UInt64(iterations)
                    output.write(json ? BenchmarkTable.json(bench.name, averageNanoseconds: average, iterations: iterations)
                                      : BenchmarkTable.row(bench.name, names: names, averageNanoseconds: average,
                                                           iterations: iterations))
                    output.flush()
                    break
                }
            }
            return status
        }
    }
}
