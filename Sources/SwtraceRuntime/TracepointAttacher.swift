// tracepoint:category:name: a perf event on the tracefs event id, with the program attached.
//
// Every id is read before the first probe is attached (`prepare`): reading one is an openat()
// that an already attached `sys_enter_openat` probe would otherwise report as the tracer's own.

import CLibbpf
import Foundation
import Glibc
import SwtraceCore

enum TracepointAttacher: ProbeAttacher {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var eventIDs: [String: UInt64] = [:]

    static func handles(_ target: AttachTarget) -> Bool {
        if case .tracepoint = target { return true }
        return false
    }

    /// Reads the event ids of every tracepoint target; unknown ones fail later, at their attach.
    static func prepare(_ targets: [AttachTarget]) {
        for case .tracepoint(let category, let name) in targets { _ = try? eventID(category: category, name: name) }
    }

    static func attach(program: OpaquePointer, target: AttachTarget, probe: String) throws -> [OpaquePointer] {
        guard case .tracepoint(let category, let name) = target else { return [] }
        let id: UInt64
        do {
            id = try eventID(category: category, name: name)
        } catch {
            throw RuntimeError.attachFailed(probe: probe, reason: "no such tracepoint")
        }
        var attr = perf_event_attr()
        attr.type = UInt32(PERF_TYPE_TRACEPOINT.rawValue)
        attr.size = UInt32(MemoryLayout<perf_event_attr>.size)
        attr.config = id
        // A tracepoint event with a BPF program fires on every CPU whatever CPU it is opened on.
        let fd = swtrace_perf_event_open(&attr, -1, 0, -1, UInt(PERF_FLAG_FD_CLOEXEC))
        if fd < 0 { throw RuntimeError.attachFailed(probe: probe, reason: "perf_event_open: \(errnoDescription(errno))") }
        guard let link = bpf_program__attach_perf_event(program, fd) else {
            let code = errno
            close(fd)
            throw RuntimeError.attachFailed(probe: probe, reason: errnoDescription(code))
        }
        return [link]
    }

    static func eventID(category: String, name: String) throws -> UInt64 {
        let key = category + ":" + name
        lock.lock()
        let cached = eventIDs[key]
        lock.unlock()
        if let cached { return cached }
        let text = try Tracefs.read("events/\(category)/\(name)/id")
        guard let id = UInt64(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw RuntimeError.fileUnreadable(path: "events/\(category)/\(name)/id", reason: "not an event id: \(text)")
        }
        lock.lock()
        eventIDs[key] = id
        lock.unlock()
        return id
    }
}
