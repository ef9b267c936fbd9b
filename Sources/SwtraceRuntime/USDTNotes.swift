// Reads USDT probe sites from an ELF file's `.note.stapsdt` notes (systemtap's <sys/sdt.h>
// format): address, base, semaphore, then "provider\0name\0arguments\0".

import CLibbpf
import Foundation
import Glibc
import SwtraceCore

public enum USDTNotes {
    public static func probes(inBinary path: String) throws -> [USDTProbeSite] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ElfError.unreadable(path: path, reason: errnoDescription(errno)) }
        defer { close(descriptor) }
        _ = elf_version(UInt32(EV_CURRENT))
        guard let elf = elf_begin(descriptor, ELF_C_READ, nil) else { throw ElfError.notElf(path: path) }
        defer { elf_end(elf) }
        var stringsIndex = 0
        guard elf_getshdrstrndx(elf, &stringsIndex) == 0 else { throw ElfError.notElf(path: path) }

        var notes: [UInt8] = []
        var baseAddress: UInt64?
        var section = elf_nextscn(elf, nil)
        while let current = section {
            var header = GElf_Shdr()
            if gelf_getshdr(current, &header) != nil, let cName = elf_strptr(elf, stringsIndex, Int(header.sh_name)) {
                let name = String(cString: cName)
                if name == ".stapsdt.base" { baseAddress = header.sh_addr }
                if name == ".note.stapsdt", let data = elf_getdata(current, nil), let buffer = data.pointee.d_buf {
                    notes = Array(UnsafeRawBufferPointer(start: buffer, count: data.pointee.d_size))
                }
            }
            section = elf_nextscn(elf, current)
        }
        return parse(notes, path: path, actualBase: baseAddress)
    }

    /// Parses note records; addresses are shifted by how far `.stapsdt.base` moved (prelink).
    static func parse(_ bytes: [UInt8], path: String, actualBase: UInt64?) -> [USDTProbeSite] {
        func u32(_ at: Int) -> Int { bytes[at..<at + 4].reversed().reduce(0) { $0 << 8 | Int($1) } }
        func u64(_ at: Int) -> UInt64 { bytes[at..<at + 8].reversed().reduce(0) { $0 << 8 | UInt64($1) } }
        func aligned(_ value: Int) -> Int { (value + 3) & ~3 }
        var sites: [USDTProbeSite] = []
        var offset = 0
        while offset + 12 <= bytes.count {
            let nameSize = u32(offset), descriptionSize = u32(offset + 4), type = u32(offset + 8)
            let nameStart = offset + 12
            let descriptionStart = nameStart + aligned(nameSize)
            let next = descriptionStart + aligned(descriptionSize)
            guard next <= bytes.count else { break }
            defer { offset = next }
            let owner = String(decoding: bytes[nameStart..<nameStart + max(nameSize - 1, 0)], as: UTF8.self)
            guard type == 3, owner == "stapsdt", descriptionSize >= 24 else { continue }
            var address = u64(descriptionStart)
            let linkBase = u64(descriptionStart + 8)
            var semaphore = u64(descriptionStart + 16)
            if let actualBase, linkBase != 0 {
                address = address &+ actualBase &- linkBase
                if semaphore != 0 { semaphore = semaphore &+ actualBase &- linkBase }
            }
            let strings = bytes[(descriptionStart + 24)..<(descriptionStart + descriptionSize)]
                .split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            guard strings.count >= 2 else { continue }
            let arguments = strings.count > 2 ? strings[2].split(separator: " ").map(String.init) : []
            sites.append(USDTProbeSite(path: path, provider: strings[0], name: strings[1], address: address,
                                       semaphoreAddress: semaphore, arguments: arguments))
        }
        return sites
    }
}
