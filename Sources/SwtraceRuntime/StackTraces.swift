// Reads recorded stacks back from the program's stack-trace maps (one per depth, see
// StackReference.mapName) and turns them into stack values of bpftrace's three modes.

import CLibbpf
import SwtraceCore

/// The instruction pointers of recorded stacks, innermost first.
struct StackTraceMaps {
    /// Map fd and frames per entry, by depth.
    private var maps: [Int: (fd: Int32, frames: Int)] = [:]

    init() {}

    /// Finds every stack map of a loaded object.
    init(object: OpaquePointer) {
        var map = bpf_object__next_map(object, nil)
        while let current = map {
            if let name = bpf_map__name(current), bpf_map__type(current) == BPF_MAP_TYPE_STACK_TRACE {
                let text = String(cString: name)
                for depth in [StackReference.defaultDepth] + Array(StackReference.depthRange)
                where StackReference.mapName(depth: depth) == text {
                    maps[depth] = (bpf_map__fd(current), Int(bpf_map__value_size(current)) / 8)
                    break
                }
            }
            map = bpf_object__next_map(object, current)
        }
    }

    func addresses(_ reference: StackReference) -> [UInt64] {
        guard let id = reference.stackID, let map = maps[reference.depth] else { return [] }
        var key = id
        var frames = [UInt64](repeating: 0, count: max(map.frames, 1))
        guard bpf_map_lookup_elem(map.fd, &key, &frames) == 0 else { return [] }
        return Array(frames.prefix(while: { $0 != 0 }).prefix(reference.depth))
    }
}

/// Stack values as bpftrace prints them.
enum StackFormatter {
    /// `bpftrace` mode gives frames (`name+offset`, indented by the printers); `perf` and
    /// `raw` modes have their own line layout, so they become finished text.
    static func value(_ addresses: [UInt64], reference: StackReference, kernel: Bool) -> Value {
        switch reference.mode {
        case .bpftrace:
            return .stack(addresses.map { symbol($0, reference: reference, kernel: kernel, perf: false) })
        case .perf:
            return .perfStack(addresses.map {
                StackFrame(address: $0, symbol: symbol($0, reference: reference, kernel: kernel, perf: true))
            })
        case .raw:
            return .rawStack(addresses)
        }
    }

    private static func symbol(_ address: UInt64, reference: StackReference, kernel: Bool, perf: Bool) -> String {
        if kernel { return KernelSymbols.shared.text(for: address, showOffset: true) }
        return UserSymbols.shared.text(for: address, pid: Int32(bitPattern: reference.pid), showOffset: true, showModule: perf)
    }
}
