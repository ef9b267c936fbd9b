// KernelCatalogue backed by the running kernel: tracefs for tracepoints, BTF for function
// prototypes, ELF files for uprobe/usdt targets, probes for features.

import Foundation
import SwtraceCore

public struct LiveKernelCatalogue: KernelCatalogue {
    /// With `-p`, libraries resolve to what that process has mapped.
    public let pid: Int32?
    /// The `-c` child (held before exec) and its command, when the caller knows them.
    public let command: (pid: Int32, text: String)?
    public init(pid: Int32? = nil, command: (pid: Int32, text: String)? = nil) { self.pid = pid; self.command = command }

    /// Every tracepoint as (category, name), in tracefs order.
    public func allTracepoints() throws -> [(category: String, name: String)] {
        let text = try Tracefs.read("available_events")
        return text.split(separator: "\n").compactMap { line -> (category: String, name: String)? in
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            return (String(parts[0]), String(parts[1]))
        }
    }

    public func tracepoints(category: String, name: String) throws -> [(category: String, name: String)] {
        try allTracepoints()
            .filter { globMatches(category, $0.category) && globMatches(name, $0.name) }
            .sorted { ($0.category, $0.name) < ($1.category, $1.name) }
    }

    public func tracepointFormat(category: String, name: String) throws -> TracepointFormat? {
        guard let text = try formatText(category: category, name: name) else { return nil }
        return TracepointFormatParser.parse(text, category: category, name: name)
    }

    /// The raw `format` file of a tracepoint, nil if the tracepoint does not exist.
    public func formatText(category: String, name: String) throws -> String? {
        // Refuse path tricks: tracepoint names are plain identifiers.
        guard !category.contains("/"), !name.contains("/"), !category.hasPrefix("."), !name.hasPrefix(".") else {
            return nil
        }
        let path = try Tracefs.formatPath(category: category, name: name)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try readTextFile(path)
    }

    public var features: KernelFeatures { KernelFeatureProbe.features }

    /// Traceable kernel functions: available_filter_functions where readable, else BTF.
    public func allKernelFunctions() -> [String] {
        if let text = try? Tracefs.read("available_filter_functions") {
            var names: Set<String> = []
            for line in text.split(separator: "\n") {
                // "func [module]": drop the module; ".part.N" clones cannot be traced.
                guard let function = line.split(separator: " ").first, !function.contains(".part.") else { continue }
                names.insert(String(function))
            }
            return names.sorted()
        }
        return FunctionPrototypes.allFunctions()
    }

    public func kernelFunctions(matching pattern: String) throws -> [String] {
        allKernelFunctions().filter { globMatches(pattern, $0) }
    }

    public func kernelFunctionPrototype(_ name: String) throws -> FunctionPrototype? {
        FunctionPrototypes.prototype(of: name)
    }

    public func resolveBinary(_ name: String) -> String? {
        if let pid, !name.contains("/"), let mapped = BinaryResolver.mappedFile(name, pid: pid) { return mapped }
        return BinaryResolver.resolve(name)
    }

    /// `cpp:PATTERN` matches C++ functions by demangled name (without parameters).
    public func userFunctions(inBinary path: String, matching pattern: String) throws -> [String] {
        let table = try ElfSymbolTable(path: path)
        let names = Set(table.functions.map(\.name))
        if pattern.hasPrefix("cpp:") {
            let wanted = String(pattern.dropFirst(4))
            return names.filter { name in
                CppDemangler.demangledFunctionName(name).map { globMatches(wanted, $0) } ?? false
            }.sorted()
        }
        return names.filter { globMatches(pattern, $0) }.sorted()
    }

    public func usdtProbes(inBinary path: String) throws -> [USDTProbeSite] {
        try USDTNotes.probes(inBinary: path)
    }

    public func iterators() throws -> [String] { FunctionPrototypes.iterators() }

    /// Parameters passed in integer registers, in order, up to the last register; a parameter
    /// in a floating-point register or passed by value in memory has no field (it would shift
    /// the registers of those after it in ways the ABI decides).
    public func userFunctionPrototype(inBinary path: String, function: String) throws -> FunctionPrototype? {
        guard let parameters = DwarfParameters.parameters(of: function, inBinary: path) else { return nil }
        var fields: [TracepointField] = []
        for (index, parameter) in parameters.enumerated() {
            guard index < 6, let integer = parameter.integer else { break }
            fields.append(TracepointField(name: parameter.name ?? "arg\(index)", cType: parameter.typeName,
                                          offset: index * 8, size: integer.size, isSigned: integer.signed))
        }
        return FunctionPrototype(name: function, parameters: fields, returnType: nil)
    }
}
