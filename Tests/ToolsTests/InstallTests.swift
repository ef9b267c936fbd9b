// `make install` / `make uninstall` with DESTDIR and PREFIX. The test installs the executables
// this test run already built (BUILT_BIN=...), so the suite never builds in release mode; a plain
// `make install` builds release first and installs the same set of files.
import Foundation
import XCTest

final class InstallTests: XCTestCase {
    static let executables = ["swtrace", "opensnoop", "readhist", "syscount", "vfsreadlat"]

    /// Every file `make install` must create, relative to DESTDIR.
    static func expectedFiles(prefix: String) -> [String] {
        var files: [String] = []
        for name in executables {
            files.append("\(prefix)/bin/\(name)")
            files.append("\(prefix)/share/man/man8/\(name).8")
            files.append("\(prefix)/share/bash-completion/completions/\(name)")
            files.append("\(prefix)/share/zsh/site-functions/_\(name)")
            files.append("\(prefix)/share/fish/vendor_completions.d/\(name).fish")
        }
        return files.sorted()
    }

    /// The regular files under `root`, relative to it, sorted.
    func files(under root: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var found: [String] = []
        while let path = walker.nextObject() as? String {
            if walker.fileAttributes?[.type] as? FileAttributeType == .typeRegular { found.append("/" + path) }
        }
        return found.sorted()
    }

    func make(_ arguments: [String]) throws -> Finished {
        try runTool("/usr/bin/make", ["--no-print-directory", "-C", Built.packageRoot] + arguments)
    }

    /// Without BUILT_BIN, install builds release executables with the Swift runtime linked in
    /// (installed, they must not need the toolchain), and installs that very build. Checked with
    /// `make -n`: building release here would double the suite's build time.
    func testInstallBuildsSelfContainedReleaseExecutables() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/make"), "make is not installed")
        let planned = try make(["-n", "install", "SWIFT=swift", "PREFIX=/usr/local", "DESTDIR=/tmp/never-used"])
        XCTAssertEqual(planned.status, 0, planned.transcript)
        XCTAssertTrue(planned.stdout.contains("then echo \"swift build -c release --static-swift-stdlib\"; "
                                              + "swift build -c release --static-swift-stdlib; fi"), planned.transcript)
        XCTAssertTrue(planned.stdout.contains("bin=$(swift build -c release --static-swift-stdlib --show-bin-path)"),
                      planned.transcript)
    }

    func testInstallIntoDestdirAndUninstall() throws {
        for name in Self.executables { try Built.require(name) }
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/make"), "make is not installed")
        let destdir = FileManager.default.temporaryDirectory.appendingPathComponent("swtrace-install-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: destdir) }
        let prefix = "/opt/swtrace-test"
        let common = ["DESTDIR=\(destdir)", "PREFIX=\(prefix)"]

        let installed = try make(["install", "BUILT_BIN=\(Built.directory)"] + common)
        XCTAssertEqual(installed.status, 0, installed.transcript)
        XCTAssertEqual(files(under: destdir), Self.expectedFiles(prefix: prefix), installed.transcript)

        // The executables are the built ones, runnable and mode 755; pages and scripts are 644 copies.
        for name in Self.executables {
            let binary = destdir + prefix + "/bin/" + name
            XCTAssertEqual(FileManager.default.contents(atPath: binary), FileManager.default.contents(atPath: Built.path(name)), name)
            XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: binary)[.posixPermissions] as? Int, 0o755, name)
            let page = destdir + prefix + "/share/man/man8/\(name).8"
            XCTAssertEqual(FileManager.default.contents(atPath: page),
                           FileManager.default.contents(atPath: Built.packageRoot + "/Man/\(name).8"), name)
            XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: page)[.posixPermissions] as? Int, 0o644, name)
        }
        let help = try runTool(destdir + prefix + "/bin/opensnoop", ["--help"])
        XCTAssertEqual(help.status, 0, help.transcript)
        XCTAssertTrue(help.stdout.hasPrefix("OVERVIEW: Trace open(), openat() and openat2() system calls."), help.transcript)

        let removed = try make(["uninstall"] + common)
        XCTAssertEqual(removed.status, 0, removed.transcript)
        XCTAssertEqual(removed.stdout, "uninstalled from \(destdir)\(prefix)\n", removed.transcript)
        XCTAssertEqual(files(under: destdir), [], removed.transcript)

        // A missing executable is an error, not a silently shorter install.
        let empty = destdir + "/empty-bin"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let failed = try make(["install", "BUILT_BIN=\(empty)"] + common)
        XCTAssertNotEqual(failed.status, 0, failed.transcript)
        XCTAssertTrue(failed.stderr.contains("error: \(empty)/swtrace is not built"), failed.transcript)
    }
}
