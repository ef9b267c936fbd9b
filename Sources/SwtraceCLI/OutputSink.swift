// Where a session's output goes: standard output or the `-o` file; errors always go to stderr.
import Foundation
import SwtraceOutput

final class OutputSink {
    private let handle: FileHandle
    private let ownsHandle: Bool

    init(path: String?) throws {
        if let path {
            guard FileManager.default.createFile(atPath: path, contents: nil),
                  let handle = FileHandle(forWritingAtPath: path) else {
                throw SessionError("cannot open output file '\(path)' for writing")
            }
            self.handle = handle
            ownsHandle = true
        } else {
            handle = FileHandle.standardOutput
            ownsHandle = false
        }
    }

    deinit { if ownsHandle { try? handle.close() } }

    func write(_ text: String) {
        guard !text.isEmpty else { return }
        handle.write(Data(text.utf8))
    }

    func write(_ text: String, to stream: SwtraceOutput.OutputStream) {
        switch stream {
        case .standardOutput: write(text)
        case .standardError: writeError(text)
        }
    }
}

func writeError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}

struct SessionError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
