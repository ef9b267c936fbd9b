// Turns the bytes behind UserSpaceFormat values into the text bpftrace prints: wall-clock
// times, user symbols, cgroup paths, system call and error names, addresses, user names.

import Foundation
import Glibc
import SwtraceCore

enum UserSpaceFormatter {
    static func text(_ format: UserSpaceFormat, _ bytes: UnsafeRawBufferPointer, at offset: Int) -> String {
        let word: (Int) -> UInt64 = { bytes.loadUnaligned(fromByteOffset: offset + $0, as: UInt64.self) }
        switch format {
        case .timestamp(let pattern):
            return formatTime(pattern, bootNanoseconds: word(0))
        case .userSymbol:
            return UserSymbols.shared.text(for: word(0), pid: Int32(truncatingIfNeeded: word(8)),
                                           showOffset: false, showModule: false)
        case .functionName:
            let pid = Int32(truncatingIfNeeded: word(8))
            if pid == 0 { return KernelSymbols.shared.text(for: word(0), showOffset: false) }
            return UserSymbols.shared.text(for: word(0), pid: pid, showOffset: false, showModule: false)
        case .cgroupPath(let filter):
            return CgroupPaths.shared.path(for: word(0), hierarchies: filter) ?? ""
        case .syscallName:
            let number = Int(truncatingIfNeeded: word(0))
            return SyscallNames.x86_64.indices.contains(number) && !SyscallNames.x86_64[number].isEmpty
                ? SyscallNames.x86_64[number] : "\(number)"
        case .errorName:
            return String(cString: strerror(Int32(truncatingIfNeeded: word(0))))
        case .inet:
            let family = Int32(truncatingIfNeeded: word(0))
            return inetText(family: family, Array(bytes[(offset + 8)..<(offset + 24)]))
        case .macAddress:
            return bytes[offset..<(offset + 6)].map { byte in
                let digits = String(byte, radix: 16, uppercase: true)
                return digits.count == 1 ? "0" + digits : digits
            }.joined(separator: ":")
        case .username:
            let uid = uid_t(truncatingIfNeeded: word(0))
            guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return "" }
            return String(cString: name)
        }
    }

    /// Wall-clock time minus boot time, measured once: a timestamp of nsecs' clock
    /// (CLOCK_BOOTTIME, as bpftrace's strftime expects) plus this is the time of day it
    /// happened at.
    static let bootToRealtime: Int64 = {
        var realtime = timespec(), boot = timespec()
        clock_gettime(CLOCK_REALTIME, &realtime)
        clock_gettime(CLOCK_BOOTTIME, &boot)
        return (Int64(realtime.tv_sec) - Int64(boot.tv_sec)) * 1_000_000_000
            + Int64(realtime.tv_nsec) - Int64(boot.tv_nsec)
    }()

    /// strftime(3) in local time, plus bpftrace's `%f` (microseconds, 6 digits).
    static func formatTime(_ pattern: String, bootNanoseconds: UInt64) -> String {
        let wall = Int64(bitPattern: bootNanoseconds) &+ bootToRealtime
        var seconds = time_t(wall / 1_000_000_000)
        let micros = (wall % 1_000_000_000) / 1000
        var expanded = ""
        var characters = Array(pattern)[...]
        while let character = characters.popFirst() {
            if character == "%", let next = characters.first {
                characters.removeFirst()
                if next == "f" { expanded += String(format: "%06lld", micros) } else { expanded += "%" + String(next) }
            } else {
                expanded.append(character)
            }
        }
        var parts = tm()
        localtime_r(&seconds, &parts)
        // The pattern's exact bytes in and out (ByteText): literal text need not be UTF-8.
        var buffer = [UInt8](repeating: 0, count: 512)
        let length = (ByteText.bytes(of: expanded) + [0]).withUnsafeBufferPointer { pattern in
            pattern.withMemoryRebound(to: CChar.self) { pattern in
                buffer.withUnsafeMutableBufferPointer { out in
                    out.withMemoryRebound(to: CChar.self) { strftime($0.baseAddress, $0.count, pattern.baseAddress, &parts) }
                }
            }
        }
        return ByteText.string(buffer.prefix(length))
    }

    static func inetText(family: Int32, _ address: [UInt8]) -> String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let isV6 = family == AF_INET6
        let ok = address.withUnsafeBytes { inet_ntop(isV6 ? AF_INET6 : AF_INET, $0.baseAddress, &text, socklen_t(text.count)) }
        return ok == nil ? "" : String(cString: text)
    }
}

/// cgroup v2 ids are the inode numbers of the cgroup directories: the path of an id is
/// found by walking the cgroup2 mount once and remembering every directory. Printed as
/// bpftrace prints it, with the hierarchy name: `unified:/user.slice`.
final class CgroupPaths: @unchecked Sendable {
    static let shared = CgroupPaths()
    private let lock = NSLock()
    private var paths: [UInt64: String]?
    /// Ids not found even in a fresh scan (cgroups removed since the event): printing many
    /// events of them must not walk the whole tree each time.
    private var missing: Set<UInt64> = []
    /// Walks of the cgroup tree so far, for tests.
    private(set) var scans = 0

    /// `hierarchies` is cgroup_path()'s wildcard filter of hierarchy names; cgroup2 is "unified".
    func path(for id: UInt64, hierarchies filter: String? = nil) -> String? {
        if let filter, fnmatch(filter, "unified", 0) != 0 { return nil }
        lock.lock(); defer { lock.unlock() }
        if paths == nil || (paths?[id] == nil && !missing.contains(id)) {
            scans += 1
            paths = Self.scan()
            if paths?[id] == nil { missing.insert(id) }
        }
        return paths?[id].map { "unified:" + $0 }
    }

    /// Where cgroup2 is mounted (/sys/fs/cgroup, or /sys/fs/cgroup/unified on hybrid systems).
    static func unifiedMount() -> String? {
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/mounts") else { return nil }
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count >= 3, fields[2] == "cgroup2" { return String(fields[1]) }
        }
        return nil
    }

    private static func scan() -> [UInt64: String] {
        guard let root = unifiedMount() else { return [:] }
        var result: [UInt64: String] = [:]
        var pending = [""]
        while let relative = pending.popLast() {
            var info = stat()
            guard stat(root + relative, &info) == 0 else { continue }
            result[UInt64(info.st_ino)] = relative.isEmpty ? "/" : relative
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: root + relative) else { continue }
            for entry in entries {
                var child = stat()
                let path = root + relative + "/" + entry
                if lstat(path, &child) == 0, child.st_mode & S_IFMT == S_IFDIR { pending.append(relative + "/" + entry) }
            }
        }
        return result
    }
}
