// Output formats end to end: the real binary's text and JSON for every value kind a program
// can make by itself, -o/-q, and lost events under a flood. Each test is one or two runs.
import Foundation
import XCTest

final class OutputIntegrationTests: XCTestCase {
    override func setUpWithError() throws {
        try Executables.requireRoot()
    }

    /// Maps of each value kind, print(@m, top, div), print(value), printf, zero/clear, an
    /// interval probe printing three times (maps no later tick changes: print reads a map when
    /// the event is handled, which may be ticks later on a loaded machine), END, and the exit
    /// report ordered by map name.
    static let valueKinds = #"""
        BEGIN {
          @count[1] = 5; @count[-2] = 7; @neg = -42; @big = 0xffffffffffffffff;
          @s["str key"] = "value"; @multi["a", 2] = 3; @multi["b", 1] = 1;
          @t = (1, "two", (3, -4));
          @st = stats(10); @st = stats(20);
          @h = hist(1); @h = hist(2); @h = hist(3); @h = hist(1000);
          @l = lhist(5, 0, 20, 5); @l = lhist(25, 0, 20, 5);
        }
        interval:ms:20 /@n < 3/ {
          @n++;
          if (@n == 1) { @i1 = 1; print(@i1); }
          if (@n == 2) { @i2 = 2; print(@i2); }
          if (@n == 3) { @i3 = 3; print(@i3); exit(); }
        }
        END {
          @top["a"] = 1; @top["b"] = 20; @top["c"] = 300;
          print(@top, 2, 10);
          print((1, "x", -3));
          printf("%d %u %x %s %5d|%-5s|\n", -1, 2, 255, "s", 42, "ab");
          @z["k"] = 9; zero(@z); print(@z);
          @c["k"] = 1; clear(@c); print(@c);
        }
        """#

    func testTextOfEveryValueKindMatchesBpftrace() throws {
        let result = try Swtrace.runToEnd(["-e", Self.valueKinds], timeout: 60)

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stderr, "Attached 3 probes\n", result.transcript)
        XCTAssertEqual(result.stdout, """
            @i1: 1
            @i2: 2
            @i3: 3
            @top[b]: 2
            @top[c]: 30
            (1, x, -3)
            -1 2 ff s    42|ab   |
            @z[k]: 0


            @big: 18446744073709551615
            @count[1]: 5
            @count[-2]: 7
            @h:
            [1]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
            [2, 4)                 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
            [4, 8)                 0 |                                                    |
            [8, 16)                0 |                                                    |
            [16, 32)               0 |                                                    |
            [32, 64)               0 |                                                    |
            [64, 128)              0 |                                                    |
            [128, 256)             0 |                                                    |
            [256, 512)             0 |                                                    |
            [512, 1K)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |

            @i1: 1
            @i2: 2
            @i3: 3
            @l:
            [5, 10)                1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
            [10, 15)               0 |                                                    |
            [15, 20)               0 |                                                    |
            [20, ...)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|

            @multi[b, 1]: 1
            @multi[a, 2]: 3
            @n: 3
            @neg: -42
            @s[str key]: value
            @st: count 2, average 15, total 30
            @t: (1, two, (3, -4))
            @top[a]: 1
            @top[b]: 20
            @top[c]: 300
            @z[k]: 0

            """, result.transcript)
    }

    /// Every line of `-f json` is one JSON object with a type: escapes, unicode and integers
    /// beyond 2^53 included.
    func testJSONLinesAllParseAndCarryBpftracesRecordTypes() throws {
        let program = #"""
            BEGIN {
              @big = 0xffffffffffffffff; @neg = -9007199254740993;
              @s["quote\"back\\slash"] = "tab\tnl\nbell\x07 é ✓";
              @h = hist(3); @st = stats(4); @multi["a b", 2] = 3;
              printf("%s\n", "ctl\x01\x1f");
              print((1, "x", (2, "y")));
              time("%Y\n");
              warnf("careful %d", 7);
              exit();
            }
            """#
        let result = try Swtrace.runToEnd(["-f", "json", "-e", program], timeout: 60)

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stderr, "", result.transcript)
        let records = try result.stdoutLines.map { line -> [String: Any] in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try XCTUnwrap(object as? [String: Any], "not an object: \(line)")
        }
        XCTAssertEqual(records.compactMap { $0["type"] as? String },
                       ["attached_probes", "printf", "value", "time", "warnf", "map", "hist", "map", "map", "map", "stats"],
                       result.transcript)
        XCTAssertEqual(records[0]["count"] as? Int, 1)
        XCTAssertEqual(records[1]["data"] as? String, "ctl\u{01}\u{1f}\n")
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        XCTAssertEqual(records[3]["data"] as? String, "\(year)\n")
        XCTAssertEqual(result.stdoutLines[2], #"{"type": "value", "data": [1,"x",[2,"y"]]}"#)
        XCTAssertEqual(result.stdoutLines[4], #"{"type": "warnf", "msg": "careful 7", "filename": "stdin", "line": 8, "col": 3}"#)
        XCTAssertEqual(result.stdoutLines[5], #"{"type": "map", "data": {"@big": "18446744073709551615"}}"#)
        XCTAssertEqual(result.stdoutLines[6], #"{"type": "hist", "data": {"@h": [{"min": 2, "max": 3, "count": 1}]}}"#)
        XCTAssertEqual(result.stdoutLines[7], #"{"type": "map", "data": {"@multi": {"ab,2": 3}}}"#)
        XCTAssertEqual(result.stdoutLines[8], #"{"type": "map", "data": {"@neg": "-9007199254740993"}}"#)
        let strings = try XCTUnwrap((records[9]["data"] as? [String: Any])?["@s"] as? [String: String])
        XCTAssertEqual(strings, ["quote\"back\\slash": "tab\tnl\nbell\u{07} é ✓"])
        XCTAssertEqual(result.stdoutLines[10], #"{"type": "stats", "data": {"@st": {"count": 1, "average": 4, "total": 4}}}"#)
    }

    /// Keyed tseries maps in JSON: each key's written intervals, starting on a whole interval
    /// of wall-clock time (UTC); in text, one graph per key with the shared header layout.
    func testTimeSeriesInJSONAndText() throws {
        let program = #"BEGIN { @k["a"] = tseries(5, 10s, 3); @k["b c"] = tseries(-2, 10s, 3); exit(); }"#
        let before = Date()
        let json = try Swtrace.runToEnd(["-q", "-f", "json", "-e", program], timeout: 60)
        XCTAssertEqual(json.status, 0, json.transcript)
        XCTAssertEqual(json.stdoutLines.count, 1, json.transcript)
        let line = try XCTUnwrap(json.stdoutLines.first)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        XCTAssertEqual(object["type"] as? String, "tseries")
        let keys = try XCTUnwrap((object["data"] as? [String: Any])?["@k"] as? [String: [[String: Any]]], line)
        XCTAssertEqual(Set(keys.keys), ["a", "bc"], "JSON keys lose their spaces, as in bpftrace")
        XCTAssertEqual(keys["a"]?.compactMap { $0["value"] as? Int }, [5])
        XCTAssertEqual(keys["bc"]?.compactMap { $0["value"] as? Int }, [-2])
        let start = try XCTUnwrap(keys["a"]?.first?["interval_start"] as? String)
        let parser = DateFormatter()
        parser.locale = Locale(identifier: "en_US_POSIX")
        parser.timeZone = TimeZone(identifier: "UTC")
        parser.dateFormat = "yyyy-MM-dd HH:mm:ss.SSSSSSSSS"
        let date = try XCTUnwrap(parser.date(from: start), start)
        XCTAssertEqual(date.timeIntervalSince1970.truncatingRemainder(dividingBy: 10), 0, start)
        XCTAssertLessThan(abs(date.timeIntervalSince(before)), 30, start)

        let text = try Swtrace.runToEnd(["-q", "-e", program], timeout: 60)
        XCTAssertEqual(text.status, 0, text.transcript)
        let lines = text.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.filter { $0.hasPrefix("@k[") }, ["@k[a]:", "@k[b c]:"], text.transcript)
        // One interval each: the spacing of rows is 0, which bpftrace shows in nanoseconds.
        XCTAssertEqual(lines.filter { $0 == "hh:mm:ss.ns        |___________________________________________________|" }.count,
                       2, text.transcript)
        let padding = String(repeating: " ", count: 19)
        XCTAssertEqual(lines.filter { $0.hasPrefix(padding + "4 ") }, Array(repeating: padding + "4" + String(repeating: " ", count: 51) + "6", count: 2),
                       "a flat series of 5 is drawn between 4 and 6:\n" + text.stdout)
        let rows = lines.filter { $0.range(of: "^[0-9]{2}:[0-9]{2}:[0-9]0\\.000000000 ", options: .regularExpression) != nil }
        XCTAssertEqual(rows.map { String($0.dropFirst(19)) },
                       ["|                         *                         | 5", "|                         *                         | -2"],
                       text.transcript)
    }

    /// -o writes the output to the file; messages and errors stay on stderr; -q drops the
    /// attach message; no escape sequence reaches a file or a pipe.
    func testOutputFileQuietAndNoEscapeCodes() throws {
        let directory = FileManager.default.temporaryDirectory
        let path = directory.appendingPathComponent(uniqueName("out-") + ".txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }

        let run = try Swtrace.runToEnd(["-o", path, "-e", #"BEGIN { printf("to file\n"); @m["k"] = 2; exit(); }"#],
                                       timeout: 60)
        XCTAssertEqual(run.status, 0, run.transcript)
        XCTAssertEqual(run.stdout, "", run.transcript)
        XCTAssertEqual(run.stderr, "Attached 1 probe\n", run.transcript)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertEqual(written, "to file\n\n\n@m[k]: 2\n")

        let quiet = try Swtrace.runToEnd(["-q", "-o", path, "-e", #"BEGIN { printf("quiet\n"); exit(); }"#], timeout: 60)
        XCTAssertEqual(quiet.status, 0, quiet.transcript)
        XCTAssertEqual(quiet.stderr, "", quiet.transcript)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "quiet\n\n\n")

        let broken = try Swtrace.runToEnd(["-o", path, "-e", "BEGIN { @x = nosuchfunction(); }"], timeout: 60)
        XCTAssertNotEqual(broken.status, 0, broken.transcript)
        XCTAssertEqual(broken.stdout, "", broken.transcript)
        XCTAssertTrue(broken.stderr.contains("ERROR"), broken.transcript)

        let unwritable = try Swtrace.runToEnd(["-o", "/nonexistent-swtrace-dir/out.txt", "-e", "BEGIN { exit(); }"], timeout: 60)
        XCTAssertNotEqual(unwritable.status, 0, unwritable.transcript)
        XCTAssertEqual(unwritable.stderr, "ERROR: cannot open output file '/nonexistent-swtrace-dir/out.txt' for writing: "
                       + "No such file or directory\n", unwritable.transcript)

        for text in [run.stdout, run.stderr, written, quiet.stderr, broken.stderr] {
            XCTAssertFalse(text.contains("\u{1b}"), "escape sequence in output that is not a terminal: \(text)")
        }
    }

    /// A printf per getppid() with a one-page ring buffer: what is not delivered is reported as
    /// lost, as it happens and in total, so delivered + lost is exactly what the workload caused.
    func testFloodedRingBufferReportsEveryLostEvent() throws {
        let calls = 200_000
        let comm = uniqueName("flood")
        let program = """
            config = { perf_rb_pages = 1 }
            tracepoint:syscalls:sys_enter_getppid /comm == "\(comm)"/ { printf("e\\n"); }
            """
        let command = "\(Executables.workload) --comm \(comm) getppid \(calls)"

        let result = try Swtrace.runToEnd(["-c", command, "-e", program], timeout: 120)

        XCTAssertEqual(result.status, 0, result.transcript.prefix(2000).description)
        let delivered = result.stdoutLines.filter { $0 == "e" }.count
        var lost = 0
        var lines = result.stderrLines
        XCTAssertEqual(lines.first, "Attached 1 probe", result.stderr)
        let total = lines.popLast() ?? ""
        for line in lines.dropFirst() {
            let parts = line.split(separator: " ")
            XCTAssertTrue(parts.count == 3 && parts[0] == "Lost" && parts[2] == "events", "unexpected stderr line: \(line)")
            lost += Int(parts[1]) ?? 0
        }
        XCTAssertGreaterThan(lost, 0, "a one-page buffer cannot hold \(calls) events")
        XCTAssertEqual(delivered + lost, calls, "delivered \(delivered) + lost \(lost)")
        XCTAssertEqual(total, "WARNING: Total lost event count: \(lost)")
    }

    /// `-f csv`: one table per map at exit; `--live` into a pipe prints whole frames, no escapes.
    func testCSVTablesAndLiveFramesIntoAPipe() throws {
        let csv = try Swtrace.runToEnd(["-f", "csv", "-e", #"""
            BEGIN { @m["a,b"] = 1; @m["c"] = 2; @h = hist(5); @s = stats(7); printf("x\n"); exit(); }
            """#], timeout: 60)
        XCTAssertEqual(csv.status, 0, csv.transcript)
        XCTAssertEqual(csv.stderr, "Attached 1 probe\n", csv.transcript)
        XCTAssertEqual(csv.stdout, """
            x
            map,min,max,count
            @h,4,7,1

            map,key,value
            @m,"a,b",1
            @m,c,2

            map,count,average,total
            @s,1,7,7


            """, csv.transcript)

        // ~1.2 s of frames every 100 ms: at least 3 even when a loaded machine skips some. The
        // predicate keeps @n at 60 while the timer still fires between exit() and the detach.
        let live = try Swtrace.runToEnd(["--live=100ms", "-e", "interval:ms:20 /@n < 60/ { @n++; if (@n == 60) { exit(); } }"],
                                        timeout: 60)
        XCTAssertEqual(live.status, 0, live.transcript)
        XCTAssertFalse(live.stdout.contains("\u{1b}"), live.transcript)
        let frames = live.stdoutLines.filter { $0.hasPrefix("@n: ") }
        XCTAssertGreaterThanOrEqual(frames.count, 3, "frames every 100 ms over ~1.2 s, then the exit print")
        XCTAssertEqual(frames.last, "@n: 60", live.transcript)
        let counts = frames.compactMap { Int($0.dropFirst(4)) }
        XCTAssertEqual(counts, counts.sorted(), "each frame shows the map as it grows")
    }

    /// `--live 200ms` on a terminal (tmux): the maps are redrawn in place under one header line.
    func testLiveViewRedrawsInPlaceOnATerminal() throws {
        guard let tmux = ["/usr/bin/tmux", "/usr/local/bin/tmux"].first(where: FileManager.default.isExecutableFile) else {
            throw XCTSkip("tmux is not installed")
        }
        let session = uniqueName("swtrace-live-")
        let program = #"interval:ms:50 { @ticks = count(); @h = hist(@i % 8); @i++; }"#
        let command = "\(Executables.swtrace) --live 200ms -e '\(program)'; sleep 60"
        XCTAssertEqual(try runTool(tmux, ["new-session", "-d", "-s", session, "-x", "100", "-y", "40", command]), 0)
        defer { _ = try? runTool(tmux, ["kill-session", "-t", session]) }
        func screen() -> [String] {
            ((try? capture(tmux, ["capture-pane", "-p", "-t", session]))?.output ?? "")
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        func ticks(_ lines: [String]) -> Int? {
            lines.first { $0.hasPrefix("@ticks: ") }.flatMap { Int($0.dropFirst(8)) }
        }

        var first: [String] = []
        XCTAssertTrue(poll(timeout: 60) { first = screen(); return ticks(first) != nil }, first.joined(separator: "\n"))
        var later: [String] = []
        XCTAssertTrue(poll(timeout: 20) {
            later = screen()
            return (ticks(later) ?? 0) > (ticks(first) ?? 0)
        }, "the map was not redrawn:\n" + later.joined(separator: "\n"))

        for lines in [first, later] {
            XCTAssertTrue(lines[0].hasPrefix("Every 200ms: "), lines.joined(separator: "\n"))
            XCTAssertEqual(lines[1], "")
            XCTAssertEqual(lines.filter { $0.hasPrefix("Every ") }.count, 1, "one frame on screen: " + lines.joined(separator: "\n"))
            XCTAssertEqual(lines.filter { $0.hasPrefix("@ticks: ") }.count, 1)
            XCTAssertEqual(lines[2], "@h:")
        }

        _ = try runTool(tmux, ["send-keys", "-t", session, "C-c"])
        var end: [String] = []
        XCTAssertTrue(poll(timeout: 30) {
            end = screen()
            return end.filter { $0.hasPrefix("@ticks: ") }.count == 2
        }, "Ctrl-C prints the maps once more below the live frame:\n" + end.joined(separator: "\n"))
    }

    /// Runs a helper to its end with posix_spawn and waitpid: tmux's client forks the server,
    /// which Foundation's Process does not always notice exiting.
    @discardableResult
    private func runTool(_ path: String, _ arguments: [String]) throws -> Int32 {
        try capture(path, arguments).status
    }

    private func capture(_ path: String, _ arguments: [String]) throws -> (output: String, status: Int32) {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent(uniqueName("tool-") + ".out").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard spawned == 0 else { throw HarnessError(description: "cannot run \(path): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return (output, (status >> 8) & 0xff)
    }
}
