// A compiled program living in the kernel: loaded from the codegen ELF, attached per the
// RuntimePlan, with its ring buffer and maps readable, and detached cleanly.

import CLibbpf
import Glibc
import SwtraceCore

public final class LoadedProgram {
    /// Per-CPU array (u32 key 0, u64 value) codegen defines, counting ring-buffer reservations
    /// that failed; summed by `lostEvents`.
    public static let lostEventsMapName = "lost_events"
    /// Optional BPF_MAP_TYPE_STACK_TRACE map codegen may define for kstack/ustack ids.
    public static let stackMapName = "swtrace_stacks"

    public let plan: RuntimePlan
    private let object: BPFObject
    private var links: [(probe: String, link: OpaquePointer)] = []
    /// Probes `attachAll(skippingMissingSymbols: true)` left out, with why.
    public private(set) var skippedProbes: [(probe: String, reason: RuntimeError)] = []
    /// iter links whose iteration has not started yet (it starts after BEGIN).
    private var iteratorLinks: [(probe: String, link: OpaquePointer, pin: String?)] = []
    private var ringBuffer: RingBufferReader?
    private var mapReaders: [MapReader] = []
    private let valueDecoder: ValueDecoder
    /// Breakpoints of function watchpoints, armed as their uprobes report addresses.
    public let watchpoints: WatchpointArming

    /// `requireAttachableProbes: false` loads (and so verifies) programs whose probes this kernel
    /// cannot attach, e.g. kprobes on a kernel without them; such a program must not be attached.
    /// `verifierLog`: ask the kernel for every program's verifier log (libbpf then logs it).
    public init(elf: [UInt8], plan: RuntimePlan, verbose: Bool, requireAttachableProbes: Bool = true,
                verifierLog: Bool = false) throws {
        LibbpfLog.install(verbose: verbose)
        LibbpfLog.shared.reset()
        self.plan = plan
        if requireAttachableProbes { try Self.checkFeatures(plan) }
        object = try BPFObject(elf: elf, kernelLogLevel: verifierLog ? 1 : 0)
        object.disablePrograms(notIn: Set(plan.programs.map(\.programName)))
        for attachment in plan.programs { try object.configure(attachment) }
        try object.load()
        watchpoints = WatchpointArming(watchpoints: plan.watchpoints,
                                       watchedMapFD: object.map(named: WatchpointProgram.watchedMapName).map { bpf_map__fd($0) }) {
            [object] in try object.program(named: $0)
        }

        valueDecoder = ValueDecoder(probeNames: plan.probeNames, stackTraces: StackTraceMaps(object: object.object))
        mapReaders = try plan.maps.map { descriptor in
            guard let map = object.map(named: descriptor.elfName) else {
                throw RuntimeError.mapNotFound(name: descriptor.elfName)
            }
            return MapReader(descriptor: descriptor, map: map, decoder: valueDecoder)
        }
        if let ring = object.map(named: plan.ringBufferName) {
            ringBuffer = try RingBufferReader(
                mapFD: bpf_map__fd(ring), decoder: EventDecoder(events: plan.events, values: valueDecoder))
        } else if !plan.events.isEmpty {
            throw RuntimeError.mapNotFound(name: plan.ringBufferName)
        }
    }

    deinit { detachAll() }

    /// Refuses, before any loading, probes this kernel cannot attach.
    private static func checkFeatures(_ plan: RuntimePlan) throws {
        let features = KernelFeatureProbe.features
        for attachment in plan.programs {
            for (index, target) in attachment.targets.enumerated() {
                guard let attacher = Attachers.attacher(for: target),
                      let feature = attacher.missingFeature(for: target, features: features) else { continue }
                let probe = index < attachment.probeNames.count ? attachment.probeNames[index] : attachment.programName
                throw RuntimeError.missingKernelFeature(probe: probe, feature: feature)
            }
        }
    }

    /// Attaches every target of every program except BEGIN/END; returns how many were attached.
    /// On failure, whatever was attached is detached again. `skippingMissingSymbols`: a function
    /// the binary (or kernel) does not have is left out (and listed in `skippedProbes`) instead
    /// of failing the run, as bpftrace's missing_probes=warn.
    @discardableResult
    public func attachAll(skippingMissingSymbols: Bool = false) throws -> Int {
        var count = 0
        TracepointAttacher.prepare(plan.programs.flatMap(\.targets))
        _ = libbpf_num_possible_cpus()  // read (and cached by libbpf) now, not under our own probes
        do {
            for attachment in plan.programs {
                let program = try object.program(named: attachment.programName)
                for (index, target) in attachment.targets.enumerated() where target != .begin && target != .end {
                    let probe = index < attachment.probeNames.count ? attachment.probeNames[index] : attachment.programName
                    guard let attacher = Attachers.attacher(for: target) else { continue }
                    let attached: [OpaquePointer]
                    do {
                        attached = try attacher.attach(program: program, target: target, probe: probe)
                    } catch let error as RuntimeError where skippingMissingSymbols && error.isMissingSymbol {
                        skippedProbes.append((probe, error))
                        continue
                    }
                    for link in attached {
                        // unwatch() removes address watchpoints too: their breakpoints are kept with the armed ones.
                        if case .watchpoint(let address, _, _, _) = target { watchpoints.adopt(link, address: address); continue }
                        links.append((probe, link))
                        if case .iterator(_, let pin) = target { iteratorLinks.append((probe, link, pin)) }
                    }
                    count += 1
                }
            }
        } catch {
            detachAll()
            throw error
        }
        return count
    }

    public func runBegin() throws { try run(plan.beginPrograms) }

    /// Starts the iter probes' iterations; call after BEGIN, whose output comes first. A pinned
    /// iterator is pinned instead, for its file's readers to run: its path is returned.
    public func startIterators() throws -> [String] {
        var pinned: [String] = []
        for (probe, link, pin) in iteratorLinks {
            if let pin {
                try IteratorPinning.pin(link, at: pin)
                pinned.append(pin)
            } else {
                try IteratorAttacher.start(link: link, probe: probe)
            }
        }
        iteratorLinks.removeAll()
        return pinned
    }
    public func runEnd() throws { try run(plan.endPrograms) }
    /// Runs the `self:signal:NAME` programs, when swtrace has received that signal.
    public func runSignal(_ name: String) throws { try run(plan.signalPrograms(name)) }

    /// The kernel's descriptor of a loaded program (for BPF_PROG_TEST_RUN).
    func programFD(named name: String) throws -> Int32 {
        bpf_program__fd(try object.program(named: name))
    }

    /// Runs each program once in the kernel (BPF_PROG_TEST_RUN), as BEGIN/END need.
    private func run(_ programs: [String]) throws {
        for name in programs {
            let fd = try programFD(named: name)
            var opts = bpf_test_run_opts()
            opts.sz = MemoryLayout<bpf_test_run_opts>.size
            let result = bpf_prog_test_run_opts(fd, &opts)
            if result != 0 {
                throw RuntimeError.testRunFailed(program: name, reason: errnoDescription(result))
            }
        }
    }

    /// Waits up to the timeout for ring-buffer events and handles every one available.
    public func poll(timeoutMilliseconds: Int32, _ handler: (RuntimeEvent) -> Void) throws {
        guard let ringBuffer else {
            if timeoutMilliseconds > 0 { usleep(UInt32(timeoutMilliseconds) * 1000) }
            return
        }
        try ringBuffer.poll(timeoutMilliseconds: timeoutMilliseconds, handler)
    }

    /// Handles the events already in the ring buffer without waiting (e.g. after END).
    public func drain(_ handler: (RuntimeEvent) -> Void) throws {
        try ringBuffer?.drain(handler)
    }

    /// Events the kernel could not put into the ring buffer, if the program counts them in a
    /// `lost_events` map; 0 otherwise.
    public var lostEvents: UInt64 {
        guard let reader = lostEventsReader,
              let value = try? reader.lookup([UInt8](repeating: 0, count: max(reader.keySize, 1))) else { return 0 }
        return value.withUnsafeBytes { bytes in
            (0..<reader.slotCount).reduce(UInt64(0)) { total, cpu in
                let offset = cpu * reader.slotStride
                return offset + 8 <= bytes.count ? total &+ ValueDecoder.u64(bytes, at: offset) : total
            }
        }
    }

    /// Found once: the run loop reads the counter after every poll, one lookup each time.
    private lazy var lostEventsReader: MapReader? = {
        guard let map = object.map(named: Self.lostEventsMapName) else { return nil }
        let descriptor = MapDescriptor(name: Self.lostEventsMapName, elfName: Self.lostEventsMapName, keyTypes: [],
                                       isKeyed: false, value: .aggregation(.count), perCPU: true, maxEntries: 1)
        return MapReader(descriptor: descriptor, map: map, decoder: valueDecoder)
    }()

    public func readMap(_ index: Int) throws -> MapSnapshot {
        try reader(index).snapshot()
    }

    public func clearMap(_ index: Int) throws { try reader(index).clear() }
    public func zeroMap(_ index: Int) throws { try reader(index).zero() }

    private func reader(_ index: Int) throws -> MapReader {
        guard mapReaders.indices.contains(index) else { throw RuntimeError.mapIndexOutOfRange(index) }
        return mapReaders[index]
    }

    /// Number of links currently attached.
    public var attachedLinkCount: Int { links.count }

    /// Destroys every link (several at once: each tracepoint detach waits tens of ms in the
    /// kernel). Programs and maps stay loaded (END can still run and maps be read)
    /// until this object is released.
    public func detachAll() {
        watchpoints.detachAll()
        let current = links.map { UInt(bitPattern: $0.link) }
        links.removeAll()
        iteratorLinks.removeAll()
        ParallelDetacher.destroy(current)
    }
}
