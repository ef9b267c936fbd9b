// `fentry:bpf`/`fexit:bpf` on this host, which has no BPF trampolines: one error, no listing.
// They run for real in the guest kernel (GuestKernelTests: fentry-bpf).
import Foundation
import XCTest

final class RunningBPFProgramProbeTests: XCTestCase {
    func testWithoutTrampolinesTheBPFVariantIsOneErrorWithoutTracepointAdvice() throws {
        try Executables.requireRoot()
        try XCTSkipIf(FileManager.default.fileExists(atPath: "/sys/bus/event_source/devices/kprobe"), "this kernel has kprobes (and likely fentry)")

        let result = try Swtrace.runToEnd(["-e", "fexit:bpf:BEGIN_1 { @ = count(); } fentry:bpf:7:END_2 { @probes[probe] = count(); }"])

        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertEqual(result.stdout, "", result.transcript)
        XCTAssertEqual(result.stderr, """
            stdin:1:1-18: ERROR: this kernel does not support fexit (BPF trampolines), which fexit:bpf:BEGIN_1 needs
            fexit:bpf:BEGIN_1 { @ = count(); } fentry:bpf:7:END_2 { @probes[probe] = count(); }
            ~~~~~~~~~~~~~~~~~
            stdin:1:36-54: ERROR: this kernel does not support fentry (BPF trampolines), which fentry:bpf:7:END_2 needs
            fexit:bpf:BEGIN_1 { @ = count(); } fentry:bpf:7:END_2 { @probes[probe] = count(); }
                                               ~~~~~~~~~~~~~~~~~~

            """, result.transcript)

        let listing = try Swtrace.runToEnd(["-l", "fentry:bpf:*"])
        XCTAssertEqual(listing.status, 0, listing.transcript)
        XCTAssertEqual(listing.stdout, "", listing.transcript)
    }
}
