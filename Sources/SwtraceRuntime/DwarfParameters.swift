// Function parameters from a user-space binary's DWARF (.debug_info), for `-lv uprobe:BIN:FUNC`:
// bpftrace lists each parameter as "TYPE NAME" with libdw's type spelling ("const char*").
// A small reader of DWARF 4/5 compilation units: enough of the format to walk every DIE and keep
// names, types and the subprogram/parameter nesting; location expressions are skipped.

import CLibbpf
import Foundation
import Glibc

public enum DwarfParameters {
    /// One parameter: libdw's spelling of its type, and how an integer register holds it.
    public struct Parameter: Sendable, Equatable {
        public var name: String?
        public var typeName: String
        /// Size in bytes and signedness of an integer, enum or pointer; nil for floating point,
        /// structs passed by value and anything else not in an integer register.
        public var integer: (size: Int, signed: Bool)?

        public static func == (a: Parameter, b: Parameter) -> Bool {
            a.name == b.name && a.typeName == b.typeName && a.integer?.size == b.integer?.size && a.integer?.signed == b.integer?.signed
        }
    }

    /// Parameters per function name (the first definition of each name), or nil when the file
    /// has no readable DWARF. Reads every unit: for listings.
    public static func parameters(inBinary path: String) -> [String: [Parameter]]? {
        cache.lock.lock()
        defer { cache.lock.unlock() }
        if let known = cache.files[path] { return known }
        var result: [String: [Parameter]]?
        if let sections = DebugSections(path: path), let info = sections.info {
            var reader = DieReader(sections: sections, info: info)
            if reader.readAll(only: nil) { result = reader.functionParameters() }
        }
        cache.files[path] = result
        return result
    }

    /// One function's parameters, nil without DWARF for it. Only the unit that defines it is
    /// kept: uprobes on large binaries pay a scan, not a model of all their debug information.
    public static func parameters(of function: String, inBinary path: String) -> [Parameter]? {
        cache.lock.lock()
        defer { cache.lock.unlock() }
        let key = path + "\u{0}" + function
        if let known = cache.functions[key] { return known }
        var result: [Parameter]?
        if let sections = DebugSections(path: path), let info = sections.info {
            var reader = DieReader(sections: sections, info: info)
            if reader.readAll(only: function) { result = reader.functionParameters()[function] }
        }
        cache.functions[key] = result
        return result
    }

    /// "TYPE NAME" lines, as `-lv` prints them.
    public static func declarations(inBinary path: String) -> [String: [String]]? {
        parameters(inBinary: path)?.mapValues { parameters in
            parameters.map { parameter in parameter.name.map { "\(parameter.typeName) \($0)" } ?? parameter.typeName }
        }
    }

    private final class Cache: @unchecked Sendable {
        let lock = NSLock()
        var files: [String: [String: [Parameter]]?] = [:]
        var functions: [String: [Parameter]?] = [:]
    }
    private static let cache = Cache()
}

/// The DWARF sections of an ELF file, copied out of libelf.
private struct DebugSections {
    var info: [UInt8]?
    var abbrev: [UInt8] = []
    var str: [UInt8] = []
    var lineStr: [UInt8] = []

    init?(path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        _ = elf_version(UInt32(EV_CURRENT))
        guard let elf = elf_begin(descriptor, ELF_C_READ, nil) else { return nil }
        defer { elf_end(elf) }
        var stringsIndex = 0
        guard elf_getshdrstrndx(elf, &stringsIndex) == 0 else { return nil }
        var section = elf_nextscn(elf, nil)
        while let current = section {
            defer { section = elf_nextscn(elf, current) }
            var header = GElf_Shdr()
            guard gelf_getshdr(current, &header) != nil,
                  let namePointer = elf_strptr(elf, stringsIndex, Int(header.sh_name)) else { continue }
            let name = String(cString: namePointer)
            // Compressed debug sections (SHF_COMPRESSED) are not read: they would need zlib.
            guard name.hasPrefix(".debug_"), header.sh_flags & UInt64(SHF_COMPRESSED) == 0,
                  let data = elf_getdata(current, nil), let bytes = data.pointee.d_buf else { continue }
            let copy = Array(UnsafeRawBufferPointer(start: bytes, count: data.pointee.d_size))
            switch name {
            case ".debug_info": info = copy
            case ".debug_abbrev": abbrev = copy
            case ".debug_str": str = copy
            case ".debug_line_str": lineStr = copy
            default: break
            }
        }
    }
}

/// Bounds-checked little-endian reading of a byte array.
private struct ByteCursor {
    let bytes: [UInt8]
    var offset: Int

    var atEnd: Bool { offset >= bytes.count }

    mutating func unsigned(_ size: Int) -> UInt64? {
        guard size <= 8, offset >= 0, offset + size <= bytes.count else { return nil }
        var value: UInt64 = 0
        for index in 0..<size { value |= UInt64(bytes[offset + index]) << (8 * index) }
        offset += size
        return value
    }

    mutating func uleb() -> UInt64? {
        var value: UInt64 = 0, shift: UInt64 = 0
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            if shift < 64 { value |= UInt64(byte & 0x7f) << shift }
            shift += 7
            if byte & 0x80 == 0 { return value }
        }
        return nil
    }

    mutating func sleb() -> Int64? {
        var value: Int64 = 0, shift: Int64 = 0
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            if shift < 64 { value |= Int64(byte & 0x7f) << shift }
            shift += 7
            if byte & 0x80 == 0 {
                if shift < 64, byte & 0x40 != 0 { value |= -(Int64(1) << shift) }
                return value
            }
        }
        return nil
    }

    mutating func skip(_ count: UInt64?) -> Bool {
        guard let count, count <= UInt64(bytes.count - offset) else { return false }
        offset += Int(count)
        return true
    }

    /// The NUL-terminated bytes at `offset`, without copying them.
    static func span(in table: [UInt8], at offset: Int) -> ArraySlice<UInt8>? {
        guard offset >= 0, offset < table.count, let end = table[offset...].firstIndex(of: 0) else { return nil }
        return table[offset..<end]
    }
}

/// Where a name's bytes are: decoded only for the DIEs a result needs.
private enum NameReference {
    case info(Int), str(Int), lineStr(Int)
}

/// What a listing needs of one DIE.
private struct Die {
    var tag: UInt64
    var name: NameReference?
    /// Absolute .debug_info offsets of DW_AT_type and DW_AT_specification/abstract_origin.
    var type: Int?
    var origin: Int?
    /// A subprogram that is only a declaration (the definition comes elsewhere).
    var isDeclaration = false
    var parameters: [Int] = []
    var byteSize: Int?
    var encoding: UInt64?
}

private struct DieReader {
    let sections: DebugSections
    let info: [UInt8]
    var dies: [Int: Die] = [:]
    /// Top-level subprograms in file order.
    var functions: [Int] = []

    init(sections: DebugSections, info: [UInt8]) { self.sections = sections; self.info = info }

    // DWARF constants used here (DW_TAG_*, DW_AT_*, DW_FORM_*).
    static let tagSubprogram: UInt64 = 0x2e, tagParameter: UInt64 = 0x05, tagCompileUnit: UInt64 = 0x11
    static let tagBase: UInt64 = 0x24, tagTypedef: UInt64 = 0x16, tagPointer: UInt64 = 0x0f, tagConst: UInt64 = 0x26
    static let tagStruct: UInt64 = 0x13, tagUnion: UInt64 = 0x17, tagEnum: UInt64 = 0x04
    static let atName: UInt64 = 0x03, atType: UInt64 = 0x49, atSpecification: UInt64 = 0x47
    static let atAbstractOrigin: UInt64 = 0x31, atDeclaration: UInt64 = 0x3c
    static let atByteSize: UInt64 = 0x0b, atEncoding: UInt64 = 0x3e
    static let tagVolatile: UInt64 = 0x35, tagRestrict: UInt64 = 0x37
    /// DW_ATE_* of signed integers and characters; float encodings are 0x04 and 0x03 (complex).
    static let signedEncodings: Set<UInt64> = [0x05, 0x06]
    static let integerEncodings: Set<UInt64> = [0x02, 0x05, 0x06, 0x07, 0x08, 0x10]

    struct Abbreviation {
        var tag: UInt64
        var hasChildren: Bool
        var attributes: [(name: UInt64, form: UInt64, implicit: Int64)]
    }

    func abbreviations(at offset: Int) -> [UInt64: Abbreviation]? {
        var cursor = ByteCursor(bytes: sections.abbrev, offset: offset)
        var table: [UInt64: Abbreviation] = [:]
        while let code = cursor.uleb(), code != 0 {
            guard let tag = cursor.uleb(), let children = cursor.unsigned(1) else { return nil }
            var attributes: [(UInt64, UInt64, Int64)] = []
            while true {
                guard let name = cursor.uleb(), let form = cursor.uleb() else { return nil }
                if name == 0 && form == 0 { break }
                let implicit = form == 0x21 ? (cursor.sleb() ?? 0) : 0
                attributes.append((name, form, implicit))
            }
            table[code] = Abbreviation(tag: tag, hasChildren: children != 0, attributes: attributes)
        }
        return table
    }

    /// Walks every unit, or with `only`, keeps just the unit that defines that function; false
    /// when the data is in a shape this reader does not know.
    mutating func readAll(only function: String?) -> Bool {
        let wanted = function.map { Array($0.utf8)[...] }
        var cursor = ByteCursor(bytes: info, offset: 0)
        while !cursor.atEnd {
            let unitStart = cursor.offset
            guard let length = cursor.unsigned(4), length < 0xffff_fff0 else { return false }  // 64-bit DWARF: no
            let unitEnd = cursor.offset + Int(length)
            guard unitEnd <= info.count, let version = cursor.unsigned(2) else { return false }
            var abbrevOffset: UInt64?, addressSize: UInt64?
            if version >= 5 {
                let unitType = cursor.unsigned(1)
                addressSize = cursor.unsigned(1)
                abbrevOffset = cursor.unsigned(4)
                if unitType == 4 || unitType == 5 { _ = cursor.unsigned(8) }           // skeleton/split: dwo id
                if unitType == 2 || unitType == 6 { _ = cursor.unsigned(8); _ = cursor.unsigned(4) }  // type units
            } else if version >= 2 {
                abbrevOffset = cursor.unsigned(4)
                addressSize = cursor.unsigned(1)
            }
            guard let abbrevOffset, let addressSize, let table = abbreviations(at: Int(abbrevOffset)) else { return false }
            let body = cursor.offset
            if let wanted {
                guard let defines = readUnit(&cursor, unitStart: unitStart, end: unitEnd, table: table,
                                             addressSize: Int(addressSize), version: Int(version), lookingFor: wanted) else { return false }
                if defines {
                    cursor.offset = body
                    return readUnit(&cursor, unitStart: unitStart, end: unitEnd, table: table,
                                    addressSize: Int(addressSize), version: Int(version), lookingFor: nil) != nil
                }
            } else if readUnit(&cursor, unitStart: unitStart, end: unitEnd, table: table, addressSize: Int(addressSize),
                               version: Int(version), lookingFor: nil) == nil {
                return false
            }
            cursor.offset = unitEnd
        }
        return true
    }

    /// Reads a unit's DIEs. With `lookingFor`, stores nothing and answers whether the unit
    /// defines that function; otherwise stores every DIE and answers true. Nil: unreadable.
    private mutating func readUnit(_ cursor: inout ByteCursor, unitStart: Int, end: Int, table: [UInt64: Abbreviation],
                                   addressSize: Int, version: Int, lookingFor wanted: ArraySlice<UInt8>?) -> Bool? {
        // Parents of the DIE being read; a top-level subprogram collects its parameters.
        var parents: [Int?] = []
        while cursor.offset < end {
            let offset = cursor.offset
            guard let code = cursor.uleb() else { return nil }
            if code == 0 { if !parents.isEmpty { parents.removeLast() }; continue }
            guard let abbreviation = table[code] else { return nil }
            var die = Die(tag: abbreviation.tag)
            for attribute in abbreviation.attributes {
                let read = attribute.form == 0x21 ? .number(UInt64(bitPattern: attribute.implicit))  // implicit_const
                    : readValue(&cursor, form: attribute.form, unitStart: unitStart, addressSize: addressSize, version: version)
                guard let value = read else { return nil }
                switch (attribute.name, value) {
                case (Self.atName, .string(let text)): die.name = text
                case (Self.atType, .reference(let target)): die.type = target
                case (Self.atSpecification, .reference(let target)), (Self.atAbstractOrigin, .reference(let target)):
                    die.origin = target
                case (Self.atDeclaration, .number(let flag)): die.isDeclaration = flag != 0
                case (Self.atByteSize, .number(let size)): die.byteSize = Int(size)
                case (Self.atEncoding, .number(let encoding)): die.encoding = encoding
                default: break
                }
            }
            if let wanted {
                if die.tag == Self.tagSubprogram, parents.count == 1, !die.isDeclaration,
                   let name = die.name.flatMap(bytes(of:)), name.elementsEqual(wanted) { return true }
                if abbreviation.hasChildren { parents.append(nil) }
                continue
            }
            dies[offset] = die
            if die.tag == Self.tagParameter, let parent = parents.last ?? nil {
                dies[parent]?.parameters.append(offset)
            }
            if die.tag == Self.tagSubprogram, parents.count == 1 { functions.append(offset) }
            if abbreviation.hasChildren {
                parents.append(die.tag == Self.tagSubprogram ? offset : nil)
            }
        }
        return wanted == nil
    }

    enum Value { case number(UInt64), string(NameReference), reference(Int), other }

    private func readValue(_ cursor: inout ByteCursor, form: UInt64, unitStart: Int, addressSize: Int,
                           version: Int) -> Value? {
        func number(_ size: Int) -> Value? { cursor.unsigned(size).map { .number($0) } }
        func reference(_ value: UInt64?) -> Value? { value.map { .reference(unitStart + Int($0)) } }
        switch form {
        case 0x01: return number(addressSize)                                  // addr
        case 0x0b, 0x0c: return number(1)                                      // data1, flag
        case 0x05: return number(2)                                            // data2
        case 0x06: return number(4)                                            // data4
        case 0x07: return number(8)                                            // data8
        case 0x1e: return cursor.skip(16) ? .other : nil                       // data16
        case 0x0d: return cursor.sleb().map { .number(UInt64(bitPattern: $0)) } // sdata
        case 0x0f: return cursor.uleb().map { .number($0) }                    // udata
        case 0x19: return .number(1)                                           // flag_present
        case 0x08:                                                             // string
            let start = cursor.offset
            guard let end = info[start...].firstIndex(of: 0) else { return nil }
            cursor.offset = end + 1
            return .string(.info(start))
        case 0x0e:                                                             // strp
            return cursor.unsigned(4).map { .string(.str(Int($0))) }
        case 0x1f:                                                             // line_strp
            return cursor.unsigned(4).map { .string(.lineStr(Int($0))) }
        case 0x11: return reference(cursor.unsigned(1))                        // ref1
        case 0x12: return reference(cursor.unsigned(2))                        // ref2
        case 0x13: return reference(cursor.unsigned(4))                        // ref4
        case 0x14: return reference(cursor.unsigned(8))                        // ref8
        case 0x15: return reference(cursor.uleb())                             // ref_udata
        case 0x10: return cursor.unsigned(version <= 2 ? addressSize : 4).map { .reference(Int($0)) }  // ref_addr
        case 0x20, 0x24: return number(8)                                      // ref_sig8, ref_sup8
        case 0x1c, 0x1d, 0x1f20, 0x1f21: return number(4).map { _ in .other }  // ref_sup4, strp_sup, GNU alt forms
        case 0x17: return number(4)                                            // sec_offset
        case 0x0a: return cursor.skip(cursor.unsigned(1)) ? .other : nil       // block1
        case 0x03: return cursor.skip(cursor.unsigned(2)) ? .other : nil       // block2
        case 0x04: return cursor.skip(cursor.unsigned(4)) ? .other : nil       // block4
        case 0x09, 0x18: return cursor.skip(cursor.uleb()) ? .other : nil      // block, exprloc
        case 0x1a, 0x1b, 0x22, 0x23: return cursor.uleb().map { _ in .other }  // strx, addrx, loclistx, rnglistx
        case 0x25, 0x29: return number(1).map { _ in .other }                  // strx1, addrx1
        case 0x26, 0x2a: return number(2).map { _ in .other }                  // strx2, addrx2
        case 0x27, 0x2b: return number(3).map { _ in .other }                  // strx3, addrx3
        case 0x28, 0x2c: return number(4).map { _ in .other }                  // strx4, addrx4
        case 0x16:                                                             // indirect
            guard let actual = cursor.uleb() else { return nil }
            return readValue(&cursor, form: actual, unitStart: unitStart, addressSize: addressSize, version: version)
        default: return nil
        }
    }

    func bytes(of reference: NameReference) -> ArraySlice<UInt8>? {
        switch reference {
        case .info(let offset): return ByteCursor.span(in: info, at: offset)
        case .str(let offset): return ByteCursor.span(in: sections.str, at: offset)
        case .lineStr(let offset): return ByteCursor.span(in: sections.lineStr, at: offset)
        }
    }

    func text(_ reference: NameReference?) -> String? {
        reference.flatMap(bytes(of:)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A DIE's name, following its specification/abstract origin as libdw's integrate does.
    func name(of offset: Int, depth: Int = 0) -> String? {
        guard depth < 8, let die = dies[offset] else { return nil }
        if let name = text(die.name) { return name }
        return die.origin.flatMap { name(of: $0, depth: depth + 1) }
    }

    /// libdw-style spelling, as bpftrace prints it: `char*`, `const char*`, `char* const`, `struct s`.
    func typeName(_ offset: Int?, depth: Int = 0) -> String {
        guard let offset else { return "void" }
        guard depth < 32, let die = dies[offset] else { return "<unknown type>" }
        switch die.tag {
        case Self.tagBase, Self.tagTypedef: return text(die.name) ?? ""
        case Self.tagPointer: return die.type == nil ? "void*" : typeName(die.type, depth: depth + 1) + "*"
        case Self.tagStruct, Self.tagUnion, Self.tagEnum:
            let keyword = die.tag == Self.tagStruct ? "struct " : die.tag == Self.tagUnion ? "union " : "enum "
            return keyword + (text(die.name) ?? "<anonymous>")
        case Self.tagConst:
            let inner = typeName(die.type, depth: depth + 1)
            if let target = die.type, dies[target]?.tag == Self.tagPointer { return inner + " const" }
            return "const " + inner
        default: return "<unknown type>"
        }
    }

    /// How an integer register holds a value of this type (typedefs and qualifiers peeled).
    func integerLayout(_ offset: Int?, depth: Int = 0) -> (size: Int, signed: Bool)? {
        guard let offset, depth < 32, let die = dies[offset] else { return nil }
        switch die.tag {
        case Self.tagPointer: return (8, false)
        case Self.tagTypedef, Self.tagConst, Self.tagVolatile, Self.tagRestrict: return integerLayout(die.type, depth: depth + 1)
        case Self.tagEnum: return (die.byteSize ?? 4, false)
        case Self.tagBase:
            guard let encoding = die.encoding, Self.integerEncodings.contains(encoding),
                  let size = die.byteSize, [1, 2, 4, 8].contains(size) else { return nil }
            return (size, Self.signedEncodings.contains(encoding))
        default: return nil
        }
    }

    func functionParameters() -> [String: [DwarfParameters.Parameter]] {
        var result: [String: [DwarfParameters.Parameter]] = [:]
        for offset in functions {
            guard let die = dies[offset], !die.isDeclaration, let name = name(of: offset), result[name] == nil else { continue }
            result[name] = die.parameters.map { parameter in
                let type = dies[parameter]?.type ?? dies[parameter]?.origin.flatMap { dies[$0]?.type }
                return DwarfParameters.Parameter(name: self.name(of: parameter), typeName: typeName(type),
                                                 integer: integerLayout(type))
            }
        }
        return result
    }
}
