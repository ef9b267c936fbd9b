// Golden tests: each case renders one map/value/message with both printers and compares the
// result byte for byte with Golden/<name>.txt (text) and Golden/<name>.json (JSON lines).
import Foundation
import SwtraceCore
@testable import SwtraceOutput
import XCTest

final class GoldenTests: XCTestCase {
    // MARK: - Maps of plain values

    func testScalarCount() throws {
        try check("scalar_count") { $0.map(scalar("@x", .count(5)), top: 0, divisor: 0) }
    }

    func testKeyedCountSortsByValueThenKey() throws {
        let map = keyed("@", [
            ("gedit", .count(4)), ("(udev-worker)", .count(3)), ("wpa_supplicant", .count(1)),
            ("QXcbEventQueue", .count(3)), ("ThreadPoolSingl", .count(2)),
        ])
        try check("keyed_count") { $0.map(map, top: 0, divisor: 0) }
    }

    func testMultiKeySum() throws {
        let map = MapSnapshot(name: "@bytes", isKeyed: true, entries: [
            (key: [.string("sshd"), .unsigned(3)], value: .sum(100)),
            (key: [.string("bash"), .unsigned(2)], value: .sum(7)),
            (key: [.string("bash"), .unsigned(1)], value: .sum(-5)),
        ])
        try check("multikey_sum") { $0.map(map, top: 0, divisor: 0) }
    }

    func testStatsScalar() throws {
        try check("stats_scalar") { $0.map(scalar("@stats", .stats(sum: 12, count: 2)), top: 0, divisor: 0) }
    }

    func testStatsKeyedWithNegativeAverage() throws {
        let map = keyed("@s", [
            ("zsh", .stats(sum: 10, count: 1)), ("neg", .stats(sum: -7, count: 2)), ("curl", .stats(sum: 2, count: 1)),
        ])
        try check("stats_keyed") { $0.map(map, top: 0, divisor: 0) }
    }

    func testAvgWithTopAndDivisor() throws {
        let map = keyed("@", [
            ("a", .avg(sum: 10, count: 1)), ("b", .avg(sum: 20, count: 1)),
            ("c", .avg(sum: 30, count: 1)), ("d", .avg(sum: 40, count: 1)),
        ])
        try check("avg_top_div") { $0.map(map, top: 2, divisor: 10) }
    }

    func testIntegerMapWithTopAndDivisor() throws {
        let map = MapSnapshot(name: "@", isKeyed: true, entries: (1...10).reversed().map { i in
            (key: [Value.signed(Int64(i))], value: MapEntryValue.scalar(.signed(Int64(i))))
        })
        try check("int_top_div") { $0.map(map, top: 5, divisor: 2) }
    }

    func testMaxOrdersNegativesLastLikeBpftrace() throws {
        let map = keyed("@mx", [("a", .max(5)), ("b", .max(-1)), ("c", .max(3))])
        try check("max_keyed") { $0.map(map, top: 0, divisor: 0) }
    }

    // MARK: - Histograms

    func testHistScalar() throws {
        try check("hist_scalar") { $0.map(scalar("@", .hist(log2([-1, 2, 3, 5, 20]))), top: 0, divisor: 0) }
    }

    func testHistKeyedOrderedByTotal() throws {
        let map = keyed("@", [
            ("curl", .hist(log2([-1, 0, 511, 1024, 1025]))), ("bpftrace", .hist(log2([2]))),
        ])
        try check("hist_keyed") { $0.map(map, top: 0, divisor: 0) }
    }

    func testHistWithTop() throws {
        let map = MapSnapshot(name: "@", isKeyed: true, entries: [
            (key: [.signed(3)], value: .hist(log2([30]))),
            (key: [.signed(1)], value: .hist(log2([10]))),
            (key: [.signed(2)], value: .hist(log2([20]))),
        ])
        try check("hist_top") { $0.map(map, top: 2, divisor: 0) }
    }

    func testHistWithDivisor() throws {
        try check("hist_div") {
            $0.map(scalar("@h", .hist(log2([8, 9, 10, 11, 32, 33, 34]))), top: 0, divisor: 2)
        }
    }

    func testHistLargeValues() throws {
        try check("hist_10g") { $0.map(scalar("@big", .hist(log2([10 * 1024 * 1024 * 1024]))), top: 0, divisor: 0) }
        let top = log2([1 << 61, (1 << 61) + 1, (1 << 62) - 1, .max])
        try check("hist_top_bucket") { $0.map(scalar("@top", .hist(top)), top: 0, divisor: 0) }
    }

    func testLhistFromTutorial() throws {
        let value = MapEntryValue.lhist(min: 0, max: 2000, step: 200, buckets: [0: 7, 1: 161, 6: 2])
        try check("lhist_seed") { $0.map(scalar("@bytes", value), top: 0, divisor: 0) }
    }

    func testLhistBounds() throws {
        try check("lhist_bounds") {
            $0.map(scalar("@", linear([-1, 2, 3, 7, 10], min: 0, max: 10, step: 2)), top: 0, divisor: 0)
        }
    }

    func testLhistKiloLabels() throws {
        try check("lhist_kilo") {
            $0.map(scalar("@k", linear([0, 5, 1023, 2048, 4096, 9999], min: 0, max: 4096, step: 1024)),
                   top: 0, divisor: 0)
        }
        try check("lhist_negative") {
            $0.map(scalar("@neg", linear([-3000, -1, 5000], min: -2048, max: 2048, step: 1024)), top: 0, divisor: 0)
        }
    }

    /// Step 1: each bucket holds one integer and bpftrace labels it `[n]`; the open ends keep
    /// their forms. The second map starts above its minimum (no `(..., min)` row).
    func testLhistStepOneLabelsSingleValues() throws {
        try check("lhist_step_one") {
            $0.map(scalar("@one", linear([-7, 0, 2, 2, 3, 5, 9], min: 0, max: 5, step: 1)), top: 0, divisor: 0)
                + $0.map(scalar("@mid", linear([3, 4, 4], min: 0, max: 10, step: 1)), top: 0, divisor: 0)
        }
    }

    /// A step that does not divide max - min: bpftrace's last bucket starts at the last bound
    /// below max ([9, ...) for 0..10 by 3), so 9 and 10 share it.
    func testLhistStepNotDividingTheRange() throws {
        XCTAssertEqual(HistogramBuckets.linearBucketCount(min: 0, max: 10, step: 3), 3)
        XCTAssertEqual([8, 9, 10, 11].map { HistogramBuckets.linearIndex($0, min: 0, max: 10, step: 3) }, [3, 4, 4, 4])
        try check("lhist_uneven") {
            $0.map(scalar("@u", linear([-1, 3, 8, 9, 10, 11], min: 0, max: 10, step: 3)), top: 0, divisor: 0)
                // Only the open bucket: bpftrace's overflow-only case, one `[9, ...)` row.
                + $0.map(scalar("@over", linear([50], min: 0, max: 10, step: 3)), top: 0, divisor: 0)
        }
    }

    // MARK: - Value kinds

    func testTupleValueAndKey() throws {
        let tuple = Value.tuple([.signed(1), .string("abc"), .tuple([.signed(-2), .boolean(true)])])
        try check("tuple_value") { $0.map(scalar("@t", .scalar(tuple)), top: 0, divisor: 0) }
        let map = MapSnapshot(name: "@m", isKeyed: true,
                              entries: [(key: [.tuple([.signed(1), .string("a b")])], value: .scalar(.signed(5)))])
        try check("tuple_key") { $0.map(map, top: 0, divisor: 0) }
    }

    func testStringValueIsUnquotedInTextAndEscapedInJSON() throws {
        try check("string_value") { $0.map(scalar("@scalar_str", .scalar(.string("a b \n d e"))), top: 0, divisor: 0) }
    }

    func testStackKey() throws {
        let map = MapSnapshot(name: "@", isKeyed: true, entries: [
            (key: [.stack(["ip_output+1", "tcp_transmit_skb+1308"])], value: .count(1708)),
        ])
        try check("stack_key") { $0.map(map, top: 0, divisor: 0) }
    }

    func testStacksInPerfAndRawModes() throws {
        let perf = MapSnapshot(name: "@", isKeyed: true, entries: [
            (key: [.perfStack([StackFrame(address: 0xffffffff8100a1b2, symbol: "ip_output+1"),
                               StackFrame(address: 0xffffffff8100c3d4, symbol: "tcp_transmit_skb+1308")])],
             value: .count(3)),
        ])
        try check("stack_perf_key") { $0.map(perf, top: 0, divisor: 0) }
        let raw = MapSnapshot(name: "@r", isKeyed: true, entries: [
            (key: [.rawStack([0xffffffff8100a1b2, 0x7f00deadbeef])], value: .count(2)),
            (key: [.rawStack([])], value: .count(1)),
        ])
        try check("stack_raw_key") { $0.map(raw, top: 0, divisor: 0) }
    }

    func testNestedTupleAndMultiKeys() throws {
        let map = MapSnapshot(name: "@n", isKeyed: true, entries: [
            (key: [.tuple([.tuple([.signed(1), .signed(-2)]), .string("x y")])], value: .count(4)),
            (key: [.string("solo"), .unsigned(18_446_744_073_709_551_615)], value: .count(2)),
        ])
        try check("nested_tuple_key") { $0.map(map, top: 0, divisor: 0) }
    }

    func testEmptyMapsPrintNothing() throws {
        try check("empty_map") {
            $0.map(MapSnapshot(name: "@gone", isKeyed: true, entries: []), top: 0, divisor: 0)
                + $0.map(MapSnapshot(name: "@scalar", isKeyed: false, entries: []), top: 0, divisor: 0)
        }
    }

    func testZeroedMapKeepsItsKeys() throws {
        try check("zeroed_map") {
            $0.map(self.keyed("@z", [("b", .count(0)), ("a", .count(0))]), top: 0, divisor: 0)
                + $0.map(self.keyed("@h", [("k", .hist([:]))]), top: 0, divisor: 0)
        }
    }

    func testRecordsOfTimeCatJoinAndSystem() throws {
        try check("records") {
            $0.time("10:41:46\n") + $0.cat("line one\nline two\n") + $0.join("a b c") + $0.syscall("uid=0(root)")
        }
    }

    func testPointersArraysAndRecords() throws {
        let task = Value.record([
            FieldValue(name: "pid", value: .signed(1)), FieldValue(name: "comm", value: .string("init")),
            FieldValue(name: "parent", value: .pointer(0xffff888100a2c000)),
            FieldValue(name: "ids", value: .array([.unsigned(0), .unsigned(18_446_744_073_709_551_615)])),
            FieldValue(name: "inner", value: .record([])),
        ])
        try check("record_value") { $0.map(scalar("@task", .scalar(task)), top: 0, divisor: 0) }
        let map = MapSnapshot(name: "@p", isKeyed: true, entries: [
            (key: [.pointer(0xffffffff81000000)], value: .scalar(.array([.signed(-1), .signed(2)]))),
            (key: [.pointer(0)], value: .scalar(.array([]))),
        ])
        try check("pointer_key") { $0.map(map, top: 0, divisor: 0) }
    }

    func testRuntimeMessagesAreRecordsOnlyInJSON() throws {
        let message = try XCTUnwrap(RuntimeMessage(prefix: "dir/a:b.bt:12:5-20: WARNING: ", text: "tab\there"))
        XCTAssertEqual(message, RuntimeMessage(severity: .warning, text: "tab\there", file: "dir/a:b.bt", line: 12, column: 5))
        XCTAssertEqual(RuntimeMessage(prefix: "stdin:1:9-28: ERROR: ", text: "x")?.severity, .error)
        XCTAssertNil(RuntimeMessage(prefix: "garbage", text: "x"))
        XCTAssertNil(TextFormatter().runtimeMessage(message))
        XCTAssertNil(CSVFormatter().runtimeMessage(message))
        try checkJSON("runtime_message", try XCTUnwrap(JSONFormatter().runtimeMessage(message)))
    }

    // -k's helper warnings are bpftrace's `helper_error` records in JSON, the reason, helper and
    // return code taken apart; the text form stays the located warning on stderr.
    func testHelperWarningsAreHelperErrorRecordsInJSON() throws {
        let text = "Bad address\nAdditional Info - helper: probe_read_kernel, retcode: -14\nBEGIN { $x = *(int8*)0; }\n             ~~~~~~~~~"
        let message = try XCTUnwrap(RuntimeMessage(prefix: "stdin:1:14-23: WARNING: ", text: text))
        XCTAssertEqual(message.helperFailure?.reason, "Bad address")
        XCTAssertEqual(message.helperFailure?.helper, "probe_read_kernel")
        XCTAssertEqual(message.helperFailure?.returnCode, -14)
        XCTAssertEqual(JSONFormatter().runtimeMessage(message), """
            {"type": "helper_error", "msg": "Bad address", "helper": "probe_read_kernel", "retcode": -14, "filename": "stdin", "line": 1, "col": 14}

            """)
        XCTAssertNil(TextFormatter().runtimeMessage(message))
        XCTAssertNil(try XCTUnwrap(RuntimeMessage(prefix: "stdin:1:1-2: WARNING: ", text: "careful\nAdditional")).helperFailure)
    }

    func testBuffers() throws {
        let map = MapSnapshot(name: "@b", isKeyed: true, entries: [
            (key: [.buffer(Array("ok_key".utf8) + [0, 0])], value: .scalar(.signed(1))),
        ])
        try check("buffer_key") { $0.map(map, top: 0, divisor: 0) }
        try check("buffer_value") { $0.map(scalar("@v", .scalar(.buffer([104, 105, 1, 255]))), top: 0, divisor: 0) }
    }

    func testSymbolKeyAndBoolean() throws {
        let map = MapSnapshot(name: "@p", isKeyed: true, entries: [
            (key: [.symbol("tracepoint:syscalls:sys_enter_read")], value: .count(9)),
            (key: [.symbol("kprobe:vfs_read")], value: .count(3)),
        ])
        try check("symbol_key") { $0.map(map, top: 0, divisor: 0) }
        try check("boolean_value") { $0.map(scalar("@flag", .scalar(.boolean(true))), top: 0, divisor: 0) }
    }

    func testBigIntegersStayExact() throws {
        try check("big_unsigned") { $0.map(scalar("@u", .scalar(.unsigned(.max))), top: 0, divisor: 0) }
        try check("big_signed") { $0.map(scalar("@n", .scalar(.signed(.min + 1))), top: 0, divisor: 0) }
    }

    func testPrintOfValues() throws {
        let values: [Value] = [
            .signed(5), .string("abc"), .tuple([.signed(1), .signed(2), .string("string")]), .boolean(true),
            .buffer([104, 105, 0]), .stack(["do_nanosleep+5", "x64_sys_call+20"]),
        ]
        try check("values") { formatter in values.map { formatter.value($0) }.joined() }
    }

    func testMessages() throws {
        try check("messages") {
            $0.attachedProbes(1) + $0.attachedProbes(3) + $0.lostEvents(7) + $0.printf("test \r \n \t \\ \" bar")
        }
        try checkJSON("printf_escapes", JSONFormatter().printf("ctl\u{01}\u{1f} ñ é done"))
    }

    // MARK: - Exit

    func testMapsAtExitOrderedByNameWithEmptyMapsSkipped() throws {
        let maps = [
            keyed("@b", [("x", .count(2)), ("y", .count(1))]),
            scalar("@a", .sum(10)),
            MapSnapshot(name: "@empty", isKeyed: true, entries: []),
            scalar("@", .hist(log2([2]))),
        ]
        try check("exit_multiple") { $0.mapsAtExit(maps) }
    }

    func testMapsAtExitMatchesTutorialLesson7() throws {
        let k = 12 // bucket index of [1K, 2K)
        let ns = keyed("@ns", [
            ("telegram-deskto", .hist([k: 6, k + 1: 7, k + 2: 23, k + 3: 18, k + 4: 1, k + 5: 1])),
            ("sudo", .hist([k + 3: 5, k + 4: 2])),
            ("thunderbird", .hist([k - 1: 1, k: 1, k + 1: 8, k + 2: 21, k + 3: 14, k + 4: 19])),
            ("NetworkManager", .hist([k + 3: 1])),
            ("haroopad", .hist([k: 2, k + 2: 6, k + 3: 32])),
        ])
        let start = MapSnapshot(name: "@start", isKeyed: true, entries: [
            (key: [.unsigned(1398)], value: .scalar(.unsigned(3_951_936_619_915))),
            (key: [.unsigned(3912)], value: .scalar(.unsigned(3_951_921_123_390))),
            (key: [.unsigned(3899)], value: .scalar(.unsigned(3_951_924_159_969))),
        ])
        try check("exit_seed") { $0.mapsAtExit([start, ns]) }
    }

    func testStreams() {
        XCTAssertEqual(TextFormatter().attachedProbesStream, .standardError)
        XCTAssertEqual(TextFormatter().lostEventsStream, .standardError)
        XCTAssertEqual(JSONFormatter().attachedProbesStream, .standardOutput)
        XCTAssertEqual(JSONFormatter().lostEventsStream, .standardOutput)
        XCTAssertEqual(TextFormatter().mapsAtExit([]), "\n\n")
        XCTAssertEqual(JSONFormatter().mapsAtExit([]), "")
    }

    // MARK: - Helpers

    private func log2(_ values: [Int64]) -> [Int: UInt64] {
        var buckets: [Int: UInt64] = [:]
        for v in values { buckets[HistogramBuckets.log2Index(v), default: 0] += 1 }
        return buckets
    }

    private func linear(_ values: [Int64], min: Int64, max: Int64, step: Int64) -> MapEntryValue {
        var buckets: [Int: UInt64] = [:]
        for v in values {
            buckets[HistogramBuckets.linearIndex(v, min: min, max: max, step: step), default: 0] += 1
        }
        return .lhist(min: min, max: max, step: step, buckets: buckets)
    }
}
