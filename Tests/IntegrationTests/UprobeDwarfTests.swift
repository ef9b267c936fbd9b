// uprobes on a binary with DWARF: `-lv` lists each function's parameters as bpftrace (libdw)
// spells them, and `args.NAME` reads them from their registers at the function's entry.
import Foundation
import XCTest

final class UprobeDwarfTests: XCTestCase {
    static let source = """
        struct point { int x, y; };
        typedef unsigned long counter_t;
        __attribute__((noinline)) int add(int a, long b) { __asm__ volatile(""); return a + b; }
        __attribute__((noinline)) void show(const char *prompt, char *const fixed, struct point *p, counter_t n,
                                            void *opaque, const struct point *cp) { __asm__ volatile(""); }
        __attribute__((noinline)) unsigned char narrow(unsigned char c, short s, _Bool flag, double d, int after) {
            __asm__ volatile(""); return c + s + flag + (int)d + after;
        }
        int main(int argc, char **argv) {
            struct point p = {1, 2};
            for (int i = 0; i < 3; i++) show(argv[1], 0, &p, 40 + i, 0, &p);
            return add(argc, -2) + narrow(200, -300, 1, 3.0, 7) == 0;
        }
        """

    /// The program built with -g (DWARF 5, gcc's default, unless `dwarfVersion` says) in a fresh directory.
    private func buildProgram(dwarfVersion: Int? = nil) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/gcc") else { throw XCTSkip("gcc is not installed") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swtrace-dwarf-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let sourceFile = directory.appendingPathComponent("dwarf.c")
        try Self.source.write(to: sourceFile, atomically: true, encoding: .utf8)
        let output = directory.appendingPathComponent("dwarf\(dwarfVersion.map(String.init) ?? "")").path
        let compiler = Process()
        compiler.executableURL = URL(fileURLWithPath: "/usr/bin/gcc")
        compiler.arguments = ["-g"] + (dwarfVersion.map { ["-gdwarf-\($0)"] } ?? []) + ["-O0", "-o", output, sourceFile.path]
        try compiler.run()
        compiler.waitUntilExit()
        guard compiler.terminationStatus == 0 else { throw HarnessError(description: "gcc failed") }
        return output
    }

    func testVerboseListingShowsParametersFromDwarf() throws {
        try Executables.requireRoot()
        for version in [nil, 4] {
            try checkVerboseListing(try buildProgram(dwarfVersion: version))
        }
    }

    private func checkVerboseListing(_ program: String) throws {
        let result = try Swtrace.runToEnd(["-lv", "uprobe:\(program):[asn]*"], timeout: 30)

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdout, """
            uprobe:\(program):add
                int a
                long int b
            uprobe:\(program):narrow
                unsigned char c
                short int s
                _Bool flag
                double d
                int after
            uprobe:\(program):show
                const char* prompt
                char* const fixed
                struct point* p
                counter_t n
                void* opaque
                const struct point* cp

            """, result.transcript)
    }

    /// Values as the caller passed them, with their C types: sign of narrow integers, strings
    /// through char pointers; parameters after a floating-point one have no field.
    func testArgsReadParametersInTheirRegisters() throws {
        try Executables.requireRoot()
        let program = try buildProgram()
        let script = """
            uprobe:\(program):show { printf("%s %d %d\\n", str(args.prompt), args.n, args.p == args.cp); }
            uprobe:\(program):add { @add[args.a, args.b] = count(); }
            uprobe:\(program):narrow { @narrow[args.c, args.s, args.flag] = count(); }
            """

        let result = try Swtrace.runToEnd(["-q", "-e", script, "-c", "\(program) hello"])

        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.report, """
            hello 40 1
            hello 41 1
            hello 42 1


            @add[2, -2]: 1
            @narrow[200, -300, 1]: 1
            """, result.transcript)

        let missing = try Swtrace.runToEnd(["-e", "uprobe:\(program):narrow { @ = args.after; }"])
        XCTAssertEqual(missing.status, 1, missing.transcript)
        XCTAssertTrue(missing.stderr.contains("has no field named 'after'"), missing.transcript)
    }

    /// Without DWARF there are no `args`: one error naming the binary, as bpftrace words it.
    func testArgsWithoutDebugInfoIsAnError() throws {
        try Executables.requireRoot()
        let result = try Swtrace.runToEnd(["-e", #"uprobe:/bin/bash:readline { printf("%s\n", str(args.prompt)); }"#])

        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertEqual(result.stderr, #"""
            stdin:1:48-59: ERROR: No debuginfo found for /bin/bash
            uprobe:/bin/bash:readline { printf("%s\n", str(args.prompt)); }
                                                           ~~~~~~~~~~~
            HINT: read the registers with arg0, arg1, ... instead

            """#, result.transcript)
    }
}
