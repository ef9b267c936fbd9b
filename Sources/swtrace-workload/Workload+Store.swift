// The `store` step: writes to a fixed address, for watchpoint tests that must name the address
// before the process runs.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Pages earlier `store` steps mapped.
nonisolated(unsafe) var storePages: Set<Int> = []

/// Maps the page of the hexadecimal ADDR (failing if something else is mapped there already).
func storeStep(_ text: String?, _ count: Int) -> Step {
    let digits = text.map { $0.hasPrefix("0x") ? String($0.dropFirst(2)) : $0 } ?? ""
    guard let address = Int(digits, radix: 16), address > 0 else {
        fail("store ADDR must be a hexadecimal address, got '\(text ?? "nothing")'\n\n\(usage)")
    }
    let mapFixedNoReplace = 0x100000
    let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
    let page = address & ~(pageSize - 1)
    if !storePages.contains(page) {
        let mapped = rawSyscall(SyscallNumber.mmap, page, pageSize, Int(PROT_READ | PROT_WRITE),
                                Int(MAP_PRIVATE | MAP_ANONYMOUS) | mapFixedNoReplace, -1, 0)
        if mapped != page { fail("cannot map a page at 0x\(String(page, radix: 16))") }
        storePages.insert(page)
    }
    guard let pointer = UnsafeMutablePointer<UInt64>(bitPattern: address) else { fail("store ADDR must not be 0") }
    _ = opaqueCall  // looked up now, during set-up
    return .store(address: pointer, count: count)
}

/// A C function called through a pointer: the optimizer must assume it reads the stored memory,
/// so it keeps every one of the stores (instead of only the last) and never adds a system call.
let opaqueCall: @convention(c) (UnsafePointer<CChar>) -> Int = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "strlen") else {
        fail("cannot find strlen() in the C library")
    }
    return unsafeBitCast(symbol, to: (@convention(c) (UnsafePointer<CChar>) -> Int).self)
}()

func performStores(_ address: UnsafeMutablePointer<UInt64>, _ count: Int) {
    for index in 0..<count {
        address.pointee = UInt64(index)
        _ = opaqueCall("")
    }
}
