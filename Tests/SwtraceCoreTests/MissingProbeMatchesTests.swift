// Wildcard attach points that match nothing on this system: left out beside attach points that
// exist (dcsnoop.bt's `kprobe:lookup_fast, kprobe:lookup_fast.constprop.*`), and a probe left
// with none is removed under missing_probes, with bpftrace's words.
import XCTest
@testable import SwtraceCore

/// FixedCatalogue's tracepoints, plus a few kernel functions for kprobe wildcards.
private struct FunctionsCatalogue: KernelCatalogue {
    let base = FixedCatalogue()
    let functions = ["d_lookup", "lookup_fast", "vfs_read"]
    func tracepoints(category: String, name: String) throws -> [(category: String, name: String)] {
        try base.tracepoints(category: category, name: name)
    }
    func tracepointFormat(category: String, name: String) throws -> TracepointFormat? {
        try base.tracepointFormat(category: category, name: name)
    }
    var features: KernelFeatures { KernelFeatures(kprobes: true, fentry: false, btf: true, ringBuffer: true) }
    func kernelFunctions(matching pattern: String) throws -> [String] { functions.filter { globMatches(pattern, $0) } }
}

final class MissingProbeMatchesTests: XCTestCase {
    private func analyze(_ text: String, missingProbes: ProgramSettings.MissingProbes = .warn) throws -> CheckedProgram {
        let source = SourceFile(name: "stdin", text: text)
        var options = SemanticOptions(catalogue: FunctionsCatalogue())
        options.missingProbes = missingProbes
        return try SemanticAnalyzer.analyze(try Parser.parse(source), source: source, options: options)
    }

    /// What swtrace prints for the program: its errors, or else its warnings.
    private func rendered(_ text: String, missingProbes: ProgramSettings.MissingProbes = .warn) -> String {
        let source = SourceFile(name: "stdin", text: text)
        do {
            return DiagnosticRenderer.render(try analyze(text, missingProbes: missingProbes).warnings, in: source)
        } catch let error as DiagnosticError {
            return DiagnosticRenderer.render(error.diagnostics, in: source)
        } catch {
            return "unexpected: \(error)"
        }
    }

    private func probeNames(_ checked: CheckedProgram) -> [[String]] {
        checked.probes.map { $0.attachPoints.map(\.probeName) }
    }

    func testUnmatchedWildcardBesideAnExistingFunctionIsLeftOutQuietly() throws {
        let text = "kprobe:lookup_fast, kprobe:lookup_fast.constprop.* { @calls = count(); }"
        for setting in ProgramSettings.MissingProbes.allCases {
            let checked = try analyze(text, missingProbes: setting)
            XCTAssertEqual(probeNames(checked), [["kprobe:lookup_fast"]], "\(setting)")
            XCTAssertEqual(checked.warnings, [], "\(setting)")
        }
    }

    func testWildcardsThatMatchKeepTheirMatches() throws {
        let checked = try analyze("kprobe:nothing_*, kprobe:*lookup* { @calls = count(); }")
        XCTAssertEqual(probeNames(checked), [["kprobe:d_lookup", "kprobe:lookup_fast"]])
    }

    func testProbeOfUnmatchedWildcardsIsRemovedWithAWarning() throws {
        let text = "BEGIN { @began = 1; } tracepoint:syscalls:sys_enter_nosuch*, tracepoint:nosuch*:x { @hits = count(); }"
        XCTAssertEqual(rendered(text), """
            stdin:1:23-82: WARNING: Probe has no valid attach points. It is being removed which may cause issues with program behavior.
            BEGIN { @began = 1; } tracepoint:syscalls:sys_enter_nosuch*, tracepoint:nosuch*:x { @hits = count(); }
                                  ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
            HINT: 'tracepoint:syscalls:sys_enter_nosuch*' matches nothing on this system
            HINT: list what exists with: swtrace -l 'tracepoint:syscalls:*'
            HINT: 'tracepoint:nosuch*:x' matches nothing on this system
            HINT: list what exists with: swtrace -l 'tracepoint:nosuch*:*'

            """)
        let checked = try analyze(text)
        XCTAssertEqual(probeNames(checked), [["BEGIN"]])
        XCTAssertEqual(checked.program.probes.count, 1, "the removed probe's body is not checked or compiled")
        XCTAssertEqual(checked.maps.map(\.name), ["@began"])
    }

    func testMissingProbesErrorRefusesTheProgram() {
        XCTAssertEqual(rendered("BEGIN { } kprobe:lookup_fast.constprop.* { @calls = count(); }", missingProbes: .error), """
            stdin:1:11-41: ERROR: Probe has no valid attach points. If this is expected, set the 'missing_probes' config variable to 'warn'.
            BEGIN { } kprobe:lookup_fast.constprop.* { @calls = count(); }
                      ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
            HINT: 'kprobe:lookup_fast.constprop.*' matches nothing on this system
            HINT: list what exists with: swtrace -l 'kprobe:*'

            """)
    }

    func testMissingProbesIgnoreRemovesTheProbeSilently() throws {
        let checked = try analyze("BEGIN { } kprobe:lookup_fast.constprop.* { @calls = count(); }", missingProbes: .ignore)
        XCTAssertEqual(probeNames(checked), [["BEGIN"]])
        XCTAssertEqual(checked.warnings, [])
    }

    // A name that does not exist, beside an attach point that does: skipped with bpftrace's
    // warning (and a listing hint), refused under missing_probes=error, silent under ignore.
    func testNameThatDoesNotExistBesideOneThatDoesIsSkipped() throws {
        let text = "tracepoint:syscalls:sys_enter_getppid_x, tracepoint:syscalls:sys_enter_open* { @opens = count(); }"
        XCTAssertEqual(rendered(text), """
            stdin:1:1-40: WARNING: No matches for tracepoint syscalls:sys_enter_getppid_x. Skipping.
            tracepoint:syscalls:sys_enter_getppid_x, tracepoint:syscalls:sys_enter_open* { @opens = count(); }
            ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
            HINT: list what exists with: swtrace -l 'tracepoint:syscalls:*'

            """)
        XCTAssertEqual(probeNames(try analyze(text)), [["tracepoint:syscalls:sys_enter_openat"]])
        XCTAssertEqual(rendered(text, missingProbes: .error), """
            stdin:1:1-40: ERROR: No probes matched 'tracepoint:syscalls:sys_enter_getppid_x'
            tracepoint:syscalls:sys_enter_getppid_x, tracepoint:syscalls:sys_enter_open* { @opens = count(); }
            ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
            HINT: list what exists with: swtrace -l 'tracepoint:syscalls:*'

            """)
        let ignored = try analyze(text, missingProbes: .ignore)
        XCTAssertEqual(probeNames(ignored), [["tracepoint:syscalls:sys_enter_openat"]])
        XCTAssertEqual(ignored.warnings, [])
    }

    // A name that does not exist stays an error when nothing of its probe exists (alone, or
    // beside wildcards matching nothing), and so does a malformed attach point.
    func testNamesThatDoNotExistAndOtherErrorsAreStillErrors() {
        XCTAssertEqual(rendered("tracepoint:syscalls:sys_enter_getppid_x, tracepoint:syscalls:nosuch* { }"), """
            stdin:1:1-40: ERROR: No probes matched 'tracepoint:syscalls:sys_enter_getppid_x'
            tracepoint:syscalls:sys_enter_getppid_x, tracepoint:syscalls:nosuch* { }
            ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
            HINT: list what exists with: swtrace -l 'tracepoint:syscalls:*'

            """)
        XCTAssertEqual(rendered("tracepoint:syscalls, tracepoint:syscalls:nosuch* { }"), """
            stdin:1:1-20: ERROR: Invalid attach point 'tracepoint:syscalls': expected tracepoint:CATEGORY:NAME
            tracepoint:syscalls, tracepoint:syscalls:nosuch* { }
            ~~~~~~~~~~~~~~~~~~~

            """)
    }

    func testWildcardSpellings() {
        func point(_ raw: String) -> AttachPoint {
            AttachPoint(raw: raw, parts: raw.split(separator: ":", omittingEmptySubsequences: false).map(String.init), range: .none)
        }
        XCTAssertTrue(AttachPointResolver.hasWildcard(point("kprobe:vfs_*")))
        XCTAssertTrue(AttachPointResolver.hasWildcard(point("tracepoint:sys?alls:x")))
        XCTAssertTrue(AttachPointResolver.hasWildcard(point("kprobe:vfs_[rw]*")))
        XCTAssertFalse(AttachPointResolver.hasWildcard(point("kprobe:vfs_read")))
        XCTAssertFalse(AttachPointResolver.hasWildcard(point("uprobe:/bin/[x:main")))
        XCTAssertTrue(AttachPointResolver.hasWildcard(point("watchpoint:incr*+arg0:4:w")))
        XCTAssertFalse(AttachPointResolver.expandsMissingMatches(point("watchpoint:incr*+arg0:4:w")))
        XCTAssertTrue(AttachPointResolver.expandsMissingMatches(point("kprobe:vfs_*")))
    }
}
