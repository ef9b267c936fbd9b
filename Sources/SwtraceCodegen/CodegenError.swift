// Errors of the code generator: LLVM failures, and language features it cannot emit yet.
import SwtraceCore

public enum CodegenError: Error, CustomStringConvertible {
    case llvm(String)
    case unsupported(String, SourceRangeDescription)
    /// A use the kernel would refuse at load time, caught while emitting (message, location).
    case refused(String, SourceRangeDescription)
    /// A program's frame is over the BPF stack's 512 bytes even after moving its values to
    /// scratch memory (LLVM's message).
    case stackLimit(String)

    public var description: String {
        switch self {
        case .llvm(let message): return "LLVM: \(message)"
        case .stackLimit(let message): return "the program needs more than the BPF stack's 512 bytes (LLVM: \(message))"
        case .unsupported(let what, let location): return "\(location.text): \(what) is not supported by the code generator yet"
        case .refused(let message, let location): return "\(location.text): \(message)"
        }
    }
}

/// Where a codegen error comes from: a printable location, and the range so the command line can
/// render it like any other diagnostic (source line and underline).
public struct SourceRangeDescription: Sendable {
    public let text: String
    public var range: SourceRange?

    public init(text: String, range: SourceRange? = nil) {
        self.text = text
        self.range = range
    }
}

extension CodegenError {
    /// The error as a diagnostic when it points into the program.
    public var diagnostic: Diagnostic? {
        switch self {
        case .unsupported(let what, let location):
            guard let range = location.range else { return nil }
            return Diagnostic(id: "codegen-unsupported", message: "\(what) is not supported by the code generator yet",
                              range: range)
        case .refused(let message, let location):
            guard let range = location.range else { return nil }
            return Diagnostic(id: "codegen-refused", message: message, range: range)
        default:
            return nil
        }
    }
}
