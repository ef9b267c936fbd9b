// Printing a map of 10k stacks resolves each frame: lookups must stay cheap once the symbol
// tables are loaded (one kallsyms read, one /proc/PID/maps read, one ELF read per file).

import XCTest
@testable import SwtraceRuntime

final class SymbolisationSpeedTests: XCTestCase {
    func testTenThousandKernelAddressesResolveQuickly() throws {
        let symbols = KernelSymbols()
        guard symbols.isAvailable else { throw XCTSkip("kallsyms shows no addresses here") }
        let vfsRead = try XCTUnwrap(kallsymsAddress(of: "vfs_read"))
        let started = Date()
        for index in 0..<10_000 {
            XCTAssertEqual(symbols.resolve(vfsRead + UInt64(index % 16))?.name, "vfs_read")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 1.0)
        XCTAssertEqual(symbols.text(for: vfsRead + 5, showOffset: true), "vfs_read+5")
    }

    func testTenThousandUserAddressesResolveQuickly() throws {
        let memoryMap = try ProcessMemoryMap(pid: getpid())
        let libc = try XCTUnwrap(memoryMap.mappings.first { $0.path.contains("libc.so") && $0.isExecutable })
        let table = try ElfSymbolTable(path: libc.path)
        let malloc = try XCTUnwrap(table.symbols(named: "malloc").first)
        let offset = try XCTUnwrap(table.fileOffset(forAddress: malloc.address))
        let runtimeAddress = libc.start + offset - libc.fileOffset
        let symbols = UserSymbols()
        let started = Date()
        for index in 0..<10_000 {
            let symbol = symbols.resolve(runtimeAddress + UInt64(index % 8), pid: getpid())
            XCTAssertEqual(symbol?.offset, UInt64(index % 8))
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 1.0)
        XCTAssertEqual(symbols.text(for: runtimeAddress + 3, pid: getpid(), showOffset: true, showModule: true),
                       "\(symbols.resolve(runtimeAddress, pid: getpid())!.name)+3 (\(libc.path))")
    }

    private func kallsymsAddress(of name: String) -> UInt64? {
        guard let handle = FileHandle(forReadingAtPath: "/proc/kallsyms") else { return nil }
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count >= 3, parts[2] == name { return UInt64(parts[0], radix: 16) }
        }
        return nil
    }
}
