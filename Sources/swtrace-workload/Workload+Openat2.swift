// The `openat2` step: openat2(2) with a struct open_how, for opensnoop's flags of openat2 calls.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// openat2 has the same number on every architecture (it is newer than the unified table).
let openat2Number = 437

/// struct open_how: flags, mode, resolve (64 bits each).
typealias OpenHow = (flags: UInt64, mode: UInt64, resolve: UInt64)

/// The path and an open_how of O_RDONLY|O_CLOEXEC, both allocated during set-up.
func openat2Step(_ path: String?, _ count: Int) -> Step {
    guard let path else { fail("openat2 needs a PATH\n\n\(usage)") }
    let how = UnsafeMutablePointer<OpenHow>.allocate(capacity: 1)
    how.initialize(to: (flags: UInt64(O_RDONLY | O_CLOEXEC), mode: 0, resolve: 0))
    return .openat2(path: strdup(path), how: how, count: count)
}

func performOpenat2(_ path: UnsafeMutablePointer<CChar>, _ how: UnsafeMutablePointer<OpenHow>, _ count: Int) {
    for _ in 0..<count {
        let fd = rawSyscall(openat2Number, Int(AT_FDCWD), Int(bitPattern: path), Int(bitPattern: how),
                            MemoryLayout<OpenHow>.size)
        if fd >= 0 { rawSyscall(SyscallNumber.close, fd) }
    }
}
