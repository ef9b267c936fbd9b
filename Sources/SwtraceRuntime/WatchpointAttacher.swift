// watchpoint probes: a hardware breakpoint perf event (PERF_TYPE_BREAKPOINT) per watch. A user
// address follows the traced process on any CPU; a kernel address is watched on every CPU.

import CLibbpf
import Glibc
import SwtraceCore

enum WatchpointAttacher: ProbeAttacher {
    static func handles(_ target: AttachTarget) -> Bool {
        if case .watchpoint = target { return true }
        return false
    }

    static func missingFeature(for target: AttachTarget, features: KernelFeatures) -> String? {
        features.watchpoints ? nil : "hardware breakpoints (the breakpoint PMU)"
    }

    /// HW_BREAKPOINT_R/W/X from <linux/hw_breakpoint.h>, by bpftrace's sorted mode letters.
    static func breakpointType(_ mode: String) -> UInt32? {
        switch mode {
        case "r": return 1
        case "w": return 2
        case "rw": return 3
        case "x": return 4
        default: return nil
        }
    }

    static func attach(program: OpaquePointer, target: AttachTarget, probe: String) throws -> [OpaquePointer] {
        guard case .watchpoint(let address, let length, let mode, let pid) = target,
              let type = breakpointType(mode) else { return [] }
        var attr = perf_event_attr()
        attr.type = UInt32(PERF_TYPE_BREAKPOINT.rawValue)
        attr.size = UInt32(MemoryLayout<perf_event_attr>.size)
        attr.bp_type = type
        attr.bp_addr = address
        // An execute breakpoint covers one instruction: x86 wants the length of a long for it.
        attr.bp_len = type == 4 ? UInt64(MemoryLayout<Int>.size) : length
        attr.sample_period = 1  // every access runs the program
        attr.precise_ip = 2     // delivered synchronously, on the accessing instruction
        // Threads and children the process creates from now on are watched too (their copies of
        // the event run the same program); ones that already exist are not, as in bpftrace.
        attr.inherit = pid == nil ? 0 : 1
        let anyCPU: Int32 = -1, anyProcess: Int32 = -1
        let placements: [(pid: Int32, cpu: Int32)] = pid.map { [($0, anyCPU)] } ?? onlineCPUs().map { (anyProcess, $0) }
        var links: [OpaquePointer] = []
        do {
            for placement in placements {
                let fd = swtrace_perf_event_open(&attr, placement.pid, placement.cpu, -1, UInt(PERF_FLAG_FD_CLOEXEC))
                guard fd >= 0 else { throw openError(errno, probe: probe, address: address, length: length) }
                guard let link = bpf_program__attach_perf_event(program, fd) else {
                    let code = errno
                    close(fd)
                    throw RuntimeError.attachFailed(probe: probe, reason: errnoDescription(code))
                }
                links.append(link)
            }
        } catch {
            links.forEach { bpf_link__destroy($0) }
            throw error
        }
        return links
    }

    /// The reason of an attach failure for want of a debug register (bpftrace goes on then).
    static let noFreeRegister = "no free hardware breakpoint register (x86 has four per CPU)"

    /// x86-64: addresses from here up are the kernel's half of the address space.
    static let kernelAddressSpaceStart: UInt64 = 0xffff_8000_0000_0000

    /// perf_event_open's errno in the user's terms.
    private static func openError(_ code: Int32, probe: String, address: UInt64, length: UInt64) -> RuntimeError {
        let reason: String
        switch code {
        case EINVAL where address % length != 0:
            reason = "address 0x\(String(address, radix: 16)) is not aligned to the watched length \(length)"
        case EINVAL:
            reason = "the kernel refused the breakpoint (an address outside the watched address space?)"
        case ENOSPC:
            reason = noFreeRegister
        case ESRCH:
            reason = "the traced process is gone"
        case EPERM where address >= kernelAddressSpaceStart:
            // Hypervisors and hardened kernels may forbid data breakpoints in kernel memory
            // even to root (bpftrace gets the same EPERM there).
            reason = "this kernel does not allow breakpoints on kernel addresses (perf_event_open: \(errnoDescription(code)))"
        default:
            reason = "perf_event_open: \(errnoDescription(code))"
        }
        return RuntimeError.attachFailed(probe: probe, reason: reason)
    }
}
