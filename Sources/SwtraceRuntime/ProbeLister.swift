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

    /// Probe types that can be listed, with their short aliases.
    static let providers: [(name: String, alias: String)] = [
        ("kprobe", "k"), ("tracepoint", "t"), ("software", "s"), ("hardware", "h"),
    ]

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
            let selected = hasWildcard ? globMatches(providerPattern, provider.name)
                : providerPattern == provider.name || providerPattern == provider.alias
            guard selected else { continue }
            switch provider.name {
            case "tracepoint": output += try listTracepoints(rest, verbose: verbose)
            case "software": output += listPerfEvents("software", softwareEvents, rest)
            case "hardware": output += listPerfEvents("hardware", hardwareEvents, rest)
            case "kprobe": output += listKprobes(rest)
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

    static func listPerfEvents(_ type: String, _ events: [PerfEventName], _ pattern: String) -> String {
        var names: Set<String> = []
        for event in events {
            for name in [event.name, event.alias] where !name.isEmpty {
                if globMatches(pattern, name + ":") || globMatches(pattern, name) { names.insert(name + ":") }
            }
        }
        return names.sorted().map { "\(type):\($0)\n" }.joined()
    }

    /// Kernel functions from available_filter_functions, only where kprobes exist; unreadable
    /// lists (locked-down ftrace) list nothing.
    static func listKprobes(_ pattern: String) -> String {
        guard KernelFeatureProbe.hasKprobes(),
              let text = try? Tracefs.read("available_filter_functions") else { return "" }
        var names: Set<String> = []
        for line in text.split(separator: "\n") {
            // "func [module]": drop the module.
            let function = line.split(separator: " ").first.map(String.init) ?? ""
            if function.isEmpty || function.contains(".part.") { continue }
            if globMatches(pattern, function) { names.insert(function) }
        }
        return names.sorted().map { "kprobe:\($0)\n" }.joined()
    }
}
