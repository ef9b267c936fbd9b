// The BPF maps of a program as BTF-described globals in `.maps`: one per user map, the event
// ring buffer and the lost-event counter.
import CLLVM
import SwtraceCore

final class MapGlobals {
    let descriptors: [MapDescriptor]
    private(set) var globals: [LLVMValueRef] = []
    let ringBuffer: LLVMValueRef
    let lostEvents: LLVMValueRef

    init(module: LLVMModule, debugInfo: DebugInfo, program: CheckedProgram, options: CompileOptions) {
        var descriptors: [MapDescriptor] = []
        var types: [BPFMapType] = []
        var usedNames: Set<String> = []
        for map in program.maps {
            var base = "m_" + String(map.name.dropFirst()).map { $0.isLetter || $0.isNumber ? $0 : "_" }.map(String.init).joined()
            while usedNames.contains(base) { base += "_" }
            usedNames.insert(base)
            let isAggregation: Bool
            if case .aggregation = map.value { isAggregation = true } else { isAggregation = false }
            // `let @m = lruhash(N);` chooses the kind and size of a keyed map (keyless maps hold
            // their buckets, so their size stays what their value needs).
            let lru = map.declaredKind?.contains("lru") ?? false
            types.append(isAggregation ? (lru ? .lruPercpuHash : .percpuHash) : (lru ? .lruHash : .hash))
            descriptors.append(MapDescriptor(name: map.name, elfName: base, keyTypes: map.keyTypes, isKeyed: map.isKeyed,
                                             value: map.value, perCPU: isAggregation,
                                             maxEntries: map.isKeyed ? map.declaredMaxEntries ?? options.maxMapEntries
                                                                     : MapGlobals.keylessEntries(map.value)))
        }
        self.descriptors = descriptors
        for (descriptor, type) in zip(descriptors, types) {
            globals.append(MapGlobals.define(module, debugInfo, name: descriptor.elfName, fields: [
                ("type", type.rawValue), ("max_entries", descriptor.maxEntries),
                ("key_size", descriptor.keySize), ("value_size", descriptor.valueSize),
            ]))
        }
        ringBuffer = MapGlobals.define(module, debugInfo, name: BPFCompiler.ringBufferName, fields: [
            ("type", BPFMapType.ringbuf.rawValue), ("max_entries", options.ringBufferSize),
        ])
        lostEvents = MapGlobals.define(module, debugInfo, name: BPFCompiler.lostEventsName, fields: [
            ("type", BPFMapType.percpuArray.rawValue), ("max_entries", 1), ("key_size", 4), ("value_size", 8),
        ])
    }

    /// A map without keys needs one entry per histogram bucket or time-series slot, else one.
    /// Sizing it for `max_map_keys` would make the kernel preallocate all of them (per CPU) at
    /// every start for nothing: 262144 keys cost ~200 ms of CPU.
    static func keylessEntries(_ value: SwType) -> Int {
        guard case .aggregation(let aggregation) = value else { return 1 }
        switch aggregation {
        case .hist: return HistogramBuckets.log2Index(.max) + 1
        case .log2Hist(let bits): return HistogramBuckets.log2Index(.max, bits: bits) + 1
        case .lhist(let min, let max, let step): return HistogramBuckets.linearBucketCount(min: min, max: max, step: step) + 2
        case .tseries(_, let intervalCount, _, _): return intervalCount
        case .count, .sum, .min, .max, .avg, .stats: return 1
        }
    }

    static func define(_ module: LLVMModule, _ debugInfo: DebugInfo, name: String, fields: [(String, Int)]) -> LLVMValueRef {
        let type = module.structType(Array(repeating: module.i8Pointer, count: fields.count))
        let global = LLVMAddGlobal(module.module, type, name)!
        LLVMSetInitializer(global, LLVMConstNull(type))
        LLVMSetSection(global, ".maps")
        LLVMSetAlignment(global, 8)
        LLVMSetLinkage(global, LLVMExternalLinkage)
        debugInfo.describeMap(global, name: name, fields: fields)
        return global
    }
}
