// Diagnostics as typed values: an id, a severity, a message, a source range and hints.
// Rendering to text lives in DiagnosticRenderer.swift; messages are built in DiagnosticCatalogue.swift.

public enum Severity: String, Sendable {
    case error = "ERROR"
    case warning = "WARNING"
}

public struct Diagnostic: Error, Sendable, Equatable {
    /// Stable identifier, e.g. "unknown-builtin"; tests and docs refer to it.
    public let id: String
    public let severity: Severity
    public let message: String
    public let range: SourceRange
    public let hints: [String]

    public init(id: String, severity: Severity = .error, message: String, range: SourceRange, hints: [String] = []) {
        self.id = id
        self.severity = severity
        self.message = message
        self.range = range
        self.hints = hints
    }
}

/// Thrown by a stage that found one or more errors; carries every diagnostic it collected.
public struct DiagnosticError: Error, Sendable {
    public let diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
}

/// Accumulates diagnostics for a stage so several errors can be reported in one run.
public struct DiagnosticSink: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []
    public init() {}
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    public mutating func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }
    public func throwIfErrors() throws {
        if hasErrors { throw DiagnosticError(diagnostics) }
    }
}
