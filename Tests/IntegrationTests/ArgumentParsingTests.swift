// Command-line spellings -> RunOptions, without running anything: getopt-style normalisation
// and the bpftrace rules for -l, -e, FILENAME and $1...
import XCTest
@testable import SwtraceCLI

final class ArgumentPreprocessingTests: XCTestCase {
    func normalise(_ arguments: String...) -> [String] {
        ArgumentPreprocessing.normalise(arguments)
    }

    func testGroupedFlagsAreSplit() {
        XCTAssertEqual(normalise("-lv", "tracepoint:*"), ["-l", "-v", "tracepoint:*"])
        XCTAssertEqual(normalise("-vl"), ["-v", "-l"])
        XCTAssertEqual(normalise("-lvq"), ["-l", "-v", "-q"])
    }

    func testAttachedValuesAreSeparated() {
        XCTAssertEqual(normalise("-p123", "-eBEGIN {}"), ["-p", "123", "-e", "BEGIN {}"])
        XCTAssertEqual(normalise("-fjson"), ["-f", "json"])
        XCTAssertEqual(normalise("-dast,ir"), ["-d", "ast,ir"])
    }

    func testFlagsBeforeAnOptionWithValue() {
        XCTAssertEqual(normalise("-qe", "BEGIN {}"), ["-q", "-e", "BEGIN {}"])
        XCTAssertEqual(normalise("-qp1"), ["-q", "-p", "1"])
    }

    func testOptionValuesPassThroughEvenWhenTheyLookLikeOptions() {
        XCTAssertEqual(normalise("-e", "-lv"), ["-e", "-lv"])
        XCTAssertEqual(normalise("-c", "-qv x"), ["-c", "-qv x"])
    }

    func testLongOptionsLoneDashAndUnknownGroupsAreUntouched() {
        XCTAssertEqual(normalise("--dry-run", "--info", "-"), ["--dry-run", "--info", "-"])
        XCTAssertEqual(normalise("-lx"), ["-lx"])
        XCTAssertEqual(normalise("-5"), ["-5"])
    }

    func testNothingAfterDoubleDashIsRewritten() {
        XCTAssertEqual(normalise("-e", "BEGIN {}", "--", "-lv", "-p1"),
                       ["-e", "BEGIN {}", "--", "-lv", "-p1"])
    }

    func testEmptyInput() {
        XCTAssertEqual(normalise(), [])
    }
}

final class RunOptionsParsingTests: XCTestCase {
    /// Parses with a fake file system that holds exactly `files`.
    func parse(_ arguments: [String], files: Set<String> = []) throws -> RunOptions {
        try SwtraceCommandMain.runOptions(from: arguments, fileExists: { files.contains($0) })
    }

    func errorMessage(_ arguments: [String]) -> String? {
        do {
            _ = try parse(arguments)
            return nil
        } catch {
            return SwtraceCommandMain.message(for: error)
        }
    }

    func testInlineProgramWithPositionalParameters() throws {
        let options = try parse(["-e", "BEGIN { print($1); }", "one", "two"])
        XCTAssertEqual(options.program, .inline("BEGIN { print($1); }"))
        XCTAssertEqual(options.positionalArguments, ["one", "two"])
        XCTAssertFalse(options.listProbes)
    }

    func testProgramFileThenPositionalParameters() throws {
        let options = try parse(["script.bt", "42", "-q", "x"])
        XCTAssertEqual(options.program, .file(path: "script.bt"))
        XCTAssertEqual(options.positionalArguments, ["42", "x"])
        XCTAssertTrue(options.quiet)
    }

    func testStandardInputProgram() throws {
        let options = try parse(["-"])
        XCTAssertEqual(options.program, .file(path: "-"))
        XCTAssertEqual(options.positionalArguments, [])
    }

    func testParametersStartingWithDashGoAfterDoubleDash() throws {
        let options = try parse(["-e", "BEGIN {}", "--", "-5", "-x"])
        XCTAssertEqual(options.positionalArguments, ["-5", "-x"])
    }

    func testListWithoutPattern() throws {
        let options = try parse(["-l"])
        XCTAssertTrue(options.listProbes)
        XCTAssertNil(options.listPattern)
        XCTAssertNil(options.program)
    }

    func testListWithPattern() throws {
        let options = try parse(["-l", "tracepoint:syscalls:sys_enter_*"])
        XCTAssertTrue(options.listProbes)
        XCTAssertEqual(options.listPattern, "tracepoint:syscalls:sys_enter_*")
        XCTAssertFalse(options.verbose)
    }

    func testListStarMeansEverything() throws {
        XCTAssertNil(try parse(["-l", "*"]).listPattern)
    }

    func testVerboseListingSpellings() throws {
        for arguments in [["-lv", "tracepoint:sched:*"], ["-vl", "tracepoint:sched:*"],
                          ["-l", "-v", "tracepoint:sched:*"], ["-l", "tracepoint:sched:*", "-v"]] {
            let options = try parse(arguments)
            XCTAssertTrue(options.listProbes, "\(arguments)")
            XCTAssertTrue(options.verbose, "\(arguments)")
            XCTAssertEqual(options.listPattern, "tracepoint:sched:*", "\(arguments)")
        }
        let bare = try parse(["-lv"])
        XCTAssertTrue(bare.listProbes && bare.verbose)
        XCTAssertNil(bare.listPattern)
    }

    func testListTheProbesOfAProgram() throws {
        let inline = try parse(["-l", "-e", "tracepoint:sched:* { }"])
        XCTAssertTrue(inline.listProbes)
        XCTAssertEqual(inline.program, .inline("tracepoint:sched:* { }"))
        XCTAssertNil(inline.listPattern)

        let file = try parse(["-l", "tools/x.bt"], files: ["tools/x.bt"])
        XCTAssertEqual(file.program, .file(path: "tools/x.bt"))
        XCTAssertNil(file.listPattern)
    }

    func testListTakesAtMostOnePattern() {
        XCTAssertNotNil(errorMessage(["-l", "a:*", "b:*"]))
        XCTAssertNotNil(errorMessage(["-l", "-e", "BEGIN {}", "a:*"]))
    }

    func testEveryOptionReachesRunOptions() throws {
        let options = try parse(["-p", "77", "-c", "sleep 1", "-f", "json", "-o", "out.txt", "-q",
                                 "-d", "ast,ir", "-d", "plan", "-d", "ast", "--dry-run", "--unsafe",
                                 "-v", "-e", "BEGIN {}"])
        XCTAssertEqual(options.pid, 77)
        XCTAssertEqual(options.command, "sleep 1")
        XCTAssertEqual(options.format, .json)
        XCTAssertEqual(options.outputPath, "out.txt")
        XCTAssertTrue(options.quiet)
        XCTAssertEqual(options.debugStages, ["ast", "ir", "plan"])
        XCTAssertTrue(options.dryRun)
        XCTAssertTrue(options.unsafe)
        XCTAssertTrue(options.verbose)
        XCTAssertFalse(options.info)
    }

    func testDefaults() throws {
        let options = try parse(["-e", "BEGIN {}"])
        XCTAssertNil(options.pid)
        XCTAssertNil(options.command)
        XCTAssertEqual(options.format, .text)
        XCTAssertNil(options.outputPath)
        XCTAssertFalse(options.quiet || options.dryRun || options.unsafe || options.verbose)
        XCTAssertEqual(options.debugStages, [])
    }

    func testInfoNeedsNoProgram() throws {
        let options = try parse(["--info"])
        XCTAssertTrue(options.info)
        XCTAssertNil(options.program)
    }

    func testNoProgramIsAUsageError() {
        XCTAssertEqual(errorMessage([]), "USAGE: filename or -e 'program' required.")
        XCTAssertEqual(errorMessage(["-q", "-p", "1"]), "USAGE: filename or -e 'program' required.")
    }

    func testProgramTextAndProgramFileTogetherIsAnError() {
        XCTAssertEqual(errorMessage(["-e", "BEGIN {}", "x.bt"]),
                       "cannot run both -e <program> and the program file 'x.bt'.")
    }

    func testInvalidValues() {
        XCTAssertNotNil(errorMessage(["-f", "xml", "-e", "BEGIN {}"]))
        XCTAssertNotNil(errorMessage(["-p", "abc", "-e", "BEGIN {}"]))
        XCTAssertNotNil(errorMessage(["-p", "-3", "-e", "BEGIN {}"]))
        XCTAssertNotNil(errorMessage(["-p", "0", "-e", "BEGIN {}"]))
        XCTAssertNotNil(errorMessage(["-c", " ", "-e", "BEGIN {}"]))
        XCTAssertNotNil(errorMessage(["-d", "ast,,ir", "-e", "BEGIN {}"]))
        XCTAssertNotNil(errorMessage(["-e"]))
        XCTAssertNotNil(errorMessage(["--bogus", "-e", "BEGIN {}"]))
    }

    // bpftrace's -d stages: all expands to every stage swtrace prints; dis (and typos) are refused
    // by name. --no-feature takes bpftrace's feature names; --usdt-file-activation is accepted.
    func testDebugStagesAndBpftraceOnlyOptions() throws {
        XCTAssertEqual(try parse(["-d", "all", "-e", "BEGIN {}"]).debugStages,
                       ["ast", "codegen", "codegen-opt", "ir", "plan", "libbpf", "verifier"])
        XCTAssertEqual(try parse(["-d", "verifier,codegen", "-d", "all", "-e", "BEGIN {}"]).debugStages,
                       ["verifier", "codegen", "ast", "codegen-opt", "ir", "plan", "libbpf"])
        XCTAssertEqual(errorMessage(["-d", "dis", "-e", "BEGIN {}"]),
                       "-d: unknown stage 'dis' (swtrace prints no disassembly; bpftool prog dump xlated shows a loaded program); "
                       + "stages are ast, codegen, codegen-opt, ir, plan, libbpf, verifier and all.")
        XCTAssertEqual(errorMessage(["-d", "ast,verifer", "-e", "BEGIN {}"]),
                       "-d: unknown stage 'verifer'; stages are ast, codegen, codegen-opt, ir, plan, libbpf, verifier and all.")
        XCTAssertNoThrow(try parse(["--no-feature", "uprobe_multi,kprobe_multi", "--no-feature", "kprobe_session",
                                    "--usdt-file-activation", "-e", "BEGIN {}"]))
        XCTAssertEqual(errorMessage(["--no-feature", "uprobe_multi,fentry", "-e", "BEGIN {}"]),
                       "--no-feature: unknown feature 'fentry'; features are uprobe_multi, kprobe_multi and kprobe_session.")
    }

    func testVersionNeedsNoProgram() throws {
        XCTAssertNoThrow(try SwtraceCommandMain.parse(["-V"]))
        XCTAssertNoThrow(try SwtraceCommandMain.parse(["--version"]))
        XCTAssertEqual(SwtraceCommandMain.version, "swtrace v0.1.0")
    }
}
