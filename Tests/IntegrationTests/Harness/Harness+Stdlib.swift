// Test programs compiled at test time for the standard library's tests (user stacks and
// symbols need functions whose names the test knows), and kernel symbol names to check
// symbolised kernel stacks against.
import Foundation
import XCTest

/// A C program built in a temporary directory with frame pointers and symbols.
struct CompiledCProgram {
    let directory: URL
    let path: String

    init(name: String, source: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("swtrace-c-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let sourceURL = directory.appendingPathComponent("\(name).c")
        try source.write(to: sourceURL, atomically: true, encoding: .utf8)
        path = directory.appendingPathComponent(name).path
        let candidates = ["/usr/bin/gcc", "/usr/bin/cc", "/usr/bin/clang", "/opt/swift/usr/bin/clang"]
        guard let compiler = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("no C compiler")
        }
        let build = Process()
        build.executableURL = URL(fileURLWithPath: compiler)
        build.arguments = ["-g", "-O0", "-fno-omit-frame-pointer", "-o", path, sourceURL.path]
        try build.run()
        build.waitUntilExit()
        guard build.terminationStatus == 0 else { throw XCTSkip("\(compiler) could not build \(name).c") }
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// A running process of a compiled program, stopped until `signal()`.
final class CProgramProcess {
    private let process = Process()

    init(_ program: CompiledCProgram, arguments: [String] = []) throws {
        process.executableURL = URL(fileURLWithPath: program.path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// Sends SIGUSR1 (the programs wait for it between phases).
    func signal() { kill(process.processIdentifier, SIGUSR1) }

    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }
}

enum KernelSymbolNames {
    /// Every function name in /proc/kallsyms.
    static func all() throws -> Set<String> {
        // /proc files report size 0: read them to the end rather than by their size.
        guard let handle = FileHandle(forReadingAtPath: "/proc/kallsyms") else { throw XCTSkip("no /proc/kallsyms") }
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        var names = Set<String>()
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 3)
            if parts.count >= 3 { names.insert(String(parts[2])) }
        }
        return names
    }
}

extension TraceResult {
    /// Frames of the stacks in the exit report: lines indented by 8 spaces, without `+offset`.
    var stackFrameNames: [String] {
        stdoutLines.filter { $0.hasPrefix("        ") }.map { line in
            let frame = line.trimmingCharacters(in: .whitespaces)
            return frame.split(separator: "+").first.map(String.init) ?? frame
        }
    }
}
