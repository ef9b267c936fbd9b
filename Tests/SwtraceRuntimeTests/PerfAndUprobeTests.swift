// Probes beyond tracepoints: uprobes on libc, profile and software perf events on every CPU,
// hardware events where the host has no PMU.

import Foundation
import Glibc
import SwtraceCore
@testable import SwtraceRuntime
import XCTest

final class PerfAndUprobeTests: XCTestCase {
    static let uprobeMap = MapDescriptor(name: "@u", elfName: "map_uprobe", keyTypes: [], isKeyed: false,
                                         value: .aggregation(.count), perCPU: true, maxEntries: 1)

    func load(_ programs: [ProgramAttachment], maps: [MapDescriptor] = []) throws -> LoadedProgram {
        try BPFFixtures.requireRoot()
        let elf = try BPFFixtures.compile(BPFFixtures.probes, defines: ["TARGET_PID": "\(getpid())"])
        let plan = RuntimePlan(programs: programs, maps: maps, events: [], probeNames: [], ringBufferName: "events")
        return try LoadedProgram(elf: elf, plan: plan, verbose: false)
    }

    /// The libc this process runs, from /proc/self/maps.
    func libcPath() throws -> String {
        let maps = try readTextFile("/proc/self/maps")
        let path = maps.split(separator: "\n").compactMap { line -> String? in
            guard let slash = line.firstIndex(of: "/") else { return nil }
            let path = String(line[slash...])
            return path.contains("/libc.so") || path.contains("/libc-") ? path : nil
        }.first
        return try XCTUnwrap(path)
    }

    func testUprobeOnLibcFunctionCountsCalls() throws {
        let libc = try libcPath()
        let program = try load([ProgramAttachment(programName: "on_uprobe", kind: .kprobe,
                                                  targets: [.uprobe(path: libc, symbol: "getppid", offset: 0)],
                                                  probeNames: ["uprobe:\(libc):getppid"])],
                               maps: [Self.uprobeMap])
        XCTAssertEqual(try program.attachAll(), 1)
        for _ in 0..<25 { _ = getppid() }
        program.detachAll()
        XCTAssertEqual(try program.readMap(0).entries.first?.value, .count(25))
    }

    func testUprobeOnMissingSymbolNamesIt() throws {
        let libc = try libcPath()
        let program = try load([ProgramAttachment(programName: "on_uprobe", kind: .kprobe,
                                                  targets: [.uprobe(path: libc, symbol: "no_such_function_here", offset: 0)],
                                                  probeNames: ["uprobe:\(libc):no_such_function_here"])])
        XCTAssertThrowsError(try program.attachAll()) { error in
            XCTAssertEqual("\(error)", "could not resolve symbol no_such_function_here in \(libc)")
        }
    }

    /// missing_probes=warn: the attach point whose function is missing is left out and listed,
    /// the others attach.
    func testMissingFunctionsAreSkippedWhenAsked() throws {
        let libc = try libcPath()
        let program = try load([ProgramAttachment(programName: "on_uprobe", kind: .kprobe,
                                                  targets: [.uprobe(path: libc, symbol: "getpid", offset: 0),
                                                            .uprobe(path: libc, symbol: "no_such_function_here", offset: 0)],
                                                  probeNames: ["uprobe:\(libc):getpid", "uprobe:\(libc):no_such_function_here"])])
        XCTAssertEqual(try program.attachAll(skippingMissingSymbols: true), 1)
        XCTAssertEqual(program.skippedProbes.map(\.probe), ["uprobe:\(libc):no_such_function_here"])
        XCTAssertEqual(program.skippedProbes.map { "\($0.reason)" }, ["could not resolve symbol no_such_function_here in \(libc)"])
        program.detachAll()
        // Kernel functions a kernel lacks count as missing too; other attach failures do not.
        XCTAssertTrue(RuntimeError.attachFailed(probe: "kprobe:blk_account_io_start", reason: KprobeAttacher.noSuchFunction).isMissingSymbol)
        XCTAssertFalse(RuntimeError.attachFailed(probe: "kprobe:vfs_read", reason: "Permission denied (errno 13)").isMissingSymbol)
    }

    func testProfileAndSoftwareAttachOnEveryCPU() throws {
        let cpus = onlineCPUs().count
        let program = try load([
            ProgramAttachment(programName: "tick", kind: .perfEvent,
                              targets: [.profile(frequency: 99, periodNanoseconds: nil),
                                        .software(config: ProbeLister.softwareEvents.first { $0.name == "page-faults" }!.config, period: 100)],
                              probeNames: ["profile:hz:99", "software:faults:100"]),
        ], maps: [MapDescriptor(name: "@ticks", elfName: "map_ticks", keyTypes: [], isKeyed: false,
                                value: .aggregation(.count), perCPU: true, maxEntries: 1)])
        XCTAssertEqual(try program.attachAll(), 2)
        XCTAssertEqual(program.attachedLinkCount, 2 * cpus)
        let pages = UnsafeMutableRawPointer.allocate(byteCount: 4096 * 512, alignment: 4096)
        for page in 0..<512 { pages.storeBytes(of: 1, toByteOffset: page * 4096, as: UInt8.self) }
        usleep(100_000)
        program.detachAll()
        pages.deallocate()
        guard case .count(let count)? = try program.readMap(0).entries.first?.value else { return XCTFail("no samples") }
        XCTAssertGreaterThan(count, 0)
    }

    func testHardwareEventsWithoutPMUAreOneClearError() throws {
        guard !FileManager.default.fileExists(atPath: "/sys/bus/event_source/devices/cpu") else {
            throw XCTSkip("this host has a CPU PMU")
        }
        let program = try load([ProgramAttachment(programName: "tick", kind: .perfEvent,
                                                  targets: [.hardware(config: ProbeLister.hardwareEvents.first { $0.alias == "cycles" }!.config, period: 1_000_000)],
                                                  probeNames: ["hardware:cycles:1000000"])])
        XCTAssertThrowsError(try program.attachAll()) { error in
            XCTAssertEqual("\(error)", "cannot attach probe hardware:cycles:1000000: this kernel does not support hardware performance counters (no PMU for this event)")
        }
        XCTAssertEqual(program.attachedLinkCount, 0)
    }

    func testFentryIsRefusedOrAttached() throws {
        let features = KernelFeatureProbe.features
        XCTAssertTrue(features.btf)
        XCTAssertTrue(features.ringBuffer)
        guard !features.fentry else { throw XCTSkip("this kernel attaches fentry") }
        XCTAssertThrowsError(try load([ProgramAttachment(programName: "tick", kind: .tracing,
                                                         targets: [.fentry(function: "vfs_read")],
                                                         probeNames: ["fentry:vfs_read"])])) { error in
            XCTAssertEqual("\(error)", "cannot attach probe fentry:vfs_read: this kernel does not support fentry/fexit (BPF trampolines)")
        }
    }
}
