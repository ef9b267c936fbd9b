// KernelCatalogue backed by the running kernel: tracefs for tracepoints, probes for features.

import Foundation
import SwtraceCore

public struct LiveKernelCatalogue: KernelCatalogue {
    public init() {}

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
}
