// The stages `-d STAGE` prints, under bpftrace's names: the syntax tree (ast), the LLVM IR
// (codegen, codegen-opt; swtrace keeps only the optimised module, also called ir), the runtime
// plan (plan: programs, attach points, maps), libbpf's messages while loading (libbpf) and the
// kernel verifier's log of every program (verifier); `all` is every one of them.
import ArgumentParser
import Foundation
import SwtraceCore

enum DebugStages {
    static let names = ["ast", "codegen", "codegen-opt", "ir", "plan", "libbpf", "verifier"]

    /// The stages asked for, `all` expanded; unknown names are refused by name (bpftrace's `dis`
    /// disassembles its own debug builds' bytecode, which swtrace does not do).
    static func validate(_ stages: [String]) throws -> [String] {
        var result: [String] = []
        for stage in stages {
            let expanded = stage == "all" ? names : [stage]
            for name in expanded where !result.contains(name) {
                guard names.contains(name) else {
                    let hint = name == "dis" ? " (swtrace prints no disassembly; bpftool prog dump xlated shows a loaded program)" : ""
                    throw ValidationError("-d: unknown stage '\(name)'\(hint); stages are \(names.joined(separator: ", ")) and all.")
                }
                result.append(name)
            }
        }
        return result
    }

    static func wantsIR(_ stages: [String]) -> Bool {
        stages.contains("ir") || stages.contains("codegen") || stages.contains("codegen-opt")
    }

    /// A line per program (kind, probes, attach targets) and per map (keys, value, size).
    static func describe(_ plan: RuntimePlan) -> String {
        var lines: [String] = []
        for program in plan.programs {
            lines.append("program \(program.programName) (\(program.kind)): \(program.probeNames.joined(separator: ", "))")
            for target in program.targets { lines.append("  attach \(target)") }
        }
        for map in plan.maps {
            let keys = map.keyTypes.map(typeName).joined(separator: ", ")
            let value = typeName(map.value)
            lines.append("map \(map.name) [\(keys)] -> \(value)\(map.perCPU ? " per-cpu" : ""), at most \(map.maxEntries)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Short names for the plan: int64, uint8, string[16], count_t; other kinds as Swift shows them.
    static func typeName(_ type: SwType) -> String {
        switch type {
        case .integer(let bits, let signed): return (signed ? "int" : "uint") + "\(bits)"
        case .string(let size): return "string[\(size)]"
        case .aggregation(let aggregation): return "\(aggregation)".prefix { $0 != "(" } + "_t"
        default: return "\(type)"
        }
    }

    /// Every program's verifier log that libbpf printed while loading (it prints them when the
    /// kernel was asked for one).
    static func verifierLogs(in libbpfText: String) -> String {
        var logs: [String] = []
        var rest = Substring(libbpfText)
        while let begin = rest.range(of: "-- BEGIN PROG LOAD LOG --") {
            let lineStart = rest[..<begin.lowerBound].lastIndex(of: "\n").map { rest.index(after: $0) } ?? rest.startIndex
            let heading = rest[lineStart..<begin.lowerBound].trimmingCharacters(in: .whitespaces)
            rest = rest[begin.upperBound...]
            let end = rest.range(of: "-- END PROG LOAD LOG --")
            let body = rest[..<(end?.lowerBound ?? rest.endIndex)]
            logs.append(heading + "\n" + body.trimmingCharacters(in: .newlines))
            rest = end.map { rest[$0.upperBound...] } ?? ""
        }
        return logs.isEmpty ? "" : logs.joined(separator: "\n\n") + "\n"
    }
}
