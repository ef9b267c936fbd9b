// Reads a BPF map into a MapSnapshot: keys decoded with the descriptor's key layout, per-CPU
// aggregation slots merged across all possible CPUs, histogram buckets grouped by user key.
// Also clears and zeroes maps for clear()/zero().

import CLibbpf
import Glibc
import SwtraceCore

struct MapReader {
    var descriptor: MapDescriptor
    var fd: Int32
    /// From the kernel map type, not the descriptor: that is what the lookup returns.
    var isPerCPU: Bool
    var isArray: Bool
    var keySize: Int
    var valueSize: Int
    var decoder: ValueDecoder
    /// Where each kernel key field starts, worked out once rather than for every key read.
    private let keyOffsets: [Int]
    private let keyDecoding: KeyDecoding

    /// How user keys come out of kernel keys.
    private enum KeyDecoding {
        case none
        /// One plain integer at offset 0.
        case integer(bits: Int, signed: Bool)
        case general
    }

    init(descriptor: MapDescriptor, map: OpaquePointer, decoder: ValueDecoder) {
        self.descriptor = descriptor
        self.fd = bpf_map__fd(map)
        let type = bpf_map__type(map)
        self.isPerCPU = [BPF_MAP_TYPE_PERCPU_HASH, BPF_MAP_TYPE_PERCPU_ARRAY, BPF_MAP_TYPE_LRU_PERCPU_HASH].contains(type)
        self.isArray = [BPF_MAP_TYPE_ARRAY, BPF_MAP_TYPE_PERCPU_ARRAY].contains(type)
        self.keySize = Int(bpf_map__key_size(map))
        self.valueSize = Int(bpf_map__value_size(map))
        self.decoder = decoder
        keyOffsets = RecordLayout(descriptor.kernelKeyTypes).offsets
        if descriptor.keyTypes.isEmpty {
            keyDecoding = .none
        } else if descriptor.keyTypes.count == 1, case .integer(let bits, let signed) = descriptor.keyTypes[0],
                  [8, 16, 32, 64].contains(bits) {
            keyDecoding = .integer(bits: bits, signed: signed)
        } else {
            keyDecoding = .general
        }
    }

    var slotStride: Int { (valueSize + 7) / 8 * 8 }
    var slotCount: Int { isPerCPU ? max(Int(libbpf_num_possible_cpus()), 1) : 1 }
    private var bufferSize: Int { isPerCPU ? slotStride * slotCount : valueSize }

    /// Every key currently in the map. When the previous key is deleted meanwhile, the kernel
    /// restarts from the first key, so keys already seen end the walk.
    func keys() throws -> [[UInt8]] {
        var keys: [[UInt8]] = []
        var seen: Set<[UInt8]> = []
        var previous: [UInt8]? = nil
        var next = [UInt8](repeating: 0, count: max(keySize, 1))
        while true {
            let result: Int32
            if let current = previous {
                result = current.withUnsafeBytes { bpf_map_get_next_key(fd, $0.baseAddress, &next) }
            } else {
                result = bpf_map_get_next_key(fd, nil, &next)
            }
            if result != 0 {
                if errno == ENOENT { break }
                throw failure("iterate", errno)
            }
            if !seen.insert(next).inserted { break }
            keys.append(next)
            previous = next
        }
        return keys
    }

    /// The raw value bytes of `key` (all per-CPU slots), nil if it vanished meanwhile.
    func lookup(_ key: [UInt8]) throws -> [UInt8]? {
        var value = [UInt8](repeating: 0, count: bufferSize)
        let result = key.withUnsafeBytes { bpf_map_lookup_elem(fd, $0.baseAddress, &value) }
        if result != 0 {
            if errno == ENOENT { return nil }
            throw failure("read", errno)
        }
        return value
    }

    /// Every (key, raw value) pair, read thousands per system call where the kernel can.
    func entries() throws -> [(key: [UInt8], value: [UInt8])] {
        var raw: [(key: [UInt8], value: [UInt8])] = []
        try forEachEntry { key, value in raw.append((Array(key), Array(value))) }
        return raw
    }

    /// Hands every (key, raw value) pair to `body` straight from the read buffers (valid only
    /// during the call): a map with 100k keys is read without 200k small arrays.
    func forEachEntry(_ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void) throws {
        if !isArray, try batchedEntries(body) { return }
        for key in try keys() {
            guard let value = try lookup(key) else { continue }
            try key.withUnsafeBytes { keyBytes in try value.withUnsafeBytes { try body(keyBytes, $0) } }
        }
    }

    /// Hash maps in chunks with BPF_MAP_LOOKUP_BATCH: 100k keys cost ~25 system calls instead
    /// of 200k. false when the kernel cannot batch this map, so the caller walks it key by key.
    private func batchedEntries(_ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void) throws -> Bool {
        let chunk = 4096
        let keyStride = max(keySize, 1)
        let valueStride = bufferSize
        var keysBuffer = [UInt8](repeating: 0, count: chunk * keyStride)
        var valuesBuffer = [UInt8](repeating: 0, count: chunk * valueStride)
        // The batch token is opaque (a bucket number for hash maps); a key's size always fits it.
        var token = [UInt8](repeating: 0, count: max(keySize, 8))
        var nextToken = token
        var first = true
        while true {
            var count = UInt32(chunk)
            let result = keysBuffer.withUnsafeMutableBytes { keys in
                valuesBuffer.withUnsafeMutableBytes { values in
                    token.withUnsafeMutableBytes { input in
                        nextToken.withUnsafeMutableBytes { output in
                            bpf_map_lookup_batch(fd, first ? nil : input.baseAddress, output.baseAddress,
                                                 keys.baseAddress, values.baseAddress, &count, nil)
                        }
                    }
                }
            }
            let code = result < 0 ? errno : 0
            if code != 0 && code != ENOENT {
                // Kernels before 5.6 and some map types cannot batch: fall back before any output.
                if first && [EINVAL, ENOTSUP, EOPNOTSUPP, ENOSYS, 524 /* ENOTSUPP */].contains(code) { return false }
                throw failure("read", code)
            }
            try keysBuffer.withUnsafeBytes { keys in
                try valuesBuffer.withUnsafeBytes { values in
                    for index in 0..<Int(count) {
                        try body(UnsafeRawBufferPointer(rebasing: keys[index * keyStride ..< (index + 1) * keyStride]),
                                 UnsafeRawBufferPointer(rebasing: values[index * valueStride ..< (index + 1) * valueStride]))
                    }
                }
            }
            if code == ENOENT { return true }
            swap(&token, &nextToken)
            first = false
        }
    }

    func snapshot() throws -> MapSnapshot {
        let entries: [(key: [Value], value: MapEntryValue)]
        if case .aggregation(let aggregation) = descriptor.value {
            if aggregation.hasBucketKey {
                entries = try aggregate(try self.entries(), aggregation)
            } else {
                // One pass over the read buffers: key decoded, per-CPU slots merged in place.
                var merged: [(key: [Value], value: MapEntryValue)] = []
                try forEachEntry { key, value in merged.append((try userKey(key), merge(value, aggregation))) }
                entries = merged
            }
        } else {
            var scalars: [(key: [Value], value: MapEntryValue)] = []
            try forEachEntry { key, value in
                scalars.append((try userKey(key), .scalar(try decoder.decode(descriptor.value, from: value, at: 0))))
            }
            entries = scalars
        }
        return MapSnapshot(name: descriptor.name, isKeyed: descriptor.isKeyed, entries: entries)
    }

    /// The user-visible key values of a kernel key (no zero key, no bucket index).
    func userKey(_ key: [UInt8]) throws -> [Value] {
        try key.withUnsafeBytes { try userKey($0) }
    }

    func userKey(_ bytes: UnsafeRawBufferPointer) throws -> [Value] {
        switch keyDecoding {
        case .none:
            return []
        case .integer(let bits, let signed):
            // The common `@[pid]`-style key, without the general decoder's checks per type.
            guard bytes.count >= bits / 8 else { break }
            return [ValueDecoder.integer(bytes, at: 0, bits: bits, signed: signed)]
        case .general:
            break
        }
        return try zip(descriptor.keyTypes, keyOffsets).map { try decoder.decode($0, from: bytes, at: $1) }
    }

    func bucketIndex(_ key: [UInt8]) -> Int {
        guard let offset = keyOffsets.last, offset + 8 <= key.count else { return 0 }
        return key.withUnsafeBytes { Int(truncatingIfNeeded: ValueDecoder.u64($0, at: offset)) }
    }

    private func aggregate(_ raw: [(key: [UInt8], value: [UInt8])], _ aggregation: Aggregation) throws
        -> [(key: [Value], value: MapEntryValue)] {
        if case .tseries = aggregation { return try timeSeries(raw, aggregation) }
        var order: [[Value]] = []
        var buckets: [[Value]: [Int: UInt64]] = [:]
        for entry in raw {
            let key = try userKey(entry.key)
            if buckets[key] == nil { order.append(key); buckets[key] = [:] }
            let count = entry.value.withUnsafeBytes { bytes in
                (0..<slotCount).reduce(UInt64(0)) { $0 &+ slot(bytes, $1).first }
            }
            if count != 0 { buckets[key]![bucketIndex(entry.key), default: 0] &+= count }
        }
        return order.map { key in
            switch aggregation {
            case .lhist(let min, let max, let step): return (key, .lhist(min: min, max: max, step: step, buckets: buckets[key]!))
            case .log2Hist(let bits): return (key, .log2Hist(bits: bits, buckets: buckets[key]!))
            default: return (key, .hist(buckets[key]!))
            }
        }
    }

    /// One CPU's (first u64, second u64) of a value.
    private func slot(_ bytes: UnsafeRawBufferPointer, _ index: Int) -> (first: UInt64, second: UInt64) {
        let base = index * slotStride
        let first = base + 8 <= bytes.count ? ValueDecoder.u64(bytes, at: base) : 0
        let second = valueSize >= 16 && base + 16 <= bytes.count ? ValueDecoder.u64(bytes, at: base + 8) : 0
        return (first, second)
    }

    /// The per-CPU slots of one value merged as the aggregation says.
    private func merge(_ bytes: UnsafeRawBufferPointer, _ aggregation: Aggregation) -> MapEntryValue {
        let cpus = slotCount
        switch aggregation {
        case .count:
            var total: UInt64 = 0
            for index in 0..<cpus { total &+= slot(bytes, index).first }
            return .count(total)
        case .sum:
            var total: UInt64 = 0
            for index in 0..<cpus { total &+= slot(bytes, index).first }
            return .sum(Int64(bitPattern: total))
        case .min(let signed), .max(let signed):
            let isMin: Bool = { if case .min = aggregation { return true } else { return false } }()
            // Only CPUs that saw a value (second u64 set) take part.
            var best: UInt64? = nil
            for index in 0..<cpus {
                let (value, present) = slot(bytes, index)
                guard present != 0 else { continue }
                guard let current = best else { best = value; continue }
                let less = signed ? Int64(bitPattern: value) < Int64(bitPattern: current) : value < current
                if less == isMin && value != current { best = value }
            }
            let result = Int64(bitPattern: best ?? 0)
            return isMin ? .min(result) : .max(result)
        case .avg, .stats:
            var sum: UInt64 = 0, count: UInt64 = 0
            for index in 0..<cpus {
                let (first, second) = slot(bytes, index)
                sum &+= first
                count &+= second
            }
            if case .avg = aggregation { return .avg(sum: Int64(bitPattern: sum), count: count) }
            return .stats(sum: Int64(bitPattern: sum), count: count)
        case .hist:
            return .hist([:])
        case .log2Hist(let bits):
            return .log2Hist(bits: bits, buckets: [:])
        case .lhist(let min, let max, let step):
            return .lhist(min: min, max: max, step: step, buckets: [:])
        case .tseries(let intervalNs, let intervalCount, _, _):
            return .tseries(TimeSeries(intervalNs: intervalNs, intervalCount: intervalCount, values: [:]))
        }
    }

    /// Deletes every entry (array maps cannot delete: they are zeroed instead).
    func clear() throws {
        if isArray { return try zero() }
        for key in try keys() {
            let result = key.withUnsafeBytes { bpf_map_delete_elem(fd, $0.baseAddress) }
            if result != 0 && errno != ENOENT { throw failure("clear", errno) }
        }
    }

    /// Sets every entry's value to zero, keeping the keys.
    func zero() throws {
        let zeros = [UInt8](repeating: 0, count: bufferSize)
        for key in try keys() {
            let result = key.withUnsafeBytes { bpf_map_update_elem(fd, $0.baseAddress, zeros, UInt64(BPF_EXIST)) }
            if result != 0 && errno != ENOENT { throw failure("zero", errno) }
        }
    }

    private func failure(_ operation: String, _ code: Int32) -> RuntimeError {
        .mapOperationFailed(map: descriptor.name, operation: operation, reason: errnoDescription(code))
    }
}
