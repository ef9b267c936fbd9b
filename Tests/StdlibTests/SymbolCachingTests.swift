// Printing a map of 10k stacks resolves each frame: the symbol sources are read once (one
// kallsyms read, one /proc/PID/maps read per process, one ELF read per file), then lookups are
// binary searches. Counted, not timed: the machine is shared and noisy.

import XCTest
@testable import SwtraceRuntime

final class SymbolCachingTests: XCTestCase {
    func testTenThousandKernelAddressesReadKallsymsOnce() throws {
        let symbols = KernelSymbols()
        guard symbols.isAvailable else { throw XCTSkip("kallsyms shows no addresses here") }
        let vfsRead = try XCTUnwrap(kallsymsAddress(of: "vfs_read"))
        for index in 0..<10_000 {
            XCTAssertEqual(symbols.resolve(vfsRead + UInt64(index % 16))?.name, "vfs_read")
        }
        XCTAssertEqual(symbols.loads, 1, "kallsyms is read once")
        XCTAssertEqual(symbols.text(for: vfsRead + 5, showOffset: true), "vfs_read+5")
    }

    func testTenThousandUserAddressesReadMapsAndSymbolsOnce() throws {
        let memoryMap = try ProcessMemoryMap(pid: getpid())
        let libc = try XCTUnwrap(memoryMap.mappings.first { $0.path.contains("libc.so") && $0.isExecutable })
        let table = try ElfSymbolTable(path: libc.path)
        let malloc = try XCTUnwrap(table.symbols(named: "malloc").first)
        let offset = try XCTUnwrap(table.fileOffset(forAddress: malloc.address))
        let runtimeAddress = libc.start + offset - libc.fileOffset
        let symbols = UserSymbols()
        for index in 0..<10_000 {
            let symbol = symbols.resolve(runtimeAddress + UInt64(index % 8), pid: getpid())
            XCTAssertEqual(symbol?.offset, UInt64(index % 8))
        }
        XCTAssertEqual(symbols.mapReads, 1, "the process's maps are read once")
        XCTAssertEqual(symbols.tableReads, 1, "libc's symbols are read once")
        // A frame outside every mapping (garbage, or an unmapped JIT area) reads the maps
        // again once, in case something was mapped since, and is then remembered as unmapped.
        for _ in 0..<10_000 { XCTAssertNil(symbols.resolve(8, pid: getpid())) }
        XCTAssertEqual(symbols.mapReads, 2)
        // A process that is gone is looked for once.
        let gone = try exitedChildPid()
        for _ in 0..<1000 { XCTAssertNil(symbols.resolve(runtimeAddress, pid: gone)) }
        XCTAssertEqual(symbols.mapReads, 3)
        XCTAssertEqual(symbols.tableReads, 1)
        XCTAssertEqual(symbols.text(for: runtimeAddress + 3, pid: getpid(), showOffset: true, showModule: true),
                       "\(symbols.resolve(runtimeAddress, pid: getpid())!.name)+3 (\(libc.path))")
    }

    /// The pid of a child that has exited and been reaped.
    private func exitedChildPid() throws -> Int32 {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        return child.processIdentifier
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

/// cgroup_path() walks the cgroup2 tree once; ids of cgroups gone since (not found even after a
/// fresh walk) are remembered, not searched for again at every event.
final class CgroupPathCachingTests: XCTestCase {
    func testUnknownIdsAreLookedForOnce() throws {
        guard let root = CgroupPaths.unifiedMount() else { throw XCTSkip("no cgroup2 mount") }
        var info = stat()
        XCTAssertEqual(stat(root, &info), 0)
        let paths = CgroupPaths()
        XCTAssertEqual(paths.path(for: UInt64(info.st_ino)), "unified:/")
        XCTAssertEqual(paths.scans, 1)
        for _ in 0..<1000 { XCTAssertNil(paths.path(for: UInt64.max - 1)) }
        XCTAssertEqual(paths.scans, 2, "one more walk for the unknown id, then none")
        XCTAssertEqual(paths.path(for: UInt64(info.st_ino), hierarchies: "uni*"), "unified:/")
        XCTAssertNil(paths.path(for: UInt64(info.st_ino), hierarchies: "cpu"))
        XCTAssertEqual(paths.scans, 2)
    }
}

/// The maps of a process read while it ran keep resolving its frames after it has exited, even
/// after a lookup of an address outside them (which reads the maps again, and finds none).
final class ExitedProcessSymbolTests: XCTestCase {
    func testFramesOfAnExitedProcessStillResolve() throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sleep")
        child.arguments = ["30"]
        try child.run()
        let pid = child.processIdentifier
        // Wait until the dynamic loader has mapped libc.
        var libc: ProcessMemoryMap.Mapping?
        for _ in 0..<200 where libc == nil {
            libc = (try? ProcessMemoryMap(pid: pid))?.mappings.first { $0.path.contains("libc.so") && $0.isExecutable }
            if libc == nil { usleep(10_000) }
        }
        let mapping = try XCTUnwrap(libc, "sleep never mapped libc")
        let table = try ElfSymbolTable(path: mapping.path)
        let malloc = try XCTUnwrap(table.symbols(named: "malloc").first)
        let address = mapping.start + (try XCTUnwrap(table.fileOffset(forAddress: malloc.address))) - mapping.fileOffset + 3
        let symbols = UserSymbols()
        symbols.remember(pid: pid)
        child.terminate()
        child.waitUntilExit()

        XCTAssertNil(symbols.resolve(8, pid: pid), "an address outside every mapping")
        XCTAssertEqual(symbols.resolve(address, pid: pid)?.offset, 3, "the maps read while it ran still apply")
    }
}
