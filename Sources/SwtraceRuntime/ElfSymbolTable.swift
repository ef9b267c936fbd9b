// Symbols and loadable segments of one ELF file (executable, PIE or shared library), read with
// libelf. Used to resolve uprobe targets (name -> address -> file offset) and to symbolise user
// stacks (runtime address -> file offset -> symbol).

import CLibbpf
import Glibc

/// One symbol of `.symtab` or `.dynsym`.
public struct ElfSymbol: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case function, object, indirectFunction, other
    }
    public enum Binding: Sendable, Hashable {
        case local, global, weak, other
    }

    public let name: String
    /// The symbol's virtual address as written in the file (not relocated).
    public let address: UInt64
    public let size: UInt64
    public let kind: Kind
    public let binding: Binding

    public init(name: String, address: UInt64, size: UInt64, kind: Kind, binding: Binding) {
        self.name = name
        self.address = address
        self.size = size
        self.kind = kind
        self.binding = binding
    }

    /// Whether `address` (a file virtual address) lies inside this symbol.
    public func contains(_ address: UInt64) -> Bool {
        address >= self.address && (address < self.address + size || (size == 0 && address == self.address))
    }
}

/// A `PT_LOAD` program header: how a range of the file is mapped into memory.
public struct ElfLoadSegment: Sendable, Hashable {
    public let virtualAddress: UInt64
    public let fileOffset: UInt64
    public let fileSize: UInt64
    public let memorySize: UInt64
    public let isExecutable: Bool
}

public enum ElfError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case notElf(path: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "could not read ELF file \(path): \(reason)"
        case .notElf(let path): return "\(path) is not an ELF file"
        }
    }
}

public final class ElfSymbolTable: Sendable {
    public let path: String
    /// True for `ET_DYN` objects (PIE executables, shared libraries): they load at a base chosen
    /// at run time, so runtime addresses must go through /proc/PID/maps and file offsets.
    public let isPositionIndependent: Bool
    public let loadSegments: [ElfLoadSegment]
    /// Functions and objects with non-zero addresses, sorted by address; `.symtab` entries win
    /// over identical `.dynsym` ones.
    public let symbols: [ElfSymbol]
    /// Functions only (including GNU indirect functions), sorted by address: what uprobes
    /// attach to and what addresses resolve to.
    public let functions: [ElfSymbol]

    public init(path: String) throws {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ElfError.unreadable(path: path, reason: errnoDescription(errno)) }
        defer { close(descriptor) }
        _ = elf_version(UInt32(EV_CURRENT))
        guard let elf = elf_begin(descriptor, ELF_C_READ, nil) else {
            throw ElfError.unreadable(path: path, reason: String(cString: elf_errmsg(-1)))
        }
        defer { elf_end(elf) }
        guard elf_kind(elf) == ELF_K_ELF else { throw ElfError.notElf(path: path) }
        var header = GElf_Ehdr()
        guard gelf_getehdr(elf, &header) != nil else { throw ElfError.notElf(path: path) }
        isPositionIndependent = header.e_type == UInt16(ET_DYN)
        loadSegments = Self.readLoadSegments(elf)
        let all = Self.readSymbols(elf)
        symbols = all
        functions = all.filter { $0.kind == .function || $0.kind == .indirectFunction }
    }

    /// Symbols with exactly this name.
    public func symbols(named name: String) -> [ElfSymbol] {
        symbols.filter { $0.name == name }
    }

    /// The function containing `address` (a file virtual address), preferring global names
    /// when several symbols share the address.
    public func function(containing address: UInt64) -> ElfSymbol? {
        var low = 0, high = functions.count - 1, found = -1
        while low <= high {
            let middle = (low + high) / 2
            if functions[middle].address <= address { found = middle; low = middle + 1 } else { high = middle - 1 }
        }
        guard found >= 0 else { return nil }
        // Aliases share a start address: prefer a global name among those covering the address.
        // A symbol that does not cover it may still be nested in an earlier, larger one.
        var best: ElfSymbol?
        var index = found
        while index >= 0, found - index < 64 {
            let candidate = functions[index]
            if let chosen = best, candidate.address != chosen.address { break }
            if candidate.contains(address), best == nil || (best!.binding != .global && candidate.binding == .global) {
                best = candidate
            }
            index -= 1
        }
        return best
    }

    /// The file offset at which `address` (a file virtual address) is stored, through the
    /// `PT_LOAD` segment containing it; this is what uprobes attach to.
    public func fileOffset(forAddress address: UInt64) -> UInt64? {
        for segment in loadSegments
        where address >= segment.virtualAddress && address < segment.virtualAddress + segment.memorySize {
            return address - segment.virtualAddress + segment.fileOffset
        }
        return nil
    }

    /// The file virtual address of the byte at `offset` in the file (inverse of `fileOffset`).
    public func address(forFileOffset offset: UInt64) -> UInt64? {
        for segment in loadSegments
        where offset >= segment.fileOffset && offset < segment.fileOffset + max(segment.fileSize, 1) {
            return offset - segment.fileOffset + segment.virtualAddress
        }
        return nil
    }

    private static func readLoadSegments(_ elf: OpaquePointer) -> [ElfLoadSegment] {
        var count = 0
        guard elf_getphdrnum(elf, &count) == 0 else { return [] }
        var segments: [ElfLoadSegment] = []
        for index in 0..<count {
            var programHeader = GElf_Phdr()
            guard gelf_getphdr(elf, Int32(index), &programHeader) != nil,
                  programHeader.p_type == UInt32(PT_LOAD) else { continue }
            segments.append(ElfLoadSegment(
                virtualAddress: programHeader.p_vaddr, fileOffset: programHeader.p_offset,
                fileSize: programHeader.p_filesz, memorySize: programHeader.p_memsz,
                isExecutable: programHeader.p_flags & UInt32(PF_X) != 0))
        }
        return segments
    }

    private static func readSymbols(_ elf: OpaquePointer) -> [ElfSymbol] {
        var fromSymtab: [ElfSymbol] = []
        var fromDynsym: [ElfSymbol] = []
        var section = elf_nextscn(elf, nil)
        while let current = section {
            defer { section = elf_nextscn(elf, current) }
            var sectionHeader = GElf_Shdr()
            guard gelf_getshdr(current, &sectionHeader) != nil else { continue }
            let isSymtab = sectionHeader.sh_type == UInt32(SHT_SYMTAB)
            guard isSymtab || sectionHeader.sh_type == UInt32(SHT_DYNSYM),
                  sectionHeader.sh_entsize > 0,
                  let data = elf_getdata(current, nil) else { continue }
            let count = Int(sectionHeader.sh_size / sectionHeader.sh_entsize)
            var found: [ElfSymbol] = []
            found.reserveCapacity(count)
            for index in 0..<count {
                var entry = GElf_Sym()
                guard gelf_getsym(data, Int32(index), &entry) != nil,
                      entry.st_value != 0, entry.st_shndx != UInt16(SHN_UNDEF) else { continue }
                let kind: ElfSymbol.Kind
                switch Int32(entry.st_info & 0xf) {
                case STT_FUNC: kind = .function
                case STT_GNU_IFUNC: kind = .indirectFunction
                case STT_OBJECT: kind = .object
                default: continue
                }
                guard let namePointer = elf_strptr(elf, Int(sectionHeader.sh_link), Int(entry.st_name)),
                      namePointer.pointee != 0 else { continue }
                let binding: ElfSymbol.Binding
                switch Int32(entry.st_info >> 4) {
                case STB_LOCAL: binding = .local
                case STB_GLOBAL: binding = .global
                case STB_WEAK: binding = .weak
                default: binding = .other
                }
                found.append(ElfSymbol(name: String(cString: namePointer), address: entry.st_value,
                                       size: entry.st_size, kind: kind, binding: binding))
            }
            if isSymtab { fromSymtab += found } else { fromDynsym += found }
        }
        var seen = Set<ElfSymbol>(fromSymtab)
        var merged = fromSymtab
        for symbol in fromDynsym where !seen.contains(symbol) {
            seen.insert(symbol)
            merged.append(symbol)
        }
        merged.sort { ($0.address, $0.name) < ($1.address, $1.name) }
        return merged
    }
}
