// The attach step shared by every probe type: one attacher per kind of target (one file each),
// each returning the libbpf links it created so they can be destroyed later.

import CLibbpf
import Glibc
import SwtraceCore

protocol ProbeAttacher {
    /// True if this attacher handles the target.
    static func handles(_ target: AttachTarget) -> Bool
    /// The kernel feature the target needs, if this host lacks it (checked before loading).
    static func missingFeature(for target: AttachTarget, features: KernelFeatures) -> String?
    /// Attaches `program` (a `struct bpf_program *`) to `target`; `probe` names it in errors.
    static func attach(program: OpaquePointer, target: AttachTarget, probe: String) throws -> [OpaquePointer]
}

extension ProbeAttacher {
    static func missingFeature(for target: AttachTarget, features: KernelFeatures) -> String? { nil }
}

enum Attachers {
    static let all: [ProbeAttacher.Type] = [
        TracepointAttacher.self, RawTracepointAttacher.self, PerfEventAttacher.self,
        KprobeAttacher.self, UprobeAttacher.self, FentryAttacher.self, WatchpointAttacher.self, WatchpointSetupAttacher.self,
        IteratorAttacher.self,
    ]

    static func attacher(for target: AttachTarget) -> ProbeAttacher.Type? {
        all.first { $0.handles(target) }
    }
}

/// Turns a libbpf attach result into a link or an error naming the probe (libbpf sets errno).
func requireLink(_ link: OpaquePointer?, probe: String, notFoundMeans: String? = nil) throws -> OpaquePointer {
    if let link { return link }
    let code = errno
    if code == ENOENT, let notFoundMeans {
        throw RuntimeError.attachFailed(probe: probe, reason: notFoundMeans)
    }
    throw RuntimeError.attachFailed(probe: probe, reason: errnoDescription(code))
}

/// CPUs currently online, from /sys/devices/system/cpu/online ("0-3,6").
func onlineCPUs() -> [Int32] {
    guard let text = try? readTextFile("/sys/devices/system/cpu/online") else { return [0] }
    var cpus: [Int32] = []
    for range in text.trimmingWhitespace().split(separator: ",") {
        let bounds = range.split(separator: "-").compactMap { Int32($0) }
        if bounds.count == 1 { cpus.append(bounds[0]) }
        if bounds.count == 2, bounds[0] <= bounds[1] { cpus.append(contentsOf: bounds[0]...bounds[1]) }
    }
    return cpus.isEmpty ? [0] : cpus
}
