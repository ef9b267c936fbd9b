// buf() with a run-time length passes the kernel verifier: the clamp to the capacity bounds
// the read, at the default max_strlen and at 1024 (a buffer beyond the 512-byte stack), with
// -k's checks, and in map keys, map values, tuples and printf records.
import XCTest
import SwtraceCore
import SwtraceCodegen
import SwtraceRuntime

final class BufferVerifierTests: XCTestCase {
    override func setUpWithError() throws { try ProgramCompiling.requireRoot() }

    private func verify(_ text: String, maxStringSize: Int = 64, file: StaticString = #filePath, line: UInt = #line) throws {
        let source = SourceFile(name: "test.bt", text: text)
        let checked = try SemanticAnalyzer.analyze(try Parser.parse(source), source: source,
            options: SemanticOptions(catalogue: CompileOnlyCatalogue(), maxStringSize: maxStringSize))
        let compiled = try BPFCompiler.compile(checked, options: CompileOptions(possibleCPUs: 2))
        do {
            let loaded = try LoadedProgram(elf: compiled.elf, plan: compiled.plan, verbose: false, requireAttachableProbes: false)
            loaded.detachAll()
        } catch {
            XCTFail("verifier rejected: \(text)\n\(error)", file: file, line: line)
        }
    }

    private let program = """
        tracepoint:syscalls:sys_enter_write {
          printf("%r %rx %rh\\n", buf(args.buf, args.count), buf(args.buf, args.count), buf(args.buf, (int32)args.fd));
          @keys[buf(args.buf, args.count)] = count();
          @values[tid] = buf(args.buf, args.count - 1);
          @tuples[tid] = ((uint8)1, buf(args.buf, args.count), "\\xff");
          $b = buf(args.buf, args.count);
          print($b);
        }
        """

    func testRunTimeLengthAtTheDefaultCapacity() throws {
        try verify(program)
    }

    func testRunTimeLengthOf1020Bytes() throws {
        try verify(program, maxStringSize: 1024)
    }

    func testRunTimeLengthWithHelperErrorChecks() throws {
        HelperErrorChecks.enabled = true
        defer { HelperErrorChecks.enabled = false }
        try verify(program)
    }

    func testArraysAndStringsWithARunTimeLength() throws {
        try verify("""
            tracepoint:syscalls:sys_enter_write {
              printf("%r %r\\n", buf(comm, args.fd), buf("\\xab\\xcd", args.count));
            }
            """)
    }
}
