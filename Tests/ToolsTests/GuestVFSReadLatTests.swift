// vfsreadlat's fentry and kprobe variants, run for real in the guest kernel that has them
// (../shared/kvm): one boot, one run per probe type, each timing reads with known delays.
import Foundation
import XCTest

final class GuestVFSReadLatTests: XCTestCase {
    /// Starts the workload held, vfsreadlat on it, waits for its banner, then lets the reads run.
    /// Nothing here can wait forever (the guest is slow and may be slower still under load): the
    /// workload's pid is `$!`, the banner wait gives up when vfsreadlat has exited, and vfsreadlat
    /// is interrupted if it outlives its time.
    static func guestScript(_ bin: String) -> String {
        """
        run() {
          \(bin)/swtrace-workload wait-signal sleep-read 132 3 &
          pid=$!
          timeout -s INT 150 \(bin)/vfsreadlat "$@" -p "$pid" > /tmp/out 2>&1 &
          tool=$!
          for i in $(seq 600); do
            grep -q 'Hit Ctrl-C' /tmp/out && break
            kill -0 "$tool" 2>/dev/null || break
            sleep 0.2
          done
          kill -USR1 "$pid"
          wait "$pid" "$tool"
          cat /tmp/out
        }
        echo '=== auto'; run
        echo '=== kprobe'; run --probe-type kprobe
        echo '=== end'

        """
    }

    func testFentryAndKprobeVariantsInTheGuestKernel() throws {
        try Built.requireRoot("vfsreadlat")
        let runner = Built.packageRoot + "/Tests/guest-run.sh"  // serialises guest boots (its header)
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: runner), "no guest kernel runner at \(runner)")
        // The guest shares the host's files read-only, but not its /tmp.
        let script = Built.directory + "/vfsreadlat-guest.sh"
        try Self.guestScript(Built.directory).write(toFile: script, atomically: true, encoding: .utf8)
        let guest = try Child("/bin/bash", [runner, "--timeout", "400", "--", "bash", script])
        let result = guest.finish(timeout: 1700)
        try XCTSkipIf(result.status == 125, "the guest kernel could not start: \(result.transcript)")
        XCTAssertEqual(result.status, 0, result.transcript)

        let histogram = """
            Tracing vfs_read() latency... Hit Ctrl-C to end.


            @usecs:
            [128K, 256K)           3 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|


            """
        XCTAssertEqual(section("auto", of: result.stdout), """
            vfsreadlat: using fentry/fexit:vfs_read (this kernel has BTF and fentry trampolines)
            Attached 4 probes

            """ + histogram, result.transcript)
        XCTAssertEqual(section("kprobe", of: result.stdout), """
            vfsreadlat: using kprobe/kretprobe:vfs_read (--probe-type)
            Attached 4 probes

            """ + histogram, result.transcript)
    }

    /// The lines between `=== name` and the next `=== ` marker.
    func section(_ name: String, of output: String) -> String {
        var lines: [Substring] = []
        var inside = false
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("=== ") {
                if inside { break }
                inside = line == "=== \(name)"
            } else if inside {
                lines.append(line)
            }
        }
        return lines.map { $0 + "\n" }.joined()
    }
}
