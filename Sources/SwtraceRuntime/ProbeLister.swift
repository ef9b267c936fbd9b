// `-l [PATTERN]` / `-lv`: lists probes like bpftrace, one `type:target:name` per line, with the
// tracepoint's fields indented by four spaces in verbose mode.

import CLibbpf
import Foundation
import SwtraceCore

public enum ProbeLister {
    /// A perf event probe bpftrace knows by name (and maybe an alias).
    public struct PerfEventName: Sendable {
        public var name: String
        public var alias: String
        public var config: UInt64
        public var defaultPeriod: UInt64
    }

    public static let softwareEvents: [PerfEventName] = [
        .init(name: "alignment-faults", alias: "", config: UInt64(PERF_COUNT_SW_ALIGNMENT_FAULTS.rawValue), defaultPeriod: 1),
        .init(name: "bpf-output", alias: "", config: UInt64(PERF_COUNT_SW_BPF_OUTPUT.rawValue), defaultPeriod: 1),
        .init(name: "context-switches", alias: "cs", config: UInt64(PERF_COUNT_SW_CONTEXT_SWITCHES.rawValue), defaultPeriod: 1000),
        .init(name: "cpu-clock", alias: "cpu", config: UInt64(PERF_COUNT_SW_CPU_CLOCK.rawValue), defaultPeriod: 1_000_000),
        .init(name: "cpu-migrations", alias: "", config: UInt64(PERF_COUNT_SW_CPU_MIGRATIONS.rawValue), defaultPeriod: 1),
        .init(name: "dummy", alias: "", config: UInt64(PERF_COUNT_SW_DUMMY.rawValue), defaultPeriod: 1),
        .init(name: "emulation-faults", alias: "", config: UInt64(PERF_COUNT_SW_EMULATION_FAULTS.rawValue), defaultPeriod: 1),
        .init(name: "major-faults", alias: "", config: UInt64(PERF_COUNT_SW_PAGE_FAULTS_MAJ.rawValue), defaultPeriod: 1),
        .init(name: "minor-faults", alias: "", config: UInt64(PERF_COUNT_SW_PAGE_FAULTS_MIN.rawValue), defaultPeriod: 100),
        .init(name: "page-faults", alias: "faults", config: UInt64(PERF_COUNT_SW_PAGE_FAULTS.rawValue), defaultPeriod: 100),
        .init(name: "task-clock", alias: "", config: UInt64(PERF_COUNT_SW_TASK_CLOCK.rawValue), defaultPeriod: 1),
    ]

    public static let hardwareEvents: [PerfEventName] = [
        .init(name: "backend-stalls", alias: "", config: UInt64(PERF_COUNT_HW_STALLED_CYCLES_BACKEND.rawValue), defaultPeriod: 1_000_000),
        .init(name: "branch-instructions", alias: "branches", config: UInt64(PERF_COUNT_HW_BRANCH_INSTRUCTIONS.rawValue), defaultPeriod: 100_000),
        .init(name: "branch-misses", alias: "", config: UInt64(PERF_COUNT_HW_BRANCH_MISSES.rawValue), defaultPeriod: 100_000),
        .init(name: "bus-cycles", alias: "", config: UInt64(PERF_COUNT_HW_BUS_CYCLES.rawValue), defaultPeriod: 100_000),
        .init(name: "cache-misses", alias: "", config: UInt64(PERF_COUNT_HW_CACHE_MISSES.rawValue), defaultPeriod: 1_000_000),
        .init(name: "cache-references", alias: "", config: UInt64(PERF_COUNT_HW_CACHE_REFERENCES.rawValue), defaultPeriod: 1_000_000),
        .init(name: "cpu-cycles", alias: "cycles", config: UInt64(PERF_COUNT_HW_CPU_CYCLES.rawValue), defaultPeriod: 1_000_000),
        .init(name: "frontend-stalls", alias: "", config: UInt64(PERF_COUNT_HW_STALLED_CYCLES_FRONTEND.rawValue), defaultPeriod: 1_000_000),
        .init(name: "instructions", alias: "", config: UInt64(PERF_COUNT_HW_INSTRUCTIONS.rawValue), defaultPeriod: 1_000_000),
        .init(name: "ref-cycles", alias: "", config: UInt64(PERF_COUNT_HW_REF_CPU_CYCLES.rawValue), defaultPeriod: 1_000_000),
    ]

    /// Probe types listed without a target, in bpftrace's (alphabetical) order, with aliases.
    static let providers: [(name: String, aliases: [String])] = [
        ("fentry", ["f", "kfunc"]), ("fexit", ["fr", "kretfunc"]), ("hardware", ["h"]), ("iter", ["it"]), ("kprobe", ["k"]),
        ("kretprobe", ["kr"]), ("rawtracepoint", ["rt"]), ("software", ["s"]), ("tracepoint", ["t"]),
        ("uprobe", ["u"]), ("uretprobe", ["ur"]), ("usdt", ["U"]), ("interval", ["i"]), ("profile", ["p"]),
    ]
    /// The units of interval and profile probes, listed as bpftrace lists them (`interval:hz:`).
    static let timerUnits = ["hz", "us", "ms", "s"]
    /// Listed by `-l` without a provider: return probes and user-space types need a target or
    /// repeat their entry counterparts.
    static let listedByDefault: Set<String> = ["fentry", "hardware", "kprobe", "rawtracepoint", "software", "tracepoint"]

    public static func list(pattern: String?, verbose: Bool) throws -> String {
        let search: String
        if let pattern, !pattern.isEmpty {
            search = pattern.contains(":") ? pattern : "*:" + pattern
        } else {
            search = "*:*"
        }
        let colon = search.firstIndex(of: ":")!
        let providerPattern = String(search[..<colon])
        let rest = String(search[search.index(after: colon)...])
        let hasWildcard = providerPattern.contains(where: { "*?[".contains($0) })

        var output = ""
        for provider in providers {
            let selected = hasWildcard ? listedByDefault.contains(provider.name) && globMatches(providerPattern, provider.name)
                : providerPattern == provider.name || provider.aliases.contains(providerPattern)
            guard selected else { continue }
            switch provider.name {
            case "tracepoint": output += try listTracepoints(rest, verbose: verbose)
            case "rawtracepoint": output += try listRawTracepoints(rest, verbose: verbose)
            case "software": output += listPerfEvents("software", softwareEvents, rest)
            case "hardware": output += listPerfEvents("hardware", hardwareEvents, rest)
            case "kprobe", "kretprobe": output += listKprobes(provider.name, rest)
            case "fentry", "fexit": output += listTrampolines(provider.name, rest, verbose: verbose)
            case "uprobe", "uretprobe": output += try listUserFunctions(provider.name, rest, verbose: verbose)
            case "usdt": output += try listUSDT(rest)
            case "iter": output += listIterators(rest, verbose: verbose)
            case "interval", "profile":
                // `-l -e 'interval:s:1 {...}'` names a rate after the unit.
                output += timerUnits.filter { unit in globMatches(rest, unit + ":") || globMatches(rest, unit)
                    || isUnitWithCount(rest, unit) }.map { "\(provider.name):\($0):\n" }.joined()
            default: break
            }
        }
        return output
    }

    static func listTracepoints(_ pattern: String, verbose: Bool) throws -> String {
        let catalogue = LiveKernelCatalogue()
        let matches = try catalogue.allTracepoints()
            .map { "\($0.category):\($0.name)" }
            .filter { globMatches(pattern, $0) }
        var output = ""
        for match in Set(matches).sorted() {
            output += "tracepoint:\(match)\n"
            guard verbose else { continue }
            let parts = match.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let text = try catalogue.formatText(category: parts[0], name: parts[1]) else {
                continue
            }
            for declaration in TracepointFormatParser.fieldDeclarations(text) {
                output += "    \(declaration)\n"
            }
        }
        return output
    }

    /// `name:N`, an event or unit with its count or rate (`cache-misses:10`, `s:1`), as a
    /// program's attach point names it.
    static func isUnitWithCount(_ pattern: String, _ name: String) -> Bool {
        guard pattern.hasPrefix(name + ":") else { return false }
        let count = pattern.dropFirst(name.count + 1)
        return !count.isEmpty && count.allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func listPerfEvents(_ type: String, _ events: [PerfEventName], _ pattern: String) -> String {
        var names: Set<String> = []
        for event in events {
            for name in [event.name, event.alias] where !name.isEmpty {
                if globMatches(pattern, name + ":") || globMatches(pattern, name) || isUnitWithCount(pattern, name) {
                    names.insert(name + ":")
                }
            }
        }
        return names.sorted().map { "\(type):\($0)\n" }.joined()
    }

    /// Kernel functions from available_filter_functions, only where kprobes exist; unreadable
    /// lists (locked-down ftrace) list nothing.
    static func listKprobes(_ type: String, _ pattern: String) -> String {
        guard KernelFeatureProbe.hasKprobes(),
              let text = try? Tracefs.read("available_filter_functions") else { return "" }
        var names: Set<String> = []
        for line in text.split(separator: "\n") {
            // "func [module]": drop the module.
            let function = line.split(separator: " ").first.map(String.init) ?? ""
            if function.isEmpty || function.contains(".part.") { continue }
            if globMatches(pattern, function) { names.insert(function) }
        }
        return names.sorted().map { "\(type):\($0)\n" }.joined()
    }

    /// BTF functions as `fentry:vmlinux:NAME` where trampolines work; `fentry:NAME` patterns
    /// match any module. Verbose adds each parameter and the return value.
    static func listTrampolines(_ type: String, _ pattern: String, verbose: Bool) -> String {
        guard KernelFeatureProbe.features.fentry else { return "" }
        if pattern.hasPrefix("bpf:") { return listBPFFunctions(type, String(pattern.dropFirst(4))) }
        let search = pattern.contains(":") ? pattern : "*:" + pattern
        var output = ""
        for function in FunctionPrototypes.allFunctions() where globMatches(search, "vmlinux:" + function) {
            output += "\(type):vmlinux:\(function)\n"
            guard verbose, let prototype = FunctionPrototypes.prototype(of: function) else { continue }
            for line in FunctionPrototypes.declarations(prototype) { output += "    \(line)\n" }
        }
        return output
    }

    /// `fentry:bpf:[ID:]NAME`: functions of the loaded BPF programs as `fentry:bpf:ID:NAME`,
    /// ordered as text like bpftrace's list (they have no argument list to show).
    static func listBPFFunctions(_ type: String, _ pattern: String,
                                 functions: [RunningBPFFunction] = RunningBPFPrograms.functions()) -> String {
        let search = pattern.contains(":") ? pattern : "*:" + pattern
        let lines = Set(functions.map { "\($0.programID):\($0.name)" }.filter { globMatches(search, $0) })
        return lines.sorted().map { "\(type):bpf:\($0)\n" }.joined()
    }

    /// BPF iterators; verbose adds what `ctx` holds besides `meta` (the iterator function's parameters).
    static func listIterators(_ pattern: String, verbose: Bool) -> String {
        var output = ""
        for name in FunctionPrototypes.iterators() where globMatches(pattern, name) {
            output += "iter:\(name)\n"
            guard verbose, let prototype = FunctionPrototypes.prototype(of: "bpf_iter_" + name) else { continue }
            for field in prototype.parameters.dropFirst() { output += "    \(field.cType) \(field.name)\n" }
        }
        return output
    }

    /// Raw tracepoints by event name (syscall entry/exit events have none of their own);
    /// verbose adds the arguments of the event's `__bpf_trace_` function.
    static func listRawTracepoints(_ pattern: String, verbose: Bool) throws -> String {
        let events = try LiveKernelCatalogue().allTracepoints()
            .filter { !($0.category == "syscalls" && ($0.name.hasPrefix("sys_enter_") || $0.name.hasPrefix("sys_exit_"))) }
            .map(\.name)
        var output = ""
        for name in Set(events).sorted() where globMatches(pattern, name) {
            output += "rawtracepoint:\(name)\n"
            guard verbose, let prototype = FunctionPrototypes.prototype(of: "__bpf_trace_" + name) else { continue }
            for parameter in prototype.parameters.dropFirst() { output += "    \(parameter.cType) \(parameter.name)\n" }
        }
        return output
    }

    /// `uprobe:BINARY:PATTERN`: function symbols of the binary (resolved like attach points).
    /// Verbose: each function's parameters from the binary's DWARF, when it has any.
    static func listUserFunctions(_ type: String, _ rest: String, verbose: Bool) throws -> String {
        let parts = rest.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let binary = parts.first, !binary.isEmpty, let path = BinaryResolver.resolve(binary) else { return "" }
        let pattern = parts.count > 1 ? parts[1] : "*"
        let parameters = verbose ? DwarfParameters.declarations(inBinary: path) ?? [:] : [:]
        return try LiveKernelCatalogue().userFunctions(inBinary: path, matching: pattern).map { function in
            "\(type):\(path):\(function)\n" + (parameters[function] ?? []).map { "    \($0)\n" }.joined()
        }.joined()
    }

    /// `usdt:BINARY[:PROVIDER]:NAME` patterns list `usdt:PATH:PROVIDER:NAME`.
    static func listUSDT(_ rest: String) throws -> String {
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard let binary = parts.first, !binary.isEmpty, let path = BinaryResolver.resolve(binary) else { return "" }
        let providerPattern = parts.count > 2 ? parts[1] : "*"
        let namePattern = parts.count > 1 ? parts.last! : "*"
        let lines = try USDTNotes.probes(inBinary: path)
            .filter { globMatches(providerPattern, $0.provider) && globMatches(namePattern, $0.name) }
            .map { "usdt:\($0.path):\($0.provider):\($0.name)" }
        return Set(lines).sorted().map { $0 + "\n" }.joined()
    }
}
