// Finds the file a uprobe/usdt target names: a path as written, a shared library by name
// through /etc/ld.so.cache (`libc` -> /lib/x86_64-linux-gnu/libc.so.6), or a program in PATH.

import Foundation
import Glibc

public enum BinaryResolver {
    public static func resolve(_ name: String, ldCachePath: String = "/etc/ld.so.cache") -> String? {
        if name.contains("/") {
            return access(name, F_OK) == 0 ? absolute(name) : nil
        }
        if let library = libraryPath(name, cache: ldCachePath) { return library }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// The file process `pid` has mapped under `name` (`libc` -> its libc.so.6): an exact file
    /// name first, then a library whose name starts with `libNAME.so`.
    public static func mappedFile(_ name: String, pid: Int32) -> String? {
        guard let maps = try? readTextFile("/proc/\(pid)/maps") else { return nil }
        var paths: [String] = []
        for line in maps.split(separator: "\n") {
            guard let slash = line.firstIndex(of: "/") else { continue }
            let path = String(line[slash...])
            if !paths.contains(path) { paths.append(path) }
        }
        let stem = name.hasPrefix("lib") ? name : "lib" + name
        func base(_ path: String) -> Substring { path.split(separator: "/").last ?? "" }
        return paths.first { base($0) == name } ?? paths.first { base($0).hasPrefix(stem + ".so") }
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return FileManager.default.currentDirectoryPath + "/" + (path.hasPrefix("./") ? String(path.dropFirst(2)) : path)
    }

    /// The cached path of library `name` (`libc`, `libc.so`, `libc.so.6`) for this machine's word
    /// size, preferring the exact soname, then the first `name.so*` entry.
    static func libraryPath(_ name: String, cache: String) -> String? {
        guard let entries = try? ldCacheEntries(cache) else { return nil }
        let stem = name.hasPrefix("lib") ? name : "lib" + name
        let native = entries.filter { $0.isNative }
        if let exact = native.first(where: { $0.soname == stem }) { return exact.path }
        return native.first { $0.soname.hasPrefix(stem + ".so") }?.path
    }

    struct CacheEntry {
        var soname: String
        var path: String
        var isNative: Bool
    }

    /// Entries of the glibc "new format" ld.so cache ("glibc-ld.so.cache1.1"), alone or after
    /// an old-format block.
    static func ldCacheEntries(_ path: String) throws -> [CacheEntry] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let bytes = [UInt8](data)
        let magic = Array("glibc-ld.so.cache1.1".utf8)
        guard let start = find(magic, in: bytes) else { return [] }
        func u32(_ offset: Int) -> Int {
            guard offset + 4 <= bytes.count else { return 0 }
            return Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16 | Int(bytes[offset + 3]) << 24
        }
        func string(_ offset: Int) -> String {
            let absolute = start + offset
            guard absolute >= 0, absolute < bytes.count else { return "" }
            let end = bytes[absolute...].firstIndex(of: 0) ?? bytes.count
            return String(decoding: bytes[absolute..<end], as: UTF8.self)
        }
        let count = u32(start + 20)
        // Header: magic(20) nlibs(4) len_strings(4) flags(1) pad(3) extension_offset(4) unused(12).
        let entriesStart = start + 48
        // x86-64 libc6 entries carry FLAG_X8664_LIB64 (0x0300) in the type bits; other 64-bit
        // architectures use their own values, so off x86 every entry counts as native.
        #if arch(x86_64)
        let nativeFlag: Int? = 0x0300
        #else
        let nativeFlag: Int? = nil
        #endif
        var entries: [CacheEntry] = []
        for index in 0..<count {
            let base = entriesStart + index * 24
            guard base + 24 <= bytes.count else { break }
            let flags = u32(base)
            let entry = CacheEntry(soname: string(u32(base + 4)), path: string(u32(base + 8)),
                                   isNative: nativeFlag.map { flags & 0xff00 == $0 } ?? true)
            entries.append(entry)
        }
        return entries
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for index in 0...(haystack.count - needle.count) where haystack[index] == needle[0] {
            if Array(haystack[index..<index + needle.count]) == needle { return index }
        }
        return nil
    }
}
