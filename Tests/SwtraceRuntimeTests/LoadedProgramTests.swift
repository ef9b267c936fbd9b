// Loads the fixture programs into the running kernel, causes the traced syscalls from this
// process, and checks maps, ring-buffer events, BEGIN, interval and clean detaching.

import Foundation
import Glibc
import SwtraceCore
@testable import SwtraceRuntime
import XCTest

final class LoadedProgramTests: XCTestCase {
    static let lseekProbe = "tracepoint:syscalls:sys_enter_lseek"

    static let plan = RuntimePlan(
        programs: [
            ProgramAttachment(programName: "count_getppid", kind: .tracepoint,
                              targets: [.tracepoint(category: "syscalls", name: "sys_enter_getppid")],
                              probeNames: ["tracepoint:syscalls:sys_enter_getppid"]),
            ProgramAttachment(programName: "on_lseek", kind: .tracepoint,
                              targets: [.tracepoint(category: "syscalls", name: "sys_enter_lseek")],
                              probeNames: [lseekProbe]),
            ProgramAttachment(programName: "begin_program", kind: .rawTracepoint, targets: [.begin],
                              probeNames: ["BEGIN"]),
            ProgramAttachment(programName: "tick", kind: .perfEvent,
                              targets: [.interval(periodNanoseconds: 10_000_000)], probeNames: ["interval:ms:10"]),
        ],
        maps: [
            MapDescriptor(name: "@calls", elfName: "map_calls", keyTypes: [], isKeyed: false,
                          value: .aggregation(.count), perCPU: true, maxEntries: 1),
            MapDescriptor(name: "@h", elfName: "map_hist", keyTypes: [], isKeyed: false,
                          value: .aggregation(.hist), perCPU: true, maxEntries: 128),
            MapDescriptor(name: "@lh", elfName: "map_lhist", keyTypes: [.commString], isKeyed: true,
                          value: .aggregation(.lhist(min: 0, max: 100, step: 10)), perCPU: true, maxEntries: 128),
            MapDescriptor(name: "@by_comm", elfName: "map_by_comm", keyTypes: [.commString], isKeyed: true,
                          value: .aggregation(.count), perCPU: true, maxEntries: 16),
            MapDescriptor(name: "@mn", elfName: "map_min", keyTypes: [], isKeyed: false,
                          value: .aggregation(.min(signed: true)), perCPU: true, maxEntries: 1),
            MapDescriptor(name: "@mx", elfName: "map_max", keyTypes: [], isKeyed: false,
                          value: .aggregation(.max(signed: true)), perCPU: true, maxEntries: 1),
            MapDescriptor(name: "@av", elfName: "map_avg", keyTypes: [], isKeyed: false,
                          value: .aggregation(.avg(signed: true)), perCPU: true, maxEntries: 1),
            MapDescriptor(name: "@began", elfName: "map_began", keyTypes: [], isKeyed: false,
                          value: .uint64, perCPU: false, maxEntries: 4),
            MapDescriptor(name: "@ticks", elfName: "map_ticks", keyTypes: [], isKeyed: false,
                          value: .aggregation(.count), perCPU: true, maxEntries: 1),
        ],
        events: [
            EventDescriptor(.printf(format: "%d %s %s\n", argumentTypes: [.int64, .commString, .probeName])),
            EventDescriptor(.exit),
            EventDescriptor(.printf(format: "%s\n", argumentTypes: [.string(size: 8)])),
            EventDescriptor(.printValue(type: .uint32)),
        ],
        probeNames: [lseekProbe],
        ringBufferName: "events")

    func load(plan: RuntimePlan = LoadedProgramTests.plan) throws -> LoadedProgram {
        try BPFFixtures.requireRoot()
        let elf = try BPFFixtures.compile(BPFFixtures.probes, defines: ["TARGET_PID": "\(getpid())"])
        return try LoadedProgram(elf: elf, plan: plan, verbose: false)
    }

    /// Polls until `count` events arrived or two seconds passed.
    func collect(_ program: LoadedProgram, count: Int) throws -> [RuntimeEvent] {
        var events: [RuntimeEvent] = []
        let deadline = Date().addingTimeInterval(2)
        while events.count < count && Date() < deadline {
            try program.poll(timeoutMilliseconds: 50) { events.append($0) }
        }
        return events
    }

    func threadComm() throws -> String {
        try String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8).trimmingCharacters(in: .newlines)
    }

    func testCountsExactlyTheSyscallsThisProcessMakes() throws {
        let program = try load()
        XCTAssertEqual(try program.attachAll(), 3)
        XCTAssertEqual(program.lostEvents, 0)
        for _ in 0..<1000 { _ = getppid() }
        program.detachAll()
        XCTAssertEqual(try program.readMap(0), MapSnapshot(name: "@calls", isKeyed: false, entries: [([], .count(1000))]))
        XCTAssertEqual(program.lostEvents, 1000, "the fixture counts getppid calls as lost events")
    }

    func testHistogramsAggregationsAndEvents() throws {
        let program = try load()
        try program.attachAll()
        let offsets: [Int64] = [0, 1, 2, 3, 5, 1000, -7]
        for offset in offsets { _ = lseek(-1, off_t(offset), SEEK_SET) }
        let comm = try threadComm()

        let events = try collect(program, count: offsets.count)
        XCTAssertEqual(events, offsets.map {
            .printf(format: "%d %s %s\n", arguments: [.signed($0), .string(comm), .symbol(Self.lseekProbe)])
        })

        XCTAssertEqual(try program.readMap(1).entries.first?.value, .hist([0: 1, 1: 1, 2: 1, 3: 2, 4: 1, 11: 1]))
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: offsets.map { ($0, HistogramBuckets.log2Index($0)) })[1000], 11)
        XCTAssertEqual(try program.readMap(2),
                       MapSnapshot(name: "@lh", isKeyed: true,
                                   entries: [([.string(comm)], .lhist(min: 0, max: 100, step: 10, buckets: [0: 1, 1: 5, 11: 1]))]))
        XCTAssertEqual(try program.readMap(3),
                       MapSnapshot(name: "@by_comm", isKeyed: true, entries: [([.string(comm)], .count(7))]))
        XCTAssertEqual(try program.readMap(4).entries.first?.value, .min(-7))
        XCTAssertEqual(try program.readMap(5).entries.first?.value, .max(1000))
        XCTAssertEqual(try program.readMap(6).entries.first?.value, .avg(sum: 1004, count: 7))

        _ = lseek(-1, 4242, SEEK_SET)
        XCTAssertEqual(try collect(program, count: 1), [.exit(code: 0)])
    }

    func testBeginRunsOnceThroughTestRun() throws {
        let program = try load()
        XCTAssertEqual(try program.readMap(7).entries.count, 0)
        try program.runBegin()
        XCTAssertEqual(try program.readMap(7), MapSnapshot(name: "@began", isKeyed: false, entries: [([], .scalar(.unsigned(1)))]))
        XCTAssertEqual(try collect(program, count: 2),
                       [.printf(format: "%s\n", arguments: [.string("BEGIN")]), .printValue(.unsigned(77))])
        try program.runEnd()  // no END program: nothing happens
    }

    func testIntervalFiresOnItsPeriod() throws {
        let program = try load()
        try program.attachAll()
        usleep(300_000)
        program.detachAll()
        guard case .count(let ticks)? = try program.readMap(8).entries.first?.value else {
            return XCTFail("no ticks")
        }
        XCTAssert((10...40).contains(ticks), "\(ticks) ticks of 10 ms in 300 ms")
    }

    func testClearAndZero() throws {
        let program = try load()
        try program.attachAll()
        for _ in 0..<10 { _ = getppid() }
        _ = lseek(-1, 3, SEEK_SET)
        program.detachAll()
        try program.zeroMap(0)
        XCTAssertEqual(try program.readMap(0).entries.first?.value, .count(0))
        try program.clearMap(3)
        XCTAssertEqual(try program.readMap(3).entries.count, 0)
        XCTAssertThrowsError(try program.readMap(99))
    }

    /// BPF objects (programs, maps, links, perf events) this process holds, from /proc/self/fd.
    func bpfDescriptorCount() -> Int {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return entries.filter { entry in
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + entry) else {
                return false
            }
            return target.contains("bpf") || target.contains("perf_event")
        }.count
    }

    func testDetachingLeavesNothingBehind() throws {
        try BPFFixtures.requireRoot()
        let elf = try BPFFixtures.compile(BPFFixtures.probes, defines: ["TARGET_PID": "\(getpid())"])
        _ = KernelFeatureProbe.features
        let before = bpfDescriptorCount()
        do {
            let program = try LoadedProgram(elf: elf, plan: Self.plan, verbose: false)
            try program.attachAll()
            XCTAssertGreaterThan(bpfDescriptorCount(), before + 3)
            program.detachAll()
            XCTAssertEqual(program.attachedLinkCount, 0)
            for _ in 0..<5 { _ = getppid() }
            XCTAssertEqual(try program.readMap(0).entries.count, 0, "detached probes must not fire")
        }
        XCTAssertEqual(bpfDescriptorCount(), before)
    }

    func testVerifierRejectionCarriesTheLog() throws {
        try BPFFixtures.requireRoot()
        let elf = try BPFFixtures.compile(BPFFixtures.rejected)
        let plan = RuntimePlan(
            programs: [ProgramAttachment(programName: "bad_program", kind: .tracepoint,
                                         targets: [.tracepoint(category: "syscalls", name: "sys_enter_getppid")],
                                         probeNames: ["tracepoint:syscalls:sys_enter_getppid"])],
            maps: [], events: [], probeNames: [], ringBufferName: "events")
        XCTAssertThrowsError(try LoadedProgram(elf: elf, plan: plan, verbose: false)) { error in
            let text = "\(error)"
            XCTAssert(text.contains("failed to load the BPF program"), text)
            XCTAssert(text.contains("verifier log:"), text)
            XCTAssert(text.contains("invalid mem access"), text)
        }
    }

    func testMissingKprobesIsOneClearError() throws {
        try BPFFixtures.requireRoot()
        guard !KernelFeatureProbe.features.kprobes else { throw XCTSkip("this kernel has kprobes") }
        let elf = try BPFFixtures.compile(BPFFixtures.probes, defines: ["TARGET_PID": "1"])
        var plan = Self.plan
        plan.programs = [ProgramAttachment(programName: "tick", kind: .kprobe, targets: [.kprobe(symbol: "vfs_read", offset: 0)],
                                           probeNames: ["kprobe:vfs_read"])]
        XCTAssertThrowsError(try LoadedProgram(elf: elf, plan: plan, verbose: false)) { error in
            XCTAssertEqual("\(error)",
                           "cannot attach probe kprobe:vfs_read: this kernel does not support kprobes (no kprobe PMU and no kprobe_events in tracefs)")
        }
    }

    func testMissingTracepointNamesTheProbe() throws {
        var plan = Self.plan
        plan.programs[0].targets = [.tracepoint(category: "syscalls", name: "sys_enter_no_such_call")]
        plan.programs[0].probeNames = ["tracepoint:syscalls:sys_enter_no_such_call"]
        let program = try load(plan: plan)
        XCTAssertThrowsError(try program.attachAll()) { error in
            XCTAssert("\(error)".hasPrefix("failed to attach probe tracepoint:syscalls:sys_enter_no_such_call"), "\(error)")
        }
        XCTAssertEqual(program.attachedLinkCount, 0)
    }
}
