// C++ frames print demangled (bpftrace's cpp_demangle): checked on libstdc++ as this test
// process has it mapped, against the C++ runtime's own demangler.

import XCTest
@testable import SwtraceRuntime

final class UserSymbolDemanglingTests: XCTestCase {
    func testMangledNamesOfAMappedLibraryPrintDemangled() throws {
        let memoryMap = try ProcessMemoryMap(pid: getpid())
        guard let library = memoryMap.mappings.first(where: { $0.path.contains("libstdc++") && $0.isExecutable }) else {
            throw XCTSkip("libstdc++ is not mapped in this test process")
        }
        let table = try ElfSymbolTable(path: library.path)
        // A mangled function with a size, so that +2 stays inside it.
        let function = try XCTUnwrap(table.functions.first { $0.name.hasPrefix("_ZNSt") && $0.size > 8 && CppDemangler.demangle($0.name) != nil })
        let demangled = try XCTUnwrap(CppDemangler.demangle(function.name))
        XCTAssertNotEqual(demangled, function.name)
        let offset = try XCTUnwrap(table.fileOffset(forAddress: function.address))
        let address = library.start + offset - library.fileOffset + 2

        let text = UserSymbols(demanglesCpp: true).text(for: address, pid: getpid(), showOffset: true, showModule: false)
        let plain = UserSymbols(demanglesCpp: false).text(for: address, pid: getpid(), showOffset: true, showModule: false)
        // Aliases share addresses: whichever name the table prefers, demangling is what changes.
        XCTAssertTrue(text.hasSuffix("+2"), text)
        XCTAssertFalse(text.hasPrefix("_Z"), text)
        XCTAssertTrue(plain.hasPrefix("_Z"), plain)
        XCTAssertEqual(text, CppDemangler.demangle(String(plain.dropLast(2)))! + "+2")
    }
}
