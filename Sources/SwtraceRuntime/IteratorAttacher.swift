// iter probes: the program is linked to its iterator, and reading an iterator file made from
// the link runs it over every object. The read happens on its own thread so the event loop
// drains the ring buffer while the iterator fills it; the program's closing call (no object)
// sends exit, which ends the run once every object has been seen.

import CLibbpf
import Foundation
import Glibc
import SwtraceCore

enum IteratorAttacher: ProbeAttacher {
    static func handles(_ target: AttachTarget) -> Bool {
        if case .iterator = target { return true }
        return false
    }

    static func missingFeature(for target: AttachTarget, features: KernelFeatures) -> String? {
        features.btf ? nil : "BPF iterators (kernel BTF)"
    }

    /// Links the program to its iterator; the iteration itself starts with `start(link:probe:)`.
    static func attach(program: OpaquePointer, target: AttachTarget, probe: String) throws -> [OpaquePointer] {
        [try requireLink(bpf_program__attach_iter(program, nil), probe: probe)]
    }

    /// Runs the iteration: bpftrace runs BEGIN first, so the session calls this after BEGIN.
    static func start(link: OpaquePointer, probe: String) throws {
        let fd = bpf_iter_create(bpf_link__fd(link))
        guard fd >= 0 else {
            throw RuntimeError.attachFailed(probe: probe, reason: "bpf_iter_create: \(errnoDescription(errno))")
        }
        // The program prints through the ring buffer, so what the file itself holds is discarded.
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            var failure: Int32?
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count > 0 || (count < 0 && errno == EINTR) { continue }
                if count < 0 { failure = errno }
                break
            }
            close(fd)
            endRunIfStillGoing(probe: probe, failure: failure)
        }
        reader.start()
    }

    /// The closing call's exit event normally ends the run. If reading failed, that call never
    /// came; if the ring buffer was full, its event was lost: either way SIGTERM ends the run
    /// as Ctrl-C would (the process is gone by then when all went well).
    private static func endRunIfStillGoing(probe: String, failure: Int32?) {
        if let failure {
            let message = "ERROR: reading iterator \(probe) failed: \(errnoDescription(failure))\n"
            _ = message.withCString { write(STDERR_FILENO, $0, strlen($0)) }
        } else {
            sleep(5)
        }
        kill(getpid(), SIGTERM)
    }
}
