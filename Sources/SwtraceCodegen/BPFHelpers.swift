// Kernel BPF helper function ids (enum bpf_func_id in linux/bpf.h) and map type ids.

enum BPFHelper: UInt64 {
    case mapLookupElem = 1
    case mapUpdateElem = 2
    case mapDeleteElem = 3
    case ktimeGetNs = 5
    case tracePrintk = 6
    case traceVprintk = 177
    case seqPrintf = 126
    case getPrandomU32 = 7
    case getSmpProcessorId = 8
    case getCurrentPidTgid = 14
    case getCurrentUidGid = 15
    case getCurrentComm = 16
    case getStackid = 27
    case getCurrentTask = 35
    case getNumaNodeId = 42
    case probeReadStr = 45
    case getCurrentCgroupId = 80
    case getSocketCookie = 46
    case overrideReturn = 58
    case probeReadUser = 112
    case probeReadKernel = 113
    case probeReadUserStr = 114
    case probeReadKernelStr = 115
    case sendSignal = 109
    case sendSignalThread = 117
    case getNsCurrentPidTgid = 120
    case ktimeGetBootNs = 125
    case jiffies64 = 118
    case dPath = 147
    case getFuncIp = 173
    case getFuncRet = 184
    case ktimeGetTaiNs = 208
    case ringbufReserve = 131
    case ringbufSubmit = 132
}

enum BPFMapType: Int {
    case hash = 1
    case array = 2
    case percpuHash = 5
    case percpuArray = 6
    case stackTrace = 7
    case lruHash = 9
    case lruPercpuHash = 10
    case ringbuf = 27
}

/// Flags of bpf_get_stackid: record the user-space stack instead of the kernel one.
let bpfUserStackFlag: UInt64 = 1 << 8

/// Flags of bpf_map_update_elem.
enum BPFUpdateFlag: UInt64 {
    case any = 0
    case noExist = 1
}
