// Man/<executable>.8 for swtrace and every tool: lint-clean, and documenting every option --help shows.
import Foundation
import XCTest

final class ManPageTests: XCTestCase {
    static let executables = ["swtrace", "opensnoop", "syscount", "readhist", "vfsreadlat"]

    func page(_ executable: String) throws -> String {
        try String(contentsOfFile: Built.packageRoot + "/Man/\(executable).8", encoding: .utf8)
    }

    func testPagesAreMandocLintClean() throws {
        let mandoc = ["/usr/bin/mandoc", "/usr/local/bin/mandoc"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let path = try XCTUnwrap(mandoc, "mandoc is not installed (make deps installs it)")
        for executable in Self.executables {
            let result = try runTool(path, ["-Tlint", Built.packageRoot + "/Man/\(executable).8"])
            XCTAssertEqual(result.status, 0, "\(executable).8: \(result.transcript)")
            XCTAssertEqual(result.stdout + result.stderr, "", "\(executable).8")
        }
    }

    func testPagesHaveTheUsualSections() throws {
        for executable in Self.executables {
            let headings = try page(executable).split(separator: "\n").filter { $0.hasPrefix(".SH ") }.map { $0.dropFirst(4) }
            var expected = ["NAME", "SYNOPSIS", "DESCRIPTION", "REQUIREMENTS", "OPTIONS", "EXAMPLES", "OVERHEAD", "SEE ALSO"]
            if executable == "swtrace" {
                expected.insert("LANGUAGE", at: 5)
            } else {
                expected.insert("FIELDS", at: 6)
            }
            XCTAssertEqual(headings, expected.map { Substring($0) }, executable)
        }
    }

    func testEveryOptionInHelpIsInThePage() throws {
        for executable in Self.executables {
            try Built.require(executable)
            let help = try runTool(executable, ["--help"])
            XCTAssertEqual(help.status, 0, help.transcript)
            let short = try runTool(executable, ["-h"])
            XCTAssertEqual(short.stdout, help.stdout, "\(executable) -h")
            XCTAssertEqual(short.status, 0, short.transcript)
            // The tools name themselves and the swtrace they are built from.
            let version = try runTool(executable, ["-V"])
            let swtrace = try runTool("swtrace", ["--version"]).stdout.trimmingCharacters(in: .newlines)
            XCTAssertTrue(swtrace.hasPrefix("swtrace v"), swtrace)
            XCTAssertEqual(version.stdout, executable == "swtrace" ? "\(swtrace)\n" : "\(executable) (\(swtrace))\n",
                           version.transcript)
            let options = Self.options(inHelp: help.stdout)
            XCTAssertTrue(options.contains("-h"), "\(executable): \(options)")
            let text = Self.plainText(try page(executable))
            for option in options {
                XCTAssertNotNil(text.range(of: #"(^|[^A-Za-z0-9-])"# + NSRegularExpression.escapedPattern(for: option)
                                           + #"($|[^A-Za-z0-9-])"#, options: .regularExpression),
                                "\(executable).8 does not document \(option)")
            }
        }
    }

    /// `-p`, `--pid`, ... from the OPTIONS section of `--help`.
    static func options(inHelp help: String) -> Set<String> {
        var options: Set<String> = []
        var inOptions = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasSuffix(":"), !line.hasPrefix(" ") { inOptions = line == "OPTIONS:" }
            guard inOptions, line.hasPrefix("  -") else { continue }
            let names = line.drop { $0 == " " }
            for word in names.split(separator: " ") {
                let token = word.trimmingCharacters(in: CharacterSet(charactersIn: ","))
                if token.hasPrefix("-") { options.insert(token) } else { break }
            }
        }
        return options
    }

    /// The page source without font escapes, with `\-` as `-`.
    static func plainText(_ page: String) -> String {
        page.replacingOccurrences(of: #"\\f[BIRP]"#, with: "", options: .regularExpression)
            .replacingOccurrences(of: "\\-", with: "-")
    }
}
