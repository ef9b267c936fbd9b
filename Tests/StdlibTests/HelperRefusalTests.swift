// Which helper a verifier log says was refused: the CLI then reports the refusal at the call
// that needs the helper (see SwtraceCLI/HelperRefusal.swift; the guest checks it end to end).
import XCTest
@testable import SwtraceRuntime

final class HelperRefusalTests: XCTestCase {
    private func refused(_ log: String) -> String? { RuntimeError.loadFailed(reason: "Invalid argument", log: log).refusedHelper }

    func testHelperNotAllowedInThisProbe() {
        XCTAssertEqual(refused("""
            11: (07) r1 += 16                     ; R1_w=ptr_file(off=16,imm=0)
            14: (b7) r3 = 64                      ; R3_w=64
            15: (85) call bpf_d_path#147
            helper call is not allowed in probe
            processed 16 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0
            """), "d_path")
    }

    func testHelperUnknownToTheKernelOrProgramType() {
        XCTAssertEqual(refused("0: (85) call bpf_ktime_get_tai_ns#208\nunknown func bpf_ktime_get_tai_ns#208\n"), "ktime_get_tai_ns")
        XCTAssertEqual(refused("3: (85) call bpf_get_socket_cookie#46\nprogram of this type cannot use helper bpf_get_socket_cookie#46\n"),
                       "get_socket_cookie")
    }

    func testOtherRefusalsNameNoHelper() {
        XCTAssertNil(refused("5: (85) call bpf_probe_read_kernel#113\n6: (79) r1 = *(u64 *)(r0 +0)\nR0 invalid mem access 'scalar'\n"))
        XCTAssertNil(RuntimeError.attachFailed(probe: "kprobe:x", reason: "no such function").refusedHelper)
    }
}
