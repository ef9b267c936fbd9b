// The BPF programs loaded in the kernel, as `fentry:bpf` sees them: every program that has BTF,
// named by the BTF functions of its func_info (its entry first, then its sub-programs).

import CLibbpf
import Glibc
import SwtraceCore

enum RunningBPFPrograms {
    /// Every (program id, function) pair, in id order; programs without BTF cannot be traced
    /// and are left out, like programs that unload while being read.
    static func functions() -> [RunningBPFFunction] {
        var functions: [RunningBPFFunction] = []
        var id: UInt32 = 0
        while bpf_prog_get_next_id(id, &id) == 0 {
            let fd = bpf_prog_get_fd_by_id(id)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            functions += programFunctions(id: id, fd: fd)
        }
        return functions
    }

    /// An fd of program `id`, which the caller closes; the error names the probe.
    static func open(id: UInt32, probe: String) throws -> Int32 {
        let fd = bpf_prog_get_fd_by_id(id)
        guard fd >= 0 else {
            let code = errno
            throw RuntimeError.attachFailed(probe: probe, reason: code == ENOENT
                ? "BPF program \(id) is no longer loaded" : errnoDescription(code))
        }
        return fd
    }

    private static func programFunctions(id: UInt32, fd: Int32) -> [RunningBPFFunction] {
        var info = bpf_prog_info()
        var length = UInt32(MemoryLayout<bpf_prog_info>.size)
        guard bpf_obj_get_info_by_fd(fd, &info, &length) == 0, info.btf_id != 0 else { return [] }
        let shortName = withUnsafeBytes(of: info.name) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        let count = Int(info.nr_func_info), recordSize = Int(info.func_info_rec_size)
        // Without function records (or their BTF) only the 15-character kernel name is known.
        let fallback = [RunningBPFFunction(programID: id, name: shortName)]
        guard count > 0, recordSize >= MemoryLayout<bpf_func_info>.size, let btf = btf__load_from_kernel_by_id(info.btf_id) else {
            return fallback
        }
        defer { btf__free(btf) }
        var records = [UInt8](repeating: 0, count: count * recordSize)
        let fetched = records.withUnsafeMutableBytes { buffer -> Bool in
            var request = bpf_prog_info()
            request.nr_func_info = UInt32(count)
            request.func_info_rec_size = UInt32(recordSize)
            request.func_info = UInt64(UInt(bitPattern: buffer.baseAddress))
            var requestLength = UInt32(MemoryLayout<bpf_prog_info>.size)
            return bpf_obj_get_info_by_fd(fd, &request, &requestLength) == 0
        }
        guard fetched else { return fallback }
        let typeIDOffset = MemoryLayout<bpf_func_info>.offset(of: \.type_id)!
        var functions: [RunningBPFFunction] = []
        for index in 0..<count {
            let typeID = records.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: index * recordSize + typeIDOffset, as: UInt32.self) }
            guard let type = btf__type_by_id(btf, typeID), btf_is_func(type), let name = btf__name_by_offset(btf, type.pointee.name_off) else { continue }
            functions.append(RunningBPFFunction(programID: id, name: String(cString: name)))
        }
        return functions.isEmpty ? fallback : functions
    }
}
