// interval, profile, software and hardware probes: perf events opened here, one per CPU (one on
// CPU 0 for interval), each handed to libbpf, whose link closes the event on destroy.

import CLibbpf
import Glibc
import SwtraceCore

enum PerfEventAttacher: ProbeAttacher {
    static func handles(_ target: AttachTarget) -> Bool {
        switch target {
        case .interval, .profile, .software, .hardware: return true
        default: return false
        }
    }

    /// What to open: perf type/config, period or frequency, and on which CPUs.
    struct EventSpec {
        var type: UInt32
        var config: UInt64
        var period: UInt64
        var frequency: UInt64?
        var cpus: [Int32]
    }

    static func spec(for target: AttachTarget) -> EventSpec? {
        let software = UInt32(PERF_TYPE_SOFTWARE.rawValue)
        let cpuClock = UInt64(PERF_COUNT_SW_CPU_CLOCK.rawValue)
        switch target {
        case .interval(let period):
            return EventSpec(type: software, config: cpuClock, period: max(period, 1), frequency: nil, cpus: [0])
        case .profile(let frequency, let period):
            if let frequency {
                return EventSpec(type: software, config: cpuClock, period: 0, frequency: max(frequency, 1), cpus: onlineCPUs())
            }
            return EventSpec(type: software, config: cpuClock, period: max(period ?? 1_000_000, 1), frequency: nil,
                             cpus: onlineCPUs())
        case .software(let config, let period):
            return EventSpec(type: software, config: config, period: max(period, 1), frequency: nil, cpus: onlineCPUs())
        case .hardware(let config, let period):
            return EventSpec(type: UInt32(PERF_TYPE_HARDWARE.rawValue), config: config, period: max(period, 1),
                             frequency: nil, cpus: onlineCPUs())
        default:
            return nil
        }
    }

    static func attach(program: OpaquePointer, target: AttachTarget, probe: String) throws -> [OpaquePointer] {
        guard let spec = spec(for: target) else { return [] }
        var links: [OpaquePointer] = []
        do {
            for cpu in spec.cpus {
                let fd = try openEvent(spec, cpu: cpu, probe: probe, isHardware: {
                    if case .hardware = target { return true } else { return false }
                }())
                guard let link = bpf_program__attach_perf_event(program, fd) else {
                    let code = errno
                    close(fd)
                    throw RuntimeError.attachFailed(probe: probe, reason: "CPU \(cpu): \(errnoDescription(code))")
                }
                links.append(link)
            }
        } catch {
            links.forEach { bpf_link__destroy($0) }
            throw error
        }
        return links
    }

    static func openEvent(_ spec: EventSpec, cpu: Int32, probe: String, isHardware: Bool) throws -> Int32 {
        var attr = perf_event_attr()
        attr.type = spec.type
        attr.size = UInt32(MemoryLayout<perf_event_attr>.size)
        attr.config = spec.config
        if let frequency = spec.frequency {
            attr.freq = 1
            attr.sample_freq = frequency
        } else {
            attr.sample_period = spec.period
        }
        let fd = swtrace_perf_event_open(&attr, -1, cpu, -1, UInt(PERF_FLAG_FD_CLOEXEC))
        if fd >= 0 { return fd }
        let code = errno
        if isHardware, code == ENOENT || code == EOPNOTSUPP || code == ENODEV || code == EINVAL {
            throw RuntimeError.missingKernelFeature(probe: probe, feature: "hardware performance counters (no PMU for this event)")
        }
        throw RuntimeError.attachFailed(probe: probe, reason: "perf_event_open on CPU \(cpu): \(errnoDescription(code))")
    }
}
