// Where user-space and kernel-function probes point: libraries by name, USDT notes and
// argument specifications, and kernel function prototypes from BTF.

import Foundation
import Glibc
import SwtraceCore
@testable import SwtraceRuntime
import XCTest

final class ProbeTargetResolutionTests: XCTestCase {
    /// The libc this test process runs, from its own maps.
    func mappedLibc() throws -> String {
        let maps = try readTextFile("/proc/self/maps")
        let path = maps.split(separator: "\n").compactMap { line -> String? in
            guard let slash = line.firstIndex(of: "/") else { return nil }
            let path = String(line[slash...])
            return path.hasSuffix("/libc.so.6") ? path : nil
        }.first
        return try XCTUnwrap(path)
    }

    func testLibrariesResolveThroughTheLoaderCacheAndProcessMaps() throws {
        let cached = try XCTUnwrap(BinaryResolver.resolve("libc"))
        XCTAssertTrue(cached.hasSuffix("/libc.so.6"), cached)
        XCTAssertEqual(BinaryResolver.resolve("libc.so.6"), cached)
        XCTAssertEqual(URL(fileURLWithPath: cached).resolvingSymlinksInPath(), URL(fileURLWithPath: try mappedLibc()).resolvingSymlinksInPath())
        XCTAssertEqual(LiveKernelCatalogue(pid: getpid()).resolveBinary("libc"), try mappedLibc())
        XCTAssertEqual(BinaryResolver.resolve("bash"), "/usr/bin/bash")
        XCTAssertNil(BinaryResolver.resolve("libswtrace-no-such-library"))
        XCTAssertNil(BinaryResolver.resolve("/no/such/file"))
    }

    func testUSDTNotesParseAddressesSemaphoresAndArguments() {
        // One note as <sys/sdt.h> writes it: namesz 8, descsz, type 3, "stapsdt\0", then
        // pc, base, semaphore, "prov\0name\0args\0", padded to 4 bytes.
        func le(_ value: UInt64, _ bytes: Int) -> [UInt8] { (0..<bytes).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        let strings = Array("prov\0tick\0-4@%edi 8@-16(%rbp) 4@$5\0".utf8)
        var description = le(0x1200, 8) + le(0x2000, 8) + le(0x4010, 8) + strings
        let descriptionSize = description.count
        while description.count % 4 != 0 { description.append(0) }
        let note = le(8, 4) + le(UInt64(descriptionSize), 4) + le(3, 4) + Array("stapsdt\0".utf8) + description
        let sites = USDTNotes.parse(note, path: "/bin/x", actualBase: 0x2100)
        XCTAssertEqual(sites, [USDTProbeSite(path: "/bin/x", provider: "prov", name: "tick", address: 0x1300,
                                             semaphoreAddress: 0x4110, arguments: ["-4@%edi", "8@-16(%rbp)", "4@$5"])])
    }

    /// An argument specification's meaning, for comparison.
    struct Spec: Equatable {
        var size: Int, isSigned: Bool, location: USDTArgument.Location
        init(_ size: Int, _ isSigned: Bool, _ location: USDTArgument.Location) { self.size = size; self.isSigned = isSigned; self.location = location }
        init?(_ text: String) {
            guard let argument = USDTArgument(text) else { return nil }
            self.init(argument.size, argument.isSigned, argument.location)
        }
    }

    func testUSDTArgumentSpecifications() {
        XCTAssertEqual(Spec("-4@%edi"), Spec(4, true, .register(ptRegsOffset: 112)))
        XCTAssertEqual(Spec("8@%r12"), Spec(8, false, .register(ptRegsOffset: 24)))
        XCTAssertEqual(Spec("8@-16(%rbp)"),
                       Spec(8, false, .memory(ptRegsOffset: 32, displacement: -16)))
        XCTAssertEqual(Spec("2@(%rax)"), Spec(2, false, .memory(ptRegsOffset: 80, displacement: 0)))
        XCTAssertEqual(Spec("4@$5"), Spec(4, false, .constant(5)))
        XCTAssertNil(Spec("3@%eax"))
        XCTAssertNil(Spec("8@8(%rax,%rbx,4)"))
    }

    /// vfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos) -> ssize_t.
    func testKernelFunctionPrototypesFromBTF() throws {
        try XCTSkipUnless(FileManager.default.fileExists(atPath: "/sys/kernel/btf/vmlinux"), "no kernel BTF")
        let prototype = try XCTUnwrap(FunctionPrototypes.prototype(of: "vfs_read"))
        XCTAssertEqual(FunctionPrototypes.declarations(prototype),
                       ["struct file * file", "char * buf", "size_t count", "loff_t * pos", "ssize_t retval"])
        XCTAssertEqual(prototype.parameters.map(\.offset), [0, 8, 16, 24])
        XCTAssertEqual(prototype.parameters[2].size, 8)
        XCTAssertEqual(prototype.returnType, TracepointField(name: "retval", cType: "ssize_t", offset: 32, size: 8, isSigned: true))
        XCTAssertNil(FunctionPrototypes.prototype(of: "swtrace_no_such_kernel_function"))
        XCTAssertTrue(FunctionPrototypes.allFunctions().contains("vfs_read"))
    }
}

final class KernelFeatureReportTests: XCTestCase {
    func testProbeTypesReportNamesEveryProbeType() throws {
        try BPFFixtures.requireRoot()
        let lines = KernelFeatureProbe.probeTypesReport.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "Probe types")
        XCTAssertEqual(lines.dropFirst().map { String($0.split(separator: ":")[0]) },
                       ["  kprobe", "  uprobe", "  tracepoint", "  rawtracepoint", "  perf_event", "  hardware", "  fentry", "  watchpoint", "  iter"])
        let kprobes = FileManager.default.fileExists(atPath: "/sys/bus/event_source/devices/kprobe")
        XCTAssertTrue(lines.contains("  kprobe: \(kprobes ? "yes" : "no")"))
        XCTAssertTrue(lines.contains("  tracepoint: yes"))
    }
}
