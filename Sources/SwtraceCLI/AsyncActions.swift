// What user space does for the asynchronous output functions: cat reads a file, system runs
// a command, errorf/warnf write a located message to stderr, join prints joined strings.
import Foundation
import SwtraceCore
import SwtraceOutput
import SwtraceRuntime

enum AsyncActions {
    /// The text an action prints and the stream it goes to; `render` formats printf-style.
    static func perform(_ action: AsyncAction, formatter: OutputFormatter, maxCatBytes: Int = ProgramSettings().maxCatBytes,
                        render: (String, [Value]) -> String) -> (text: String, stream: SwtraceOutput.OutputStream) {
        switch action {
        case .cat(let format, let arguments):
            let path = render(format, arguments)
            // The path's exact bytes (ByteText), and the file's: both need not be UTF-8.
            let fd = (ByteText.bytes(of: path) + [0]).withUnsafeBufferPointer {
                $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_RDONLY | O_CLOEXEC) }
            }
            guard fd >= 0 else {
                return ("ERROR: failed to open file '\(path)': \(String(cString: strerror(errno)))\n", .standardError)
            }
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            // As bpftrace, at most max_cat_bytes of the file.
            return (formatter.cat(ByteText.string(handle.readData(ofLength: maxCatBytes))), .standardOutput)
        case .system(let format, let arguments):
            return (formatter.syscall(run(render(format, arguments))), .standardOutput)
        case .message(let prefix, let format, let arguments):
            return (prefix + render(format, arguments) + "\n", .standardError)
        case .join(let text):
            return (formatter.join(text), .standardOutput)
        }
    }

    /// Runs a command line through /bin/sh and returns its standard output as written (the
    /// text printer ends it with exactly one newline; JSON keeps it as is, as bpftrace does).
    static func run(_ command: String) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { return "" }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ByteText.string(data)
    }
}
