// uprobe/uretprobe through libbpf, which resolves the function's offset in the binary's ELF
// symbol table.

import CLibbpf
import Glibc
import SwtraceCore

enum UprobeAttacher: ProbeAttacher {
    /// libbpf's LIBBPF_ERRNO__FORMAT, its errno for an ambiguous ELF symbol name.
    static let libbpfFormatError: Int32 = 4001

    static func handles(_ target: AttachTarget) -> Bool {
        switch target {
        case .uprobe, .uretprobe: return true
        default: return false
        }
    }

    static func missingFeature(for target: AttachTarget, features: KernelFeatures) -> String? {
        KernelFeatureProbe.hasUprobes() ? nil : "uprobes (no uprobe PMU and no uprobe_events in tracefs)"
    }

    static func attach(program: OpaquePointer, target: AttachTarget, probe: String) throws -> [OpaquePointer] {
        let path: String, symbol: String, offset: UInt64, isReturn: Bool
        switch target {
        case .uprobe(let p, let s, let o): (path, symbol, offset, isReturn) = (p, s, o, false)
        case .uretprobe(let p, let s, let o): (path, symbol, offset, isReturn) = (p, s, o, true)
        default: return []
        }
        guard access(path, F_OK) == 0 else {
            throw RuntimeError.attachFailed(probe: probe, reason: "\(path): \(errnoDescription(errno))")
        }
        // No symbol: `offset` is an address in the file (usdt sites, `uprobe:BIN:0x1234`).
        var fileOffset = offset
        var semaphoreOffset: UInt64 = 0
        if symbol.isEmpty {
            let table = try? ElfSymbolTable(path: path)
            guard let converted = table?.fileOffset(forAddress: offset) else {
                throw RuntimeError.attachFailed(probe: probe, reason: "address 0x\(String(offset, radix: 16)) is not in a loadable segment of \(path)")
            }
            fileOffset = converted
            // A USDT site with a semaphore: the kernel counts attached probes in it (uprobe
            // reference counter), so the program's is-enabled checks see the probe.
            let site = try? USDTNotes.probes(inBinary: path).first(where: { $0.address == offset })
            if let site, site.semaphoreAddress != 0 {
                semaphoreOffset = table?.fileOffset(forAddress: site.semaphoreAddress) ?? 0
            }
            // As bpftrace: an address of the user's must lie in a function (not in headers or data).
            if site == nil, let table, table.function(containing: offset) == nil {
                throw RuntimeError.attachFailed(probe: probe, reason: "Could not resolve address: \(path):0x\(String(offset, radix: 16))")
            }
        } else if offset > 0, let table = try? ElfSymbolTable(path: path),
                  let function = table.symbols(named: symbol).first(where: { $0.size > 0 }), offset >= function.size {
            // bpftrace's check: `symbol+offset` must stay inside the function.
            throw RuntimeError.attachFailed(probe: probe, reason: "Offset outside the function bounds ('\(symbol)' size is \(function.size))")
        }
        var opts = bpf_uprobe_opts()
        opts.ref_ctr_offset = Int(semaphoreOffset)
        opts.sz = MemoryLayout<bpf_uprobe_opts>.size
        opts.retprobe = isReturn
        var link: OpaquePointer? = symbol.withCString { name in
            if !symbol.isEmpty { opts.func_name = name }
            return bpf_program__attach_uprobe_opts(program, -1, path, Int(fileOffset), &opts)
        }
        // libbpf refuses a name with several global definitions ("ambiguous match"), as libc's
        // versioned pthread_create@GLIBC_2.2.5 and pthread_create@@GLIBC_2.34; when they are
        // one function (one address), attach at its file offset.
        if link == nil, errno == Self.libbpfFormatError, !symbol.isEmpty,
           let table = try? ElfSymbolTable(path: path),
           let address = Set(table.symbols(named: symbol).map(\.address)).first,
           Set(table.symbols(named: symbol).map(\.address)).count == 1,
           let resolved = table.fileOffset(forAddress: address + offset) {
            opts.func_name = nil
            link = bpf_program__attach_uprobe_opts(program, -1, path, Int(resolved), &opts)
        }
        if link == nil, errno == ENOENT || errno == ESRCH, !symbol.isEmpty {
            // glibc 2.34 moved libpthread's functions into libc (libpthread.so.0 is a stub now),
            // which old scripts such as threadsnoop.bt do not know: name where the function is.
            if let libc = BinaryResolver.resolve("libc"), libc != path,
               let table = try? ElfSymbolTable(path: libc), !table.symbols(named: symbol).isEmpty {
                throw RuntimeError.symbolInOtherLibrary(path: path, symbol: symbol, library: libc)
            }
            throw RuntimeError.symbolNotFound(path: path, symbol: symbol)
        }
        return [try requireLink(link, probe: probe)]
    }
}
