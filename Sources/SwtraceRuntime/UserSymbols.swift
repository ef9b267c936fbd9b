// User-space addresses of a process to `function+offset`, through /proc/PID/maps and the ELF
// symbols of each mapped file (executable, PIE, shared libraries). Memory maps are cached per
// process and symbol tables per file, so printing many stacks reads each only once.

import Foundation

public final class UserSymbols: @unchecked Sendable {
    public static let shared = UserSymbols()

    /// C++ names are shown demangled (bpftrace's cpp_demangle, on by default).
    public let demanglesCpp: Bool

    public init(demanglesCpp: Bool = true) { self.demanglesCpp = demanglesCpp }

    public struct Symbol: Equatable, Sendable {
        public let name: String
        public let offset: UInt64
        /// The mapped file that holds the symbol, as perf mode prints it.
        public let module: String
    }

    private let lock = NSLock()
    /// nil: the process was gone when its maps were read (frames of exited processes stay
    /// unresolved without a failed open per frame).
    private var processes: [Int32: ProcessMemoryMap?] = [:]
    /// Addresses outside every mapping even after the maps were read again: garbage frames
    /// repeat in thousands of stacks and must not re-read the maps each time.
    private var unmapped: [Int32: Set<UInt64>] = [:]
    private var tables: [String: ElfSymbolTable?] = [:]
    /// Reads of /proc/PID/maps and of ELF files so far: what the caching saves, for tests.
    private(set) var mapReads = 0, tableReads = 0
    /// Demangled names by mangled name: a hot frame is printed many times.
    private var demangled: [String: String] = [:]

    /// The function of process `pid` containing `address`, or nil when it cannot be found
    /// (process gone, anonymous memory, stripped file).
    public func resolve(_ address: UInt64, pid: Int32) -> Symbol? {
        lock.lock(); defer { lock.unlock() }
        guard var memoryMap = processes[pid] ?? readMap(pid) else { return nil }
        if memoryMap.mapping(containing: address) == nil {
            if unmapped[pid]?.contains(address) == true { return nil }
            // Mapped since the maps were read (dlopen, new process reusing the pid): read again.
            // A process gone by now keeps the maps read while it lived: its other frames still
            // resolve.
            guard let fresh = readMap(pid, keepingKnown: true) else {
                unmapped[pid, default: []].insert(address)
                return nil
            }
            memoryMap = fresh
            if fresh.mapping(containing: address) == nil { unmapped[pid, default: []].insert(address) }
        }
        return lookUp(address, in: memoryMap)
    }

    /// bpftrace's text for a user address: `name+offset` (or `name`), `0x...` when unknown;
    /// perf mode adds ` (module)` / ` ([unknown])`.
    public func text(for address: UInt64, pid: Int32, showOffset: Bool, showModule: Bool) -> String {
        guard let symbol = resolve(address, pid: pid) else {
            return "0x" + String(address, radix: 16) + (showModule ? " ([unknown])" : "")
        }
        var text = displayName(symbol.name)
        if showOffset { text += "+\(symbol.offset)" }
        if showModule { text += " (\(symbol.module))" }
        return text
    }

    /// `name` as printed: demangled when it is a mangled C++ name and demangling is on.
    func displayName(_ name: String) -> String {
        guard demanglesCpp, name.hasPrefix("_Z") else { return name }
        lock.lock(); defer { lock.unlock() }
        if let known = demangled[name] { return known }
        let shown = CppDemangler.demangle(name) ?? name
        demangled[name] = shown
        return shown
    }

    /// Forgets cached memory maps (processes come and go; tables of files stay).
    public func forgetProcesses() {
        lock.lock(); defer { lock.unlock() }
        processes.removeAll()
        unmapped.removeAll()
    }

    private func readMap(_ pid: Int32, keepingKnown: Bool = false) -> ProcessMemoryMap? {
        mapReads += 1
        let memoryMap = try? ProcessMemoryMap(pid: pid)
        if memoryMap != nil || !keepingKnown { processes[pid] = .some(memoryMap) }
        return memoryMap
    }

    /// Reads the maps of a process that is still running, for frames printed after it exits
    /// (the -c child): later lookups use what was read here.
    public func remember(pid: Int32) {
        lock.lock(); defer { lock.unlock() }
        if let memoryMap = try? ProcessMemoryMap(pid: pid) {
            mapReads += 1
            processes[pid] = .some(memoryMap)
            unmapped[pid] = nil
        }
    }

    private func lookUp(_ address: UInt64, in memoryMap: ProcessMemoryMap) -> Symbol? {
        guard let mapping = memoryMap.mapping(containing: address), mapping.path.hasPrefix("/"),
              let table = table(for: memoryMap.openablePath(mapping.path)) else { return nil }
        let offsetInFile = address - mapping.start + mapping.fileOffset
        guard let fileAddress = table.address(forFileOffset: offsetInFile),
              let function = table.function(containing: fileAddress) else { return nil }
        return Symbol(name: function.name, offset: fileAddress - function.address, module: mapping.path)
    }

    private func table(for path: String) -> ElfSymbolTable? {
        if let cached = tables[path] { return cached }
        tableReads += 1
        let table = try? ElfSymbolTable(path: path)
        tables[path] = table
        return table
    }
}
