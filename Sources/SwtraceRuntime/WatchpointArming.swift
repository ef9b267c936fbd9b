// The breakpoints function watchpoints (`watchpoint:FUNC+argN`) arm while the program runs: one
// per probe and address the probe's uprobe reports. These and the breakpoints of address
// watchpoints are removed by unwatch() and at detach.

import CLibbpf
import Glibc
import SwtraceCore

public final class WatchpointArming {
    public enum Outcome {
        case armed
        /// The probe has watched this address before: as bpftrace, a probe attaches once per
        /// address, and not again after unwatch() (which would undo it at the next call).
        case alreadyWatched
        /// Every debug register is taken: bpftrace warns and goes on.
        case noFreeRegister
        case failed(RuntimeError)
        /// The probes are detached (the run is ending): nothing is armed any more.
        case detached
    }

    public let watchpoints: [WatchpointProgram]
    private let program: (String) throws -> OpaquePointer
    /// Addresses each probe (by index in `watchpoints`) has been asked to watch.
    private var watched: [Set<UInt64>]
    private var links: [(address: UInt64, link: OpaquePointer)] = []
    private var isDetached = false
    /// The map of (index, address) pairs handled, which the arming programs skip.
    private let watchedMapFD: Int32?

    init(watchpoints: [WatchpointProgram], watchedMapFD: Int32?, program: @escaping (String) throws -> OpaquePointer) {
        self.watchpoints = watchpoints
        self.watchedMapFD = watchedMapFD
        self.program = program
        watched = Array(repeating: [], count: watchpoints.count)
    }

    deinit { detachAll() }

    /// Breakpoints in place now (address watchpoints' included).
    public var armedCount: Int { links.count }

    public func arm(index: Int, address: UInt64) -> Outcome {
        guard !isDetached else { return .detached }
        guard watchpoints.indices.contains(index) else {
            return .failed(.malformedEvent(reason: "watchpoint probe index \(index) out of range"))
        }
        let spec = watchpoints[index]
        // Handled now, whatever the outcome: the uprobe lets later calls with it pass (until an
        // unwatch() of the address, which deletes the key in the kernel).
        markHandled(index: index, address: address)
        guard watched[index].insert(address).inserted else { return .alreadyWatched }
        let target = AttachTarget.watchpoint(address: address, length: spec.watch.length, mode: spec.watch.mode, pid: spec.watch.pid)
        do {
            let attached = try WatchpointAttacher.attach(program: try program(spec.programName), target: target, probe: spec.probeName)
            links += attached.map { (address, $0) }
            return .armed
        } catch RuntimeError.attachFailed(_, WatchpointAttacher.noFreeRegister) {
            return .noFreeRegister
        } catch let error as RuntimeError {
            return .failed(error)
        } catch {
            return .failed(.attachFailed(probe: spec.probeName, reason: "\(error)"))
        }
    }

    private func markHandled(index: Int, address: UInt64) {
        guard let fd = watchedMapFD else { return }
        var key: (UInt64, UInt64) = (UInt64(index), address)
        var value: UInt64 = 1
        // A full map only costs speed: calls with addresses not in it keep reporting them.
        _ = bpf_map_update_elem(fd, &key, &value, 0)
    }

    /// Keeps the breakpoint of a `watchpoint:ADDRESS` probe, attached with the others at start,
    /// so unwatch() and detach treat it as the armed ones (bpftrace removes any probe on the address).
    func adopt(_ link: OpaquePointer, address: UInt64) {
        links.append((address, link))
    }

    /// `unwatch(address)`: every breakpoint on the address goes, silently if there is none.
    public func disarm(address: UInt64) {
        let (gone, kept) = (links.filter { $0.address == address }, links.filter { $0.address != address })
        links = kept
        // Synchronously: a tracee held until this is handled must not run into the breakpoint.
        gone.forEach { bpf_link__destroy($0.link) }
    }

    /// Removes every breakpoint; later arming requests are refused.
    func detachAll() {
        isDetached = true
        links.forEach { bpf_link__destroy($0.link) }
        links.removeAll()
    }
}
