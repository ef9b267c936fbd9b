// Where a session's output goes: standard output or the `-o` file; errors always go to stderr.
import Foundation
import Glibc
import SwtraceCore
import SwtraceOutput

/// Output is collected and written in batches: one write(2) per batch of events instead of
/// one per printf line, which at high event rates costs more than everything else together.
/// The run loop flushes after each poll, so lines still appear as soon as their events do.
final class OutputSink {
    private let handle: FileHandle
    private let ownsHandle: Bool
    private var pending: [UInt8] = []
    private static let flushThreshold = 64 * 1024

    private let mode: BufferMode
    /// Keeps everything (stderr's messages too) in `pending` for `takeCaptured()`: a test:NAME
    /// probe's output, shown only if it fails.
    private var capturing = false

    /// A sink that writes nothing, holding the output for `takeCaptured()`.
    static func capturing() -> OutputSink {
        let sink = try! OutputSink(path: nil, mode: .full)  // no path: cannot fail
        sink.capturing = true
        return sink
    }

    /// The captured text, emptying the capture.
    func takeCaptured() -> String {
        defer { pending.removeAll() }
        return ByteText.string(pending)
    }

    init(path: String?, mode: BufferMode = .line) throws {
        self.mode = mode
        if let path {
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw SessionError("cannot open output file '\(path)' for writing: \(String(cString: strerror(errno)))")
            }
            handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
            ownsHandle = true
        } else {
            handle = FileHandle.standardOutput
            ownsHandle = false
        }
    }

    deinit {
        if capturing { return }
        flush()
        if ownsHandle { try? handle.close() }
    }

    func write(_ text: String) {
        guard !text.isEmpty else { return }
        // Strings carry bytes that are not UTF-8 as ByteText scalars: they leave as those bytes.
        ByteText.append(text, to: &pending)
        if mode == .none || pending.count >= Self.flushThreshold { flush() }
    }

    /// Lets `body` append its UTF-8 text straight to the pending bytes (printf's hot path).
    func write(appending body: (inout [UInt8]) -> Void) {
        let before = pending.count
        body(&pending)
        guard pending.count > before else { return }
        if mode == .none || pending.count >= Self.flushThreshold { flush() }
    }

    /// The run loop's flush after each batch of events; `-B full` waits for a full block.
    func endOfBatch() {
        if mode != .full { flush() }
    }

    func write(_ text: String, to stream: SwtraceOutput.OutputStream) {
        switch stream {
        case .standardOutput: write(text)
        case .standardError where capturing:
            write(text)
        case .standardError:
            // Keep the order the user sees when both streams go to one terminal.
            flush()
            writeError(text)
        }
    }

    func flush() {
        guard !pending.isEmpty, !capturing else { return }
        let fd = handle.fileDescriptor
        pending.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // a closed pipe or full disk: nothing useful left to do with the output
                }
                offset += written
            }
        }
        pending.removeAll(keepingCapacity: true)
    }
}

/// Every message for stderr passes here: errors and warnings get their colour on a terminal.
func writeError(_ text: String) {
    let shown = TerminalColour.stderrIsColourTerminal ? TerminalColour.colourise(text) : text
    FileHandle.standardError.write(Data(ByteText.bytes(of: shown)))
}

struct SessionError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
