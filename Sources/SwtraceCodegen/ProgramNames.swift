// Names of the BPF programs in the object, after their probes as bpftrace (0.2x) names them:
// seen in `bpftool prog list`, verifier logs, kernel symbols and by `fentry:bpf:NAME`.

public enum ProgramNames {
    /// bpftrace keeps the sanitised probe text at most this long (the kernel's KSYM_NAME_LEN
    /// was 128 before 6.1, the null byte included).
    static let longestProbeText = 127

    /// The name of the `index`th program of the object (counted from 1, over every program in
    /// probe order) for the probe text `probe` prints, e.g. `tracepoint:syscalls:sys_enter_read`
    /// -> `tracepoint_syscalls_sys_enter_read_1`. The index keeps names unique when two probes
    /// have the same text.
    public static func program(probe: String, index: Int) -> String {
        sanitised(probe) + "_\(index)"
    }

    /// The program that arms a watchpoint attached by function (bpftrace's `..._wp_setup`).
    public static func watchpointSetup(probe: String, index: Int) -> String {
        program(probe: probe + "_wp_setup", index: index)
    }

    /// The text a program shared by several attach points is named after: the probe's attach
    /// points as written, provider aliases spelled out, comma-separated (`kprobe:vfs_*`).
    public static func sharedProbeText(_ points: [(provider: String, rest: [String])]) -> String {
        points.map { ([$0.provider] + $0.rest).joined(separator: ":") }.joined(separator: ",")
    }

    /// Every character but ASCII letters, digits and '_' becomes '_' (the kernel refuses others
    /// in object names and BTF); text longer than 127 characters keeps its first 109 followed by
    /// '_' and the 16 hex digits of its hash, as bpftrace does with libstdc++'s std::hash.
    public static func sanitised(_ text: String) -> String {
        var bytes = Array(text.utf8).map { byte -> UInt8 in
            let isAlphanumeric = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
            return isAlphanumeric || byte == UInt8(ascii: "_") ? byte : UInt8(ascii: "_")
        }
        if bytes.count > longestProbeText {
            let hash = libstdcxxHash(bytes)
            bytes = Array(bytes.prefix(longestProbeText - 2 * MemoryLayout<UInt64>.size - 1))
            let digits = String(hash, radix: 16)
            bytes += Array(("_" + String(repeating: "0", count: 16 - digits.count) + digits).utf8)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `std::hash<std::string>` of libstdc++ on 64-bit targets (`_Hash_bytes`, a MurmurHash2
    /// variant with seed 0xc70f6907), so truncated names match bpftrace's byte for byte.
    static func libstdcxxHash(_ bytes: [UInt8]) -> UInt64 {
        let multiplier: UInt64 = (0xc6a4_a793 << 32) + 0x5bd1_e995
        func shiftMix(_ value: UInt64) -> UInt64 { value ^ (value >> 47) }
        func load(_ start: Int, _ count: Int) -> UInt64 {
            var result: UInt64 = 0
            for offset in stride(from: count - 1, through: 0, by: -1) { result = (result << 8) + UInt64(bytes[start + offset]) }
            return result
        }
        var hash = 0xc70f_6907 ^ (UInt64(bytes.count) &* multiplier)
        let aligned = bytes.count & ~7
        for start in stride(from: 0, to: aligned, by: 8) {
            hash ^= shiftMix(load(start, 8) &* multiplier) &* multiplier
            hash = hash &* multiplier
        }
        if bytes.count & 7 != 0 {
            hash ^= load(aligned, bytes.count & 7)
            hash = hash &* multiplier
        }
        hash = shiftMix(hash) &* multiplier
        return shiftMix(hash)
    }
}
