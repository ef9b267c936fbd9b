// Compiles small C programs at test time (gcc, or the clang shipped with the Swift toolchain),
// so symbol tests run on binaries whose functions they know.

import Foundation
import XCTest

struct CProgramBuilder {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("swtrace-stdlib-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// Builds `source` into an executable named `name`; `flags` are extra compiler flags.
    func build(_ name: String, source: String, flags: [String] = []) throws -> String {
        guard let compiler = Self.compiler else { throw XCTSkip("no C compiler (gcc or clang) on PATH") }
        let sourceURL = directory.appendingPathComponent("\(name).c")
        try source.write(to: sourceURL, atomically: true, encoding: .utf8)
        let output = directory.appendingPathComponent(name).path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: compiler)
        process.arguments = ["-g", "-O0", "-fno-omit-frame-pointer"] + flags + ["-o", output, sourceURL.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw XCTSkip("\(compiler) could not build the test program") }
        return output
    }

    static let compiler: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/bin", "/opt/swift/usr/bin"]
        for name in ["gcc", "clang", "cc"] {
            for directory in directories where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return "\(directory)/\(name)"
            }
        }
        return nil
    }()
}
