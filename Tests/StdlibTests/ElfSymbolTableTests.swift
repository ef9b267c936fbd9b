// ElfSymbolTable on binaries built here (PIE and non-PIE) and on the system's libc.

import XCTest
@testable import SwtraceRuntime

final class ElfSymbolTableTests: XCTestCase {
    static let source = """
    #include <stdio.h>
    int counter_value = 3;
    static int helper_static(int x) { return x * 2 + counter_value; }
    int swtrace_known_function(int x) { return helper_static(x) + 1; }
    int main(void) { printf("%d\\n", swtrace_known_function(4)); return 0; }
    """

    var builder: CProgramBuilder!

    override func setUpWithError() throws { builder = try CProgramBuilder() }
    override func tearDown() { builder?.remove() }

    func testPositionIndependentExecutable() throws {
        let path = try builder.build("pie", source: Self.source, flags: ["-fPIE", "-pie"])
        let table = try ElfSymbolTable(path: path)
        XCTAssertTrue(table.isPositionIndependent)
        try checkKnownSymbols(table)
    }

    func testFixedAddressExecutable() throws {
        let path = try builder.build("nopie", source: Self.source, flags: ["-fno-pie", "-no-pie"])
        let table = try ElfSymbolTable(path: path)
        XCTAssertFalse(table.isPositionIndependent)
        let function = try XCTUnwrap(table.symbols(named: "swtrace_known_function").first)
        // Fixed-address executables load at 0x400000 and up: offsets are not addresses.
        XCTAssertGreaterThanOrEqual(function.address, 0x400000)
        XCTAssertLessThan(try XCTUnwrap(table.fileOffset(forAddress: function.address)), function.address)
        try checkKnownSymbols(table)
    }

    private func checkKnownSymbols(_ table: ElfSymbolTable) throws {
        let function = try XCTUnwrap(table.symbols(named: "swtrace_known_function").first)
        XCTAssertEqual(function.kind, .function)
        XCTAssertEqual(function.binding, .global)
        XCTAssertGreaterThan(function.size, 0)
        let helper = try XCTUnwrap(table.symbols(named: "helper_static").first)
        XCTAssertEqual(helper.binding, .local, "static functions come from .symtab")
        let variable = try XCTUnwrap(table.symbols(named: "counter_value").first)
        XCTAssertEqual(variable.kind, .object)
        XCTAssertEqual(table.function(containing: function.address)?.name, "swtrace_known_function")
        XCTAssertEqual(table.function(containing: function.address + function.size - 1)?.name, "swtrace_known_function")
        XCTAssertNotEqual(table.function(containing: function.address + function.size)?.name, "swtrace_known_function")
        XCTAssertEqual(table.function(containing: variable.address)?.name == "counter_value", false,
                       "data symbols never name code addresses")
        // Address <-> file offset round trip, and the bytes at that offset are the function's.
        let offset = try XCTUnwrap(table.fileOffset(forAddress: function.address))
        XCTAssertEqual(table.address(forFileOffset: offset), function.address)
        XCTAssertTrue(table.loadSegments.contains { $0.isExecutable })
    }

    func testSharedLibraryDynamicSymbols() throws {
        let candidates = ["/usr/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6",
                          "/usr/lib/aarch64-linux-gnu/libc.so.6", "/lib64/libc.so.6"]
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw XCTSkip("no libc.so.6 found")
        }
        let table = try ElfSymbolTable(path: path)
        XCTAssertTrue(table.isPositionIndependent)
        let malloc = try XCTUnwrap(table.symbols(named: "malloc").first, "malloc is exported in .dynsym")
        XCTAssertEqual(malloc.kind, .function)
        XCTAssertGreaterThan(malloc.size, 0)
        let inside = try XCTUnwrap(table.function(containing: malloc.address + 1))
        XCTAssertEqual(inside.address, malloc.address)
        XCTAssertNotNil(table.fileOffset(forAddress: malloc.address))
    }

    func testErrors() throws {
        XCTAssertThrowsError(try ElfSymbolTable(path: "/nonexistent/swtrace")) { error in
            guard case ElfError.unreadable = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try ElfSymbolTable(path: "/proc/self/status")) { error in
            XCTAssertEqual(error as? ElfError, .notElf(path: "/proc/self/status"))
        }
    }
}
