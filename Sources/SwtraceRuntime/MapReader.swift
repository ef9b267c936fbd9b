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

    init(descriptor: MapDescriptor, map: OpaquePointer, decoder: ValueDecoder) {
        self.descriptor = descriptor
        self.fd = bpf_map__fd(map)
        let type = bpf_map__type(map)
        self.isPerCPU = [BPF_MAP_TYPE_PERCPU_HASH, BPF_MAP_TYPE_PERCPU_ARRAY, BPF_MAP_TYPE_LRU_PERCPU_HASH].contains(type)
        self.isArray = [BPF_MAP_TYPE_ARRAY, BPF_MAP_TYPE_PERCPU_ARRAY].contains(type)
        self.keySize = Int(bpf_map__key_size(map))
        self.valueSize = Int(bpf_map__value_size(map))
        self.decoder = decoder
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
        if !isArray, let batched = try batchedEntries() { return batched }
        var raw: [(key: [UInt8], value: [UInt8])] = []
        for key in try keys() {
            if let value = try lookup(key) { raw.append((key, value)) }
        }
        return raw
    }

    /// Hash maps in chunks with BPF_MAP_LOOKUP_BATCH: 100k keys cost ~25 system calls instead
    /// of 200k. nil when the kernel cannot batch this map, so the caller walks it key by key.
    private func batchedEntries() throws -> [(key: [UInt8], value: [UInt8])]? {
        let chunk = 4096
        let keyStride = max(keySize, 1)
        var keysBuffer = [UInt8](repeating: 0, count: chunk * keyStride)
        var valuesBuffer = [UInt8](repeating: 0, count: chunk * bufferSize)
        // The batch token is opaque (a bucket number for hash maps); a key's size always fits it.
        var token = [UInt8](repeating: 0, count: max(keySize, 8))
        var nextToken = token
        var raw: [(key: [UInt8], value: [UInt8])] = []
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
                if first && [EINVAL, ENOTSUP, EOPNOTSUPP, ENOSYS, 524 /* ENOTSUPP */].contains(code) { return nil }
                throw failure("read", code)
            }
            for index in 0..<Int(count) {
                let key = Array(keysBuffer[index * keyStride ..< (index + 1) * keyStride])
                let value = Array(valuesBuffer[index * bufferSize ..< (index + 1) * bufferSize])
                raw.append((key, value))
            }
            if code == ENOENT { return raw }
            token = nextToken
            first = false
        }
    }

    func snapshot() throws -> MapSnapshot {
        let raw = try entries()
        let entries: [(key: [Value], value: MapEntryValue)]
        if case .aggregation(let aggregation) = descriptor.value {
            entries = try aggregate(raw, aggregation)
        } else {
            entries = try raw.map { entry in
                let value = try entry.value.withUnsafeBytes { try decoder.decode(descriptor.value, from: $0, at: 0) }
                return (try userKey(entry.key), .scalar(value))
            }
        }
        return MapSnapshot(name: descriptor.name, isKeyed: descriptor.isKeyed, entries: entries)
    }

    /// The user-visible key values of a kernel key (no zero key, no bucket index).
    func userKey(_ key: [UInt8]) throws -> [Value] {
        guard !descriptor.keyTypes.isEmpty else { return [] }
        let layout = RecordLayout(descriptor.kernelKeyTypes)
        return try key.withUnsafeBytes { bytes in
            try zip(descriptor.keyTypes, layout.offsets).map { try decoder.decode($0, from: bytes, at: $1) }
        }
    }

    func bucketIndex(_ key: [UInt8]) -> Int {
        let layout = RecordLayout(descriptor.kernelKeyTypes)
        guard let offset = layout.offsets.last, offset + 8 <= key.count else { return 0 }
        return key.withUnsafeBytes { Int(truncatingIfNeeded: ValueDecoder.u64($0, at: offset)) }
    }

    private func aggregate(_ raw: [(key: [UInt8], value: [UInt8])], _ aggregation: Aggregation) throws
        -> [(key: [Value], value: MapEntryValue)] {
        if case .tseries = aggregation { return try timeSeries(raw, aggregation) }
        if aggregation.hasBucketKey {
            var order: [[Value]] = []
            var buckets: [[Value]: [Int: UInt64]] = [:]
            for entry in raw {
                let key = try userKey(entry.key)
                if buckets[key] == nil { order.append(key); buckets[key] = [:] }
                let count = slots(entry.value).reduce(UInt64(0)) { $0 &+ $1.first }
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
        return try raw.map { entry in (try userKey(entry.key), merge(slots(entry.value), aggregation)) }
    }

    /// Each CPU's (first u64, second u64) of a value.
    private func slots(_ value: [UInt8]) -> [(first: UInt64, second: UInt64)] {
        value.withUnsafeBytes { bytes in
            (0..<slotCount).map { index in
                let base = index * slotStride
                let first = base + 8 <= bytes.count ? ValueDecoder.u64(bytes, at: base) : 0
                let second = valueSize >= 16 && base + 16 <= bytes.count ? ValueDecoder.u64(bytes, at: base + 8) : 0
                return (first, second)
            }
        }
    }

    private func merge(_ slots: [(first: UInt64, second: UInt64)], _ aggregation: Aggregation) -> MapEntryValue {
        switch aggregation {
        case .count:
            return .count(slots.reduce(0) { $0 &+ $1.first })
        case .sum:
            return .sum(Int64(bitPattern: slots.reduce(0) { $0 &+ $1.first }))
        case .min(let signed), .max(let signed):
            let isMin: Bool = { if case .min = aggregation { return true } else { return false } }()
            let present = slots.filter { $0.second != 0 }.map(\.first)
            var best: UInt64? = nil
            for value in present {
                guard let current = best else { best = value; continue }
                let less = signed ? Int64(bitPattern: value) < Int64(bitPattern: current) : value < current
                if less == isMin && value != current { best = value }
            }
            let result = Int64(bitPattern: best ?? 0)
            return isMin ? .min(result) : .max(result)
        case .avg, .stats:
            let sum = Int64(bitPattern: slots.reduce(0) { $0 &+ $1.first })
            let count = slots.reduce(0) { $0 &+ $1.second }
            if case .avg = aggregation { return .avg(sum: sum, count: count) }
            return .stats(sum: sum, count: count)
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
