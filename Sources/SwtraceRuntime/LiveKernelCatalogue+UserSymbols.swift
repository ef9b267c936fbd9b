// Symbols of user binaries for semantic analysis: uaddr("name") and the address a uprobe fires
// at, both as link-time addresses read from the ELF file.
import SwtraceCore

extension LiveKernelCatalogue {
    public func userSymbol(inBinary path: String, named name: String) throws -> UserSymbolInfo? {
        let table = try ElfSymbolTable(path: path)
        // Prefer a defined symbol (address != 0) of a known kind; .symtab and .dynsym may both list it.
        let candidates = table.symbols(named: name).filter { $0.address != 0 }
        guard let symbol = candidates.first(where: { $0.kind == .object }) ?? candidates.first else { return nil }
        return UserSymbolInfo(address: symbol.address, size: symbol.size)
    }
}
