// vfsreadlat on this host (tracepoints) against swtrace-workload reading with known delays,
// and its probe choice for every kind of kernel (GuestVFSReadLatTests runs fentry and kprobes).
import Foundation
import SwtraceCLI
import SwtraceCore
import XCTest

final class VFSReadLatTests: XCTestCase {
    static let banner = "Tracing vfs_read() latency... Hit Ctrl-C to end."

    func testBucketOfKnownDelaysAndTheProbeChoice() throws {
        try Built.requireRoot("vfsreadlat")
        // Three reads of a timerfd that each block for 132 ms: 132000 us is in [128K, 256K). A
        // timer never fires early, so the delays sit just above a bucket's start: a loaded machine
        // that wakes the reader late still has 130 ms before the next bucket.
        let workload = try HeldWorkload(["sleep-read", "132", "3"])
        let result = try trace("vfsreadlat", ["-p", String(workload.pid)], header: Self.banner, workload: workload)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdout, """
            Tracing vfs_read() latency... Hit Ctrl-C to end.


            @usecs:
            [128K, 256K)           3 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|


            """, result.transcript)
        let reason = result.stderr.split(separator: "\n").filter { $0.hasPrefix("vfsreadlat: ") }
        XCTAssertEqual(reason.count, 1, result.transcript)
        if !kprobesAvailable {
            XCTAssertEqual(result.stderr, "vfsreadlat: using tracepoint:syscalls:sys_enter_read/sys_exit_read "
                           + "(this kernel has neither fentry nor kprobes)\nAttached 4 probes\n", result.transcript)
        }

        let inMilliseconds = try HeldWorkload(["sleep-read", "132", "2", "sleep-read", "66", "1"])
        let mResult = try trace("vfsreadlat", ["-p", String(inMilliseconds.pid), "-m"], header: Self.banner,
                                workload: inMilliseconds)
        XCTAssertEqual(mResult.stdout, """
            Tracing vfs_read() latency... Hit Ctrl-C to end.


            @msecs:
            [64, 128)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
            [128, 256)             2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|


            """, mResult.transcript)
    }

    /// -u (the default unit, said explicitly) with -i: each interval prints and resets the histogram.
    func testMicrosecondsEveryInterval() throws {
        try Built.requireRoot("vfsreadlat")
        let workload = try HeldWorkload(["sleep-read", "132", "2", "sleep", "2500", "sleep-read", "132", "1"])
        let result = try trace("vfsreadlat", ["-p", String(workload.pid), "-u", "-i", "1"], header: Self.banner,
                               workload: workload)
        XCTAssertEqual(result.status, 0, result.transcript)
        let counts = result.lines.filter { $0.hasPrefix("[128K, 256K)") }.compactMap {
            Int($0.dropFirst(16).prefix(8).trimmingCharacters(in: .whitespaces))
        }
        XCTAssertEqual(counts.reduce(0, +), 3, result.transcript)
        XCTAssertGreaterThanOrEqual(counts.count, 2, result.transcript)
        XCTAssertEqual(result.lines.filter { $0.hasPrefix("@") }.count, counts.count, result.transcript)
        XCTAssertTrue(result.lines.filter { $0.hasPrefix("@") }.allSatisfy { $0 == "@usecs:" }, result.transcript)
        let stamps = result.lines.filter { $0.range(of: #"^\d\d:\d\d:\d\d$"#, options: .regularExpression) != nil }
        XCTAssertGreaterThanOrEqual(stamps.count, 1, result.transcript)
    }

    /// -d ends the run while the traced process still lives; -f json -o FILE writes the records.
    func testDurationJSONAndOutputFile() throws {
        try Built.requireRoot("vfsreadlat")
        let workload = try HeldWorkload(["sleep-read", "132", "3", "wait-signal"])
        let started = Date()
        let result = try traceToFile("vfsreadlat", ["-p", String(workload.pid), "-d", "3", "-f", "json"],
                                     header: "attached_probes", workload: workload, waitForWorkload: false)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertLessThan(Date().timeIntervalSince(started), 20, result.transcript)
        XCTAssertTrue(workload.child.running, "the workload is still held at its second wait-signal")
        XCTAssertEqual(result.stdout, """
            {"type": "attached_probes", "count": 5, "data": {"probes": 5}}
            {"type": "printf", "data": "Tracing vfs_read() latency... Hit Ctrl-C to end.\\n"}
            {"type": "hist", "data": {"@usecs": [{"min": 131072, "max": 262143, "count": 3}]}}

            """, result.transcript)
    }

    /// kprobes exist when tracefs lists kprobe events (this host has none).
    var kprobesAvailable: Bool {
        FileManager.default.fileExists(atPath: "/sys/kernel/tracing/kprobe_events")
    }

    /// The choice and its reason for each kind of kernel (the host and the guest run two of them).
    func testProbeChoiceForEachKernel() {
        let cases: [(KernelFeatures, VFSReadProbes, String)] = [
            (KernelFeatures(kprobes: true, fentry: true, btf: true, ringBuffer: true), .fentry,
             "using fentry/fexit:vfs_read (this kernel has BTF and fentry trampolines)"),
            (KernelFeatures(kprobes: true, fentry: false, btf: true, ringBuffer: true), .kprobe,
             "using kprobe/kretprobe:vfs_read (this kernel has kprobes but no fentry)"),
            (KernelFeatures(kprobes: false, fentry: false, btf: true, ringBuffer: true), .tracepoint,
             "using tracepoint:syscalls:sys_enter_read/sys_exit_read (this kernel has neither fentry nor kprobes)"),
        ]
        for (features, probes, reason) in cases {
            XCTAssertEqual(VFSReadProbes.choose(features), probes)
            XCTAssertEqual(probes.reason, reason)
        }
    }

    /// A kernel catalogue with given features that knows vfs_read in BTF and/or as traceable.
    struct FakeKernel: KernelCatalogue {
        var features: KernelFeatures
        var inBTF: Bool
        var traceable: Bool
        func tracepoints(category: String, name: String) throws -> [(category: String, name: String)] { [] }
        func tracepointFormat(category: String, name: String) throws -> TracepointFormat? { nil }
        func kernelFunctions(matching pattern: String) throws -> [String] { traceable ? ["vfs_read"] : [] }
        func kernelFunctionPrototype(_ name: String) throws -> FunctionPrototype? {
            inBTF ? FunctionPrototype(name: name, parameters: [], returnType: nil) : nil
        }
    }

    /// The features are not enough: vfs_read itself must be in BTF (fentry) or traceable (kprobe).
    func testChoiceNeedsVFSReadItself() {
        let full = KernelFeatures(kprobes: true, fentry: true, btf: true, ringBuffer: true)
        let kprobesOnly = KernelFeatures(kprobes: true, fentry: false, btf: true, ringBuffer: true)
        let neither = KernelFeatures(kprobes: false, fentry: false, btf: true, ringBuffer: true)
        let tracepoint = "using tracepoint:syscalls:sys_enter_read/sys_exit_read "
        let cases: [(FakeKernel, VFSReadProbes, String)] = [
            (FakeKernel(features: full, inBTF: true, traceable: true), .fentry,
             "using fentry/fexit:vfs_read (this kernel has BTF and fentry trampolines)"),
            (FakeKernel(features: full, inBTF: false, traceable: true), .kprobe,
             "using kprobe/kretprobe:vfs_read (this kernel's BTF does not describe vfs_read, which fentry needs)"),
            (FakeKernel(features: kprobesOnly, inBTF: true, traceable: true), .kprobe,
             "using kprobe/kretprobe:vfs_read (this kernel has kprobes but no fentry)"),
            (FakeKernel(features: full, inBTF: false, traceable: false), .tracepoint,
             tracepoint + "(vfs_read cannot be probed on this kernel)"),
            (FakeKernel(features: kprobesOnly, inBTF: true, traceable: false), .tracepoint,
             tracepoint + "(vfs_read cannot be probed on this kernel)"),
            (FakeKernel(features: neither, inBTF: true, traceable: true), .tracepoint,
             tracepoint + "(this kernel has neither fentry nor kprobes)"),
        ]
        for (kernel, probes, reason) in cases {
            let chosen = VFSReadProbes.choose(on: kernel)
            XCTAssertEqual(chosen.probes, probes, "\(kernel)")
            XCTAssertEqual(chosen.reason, reason, "\(kernel)")
        }
    }

    /// Which forced probe types each kind of kernel refuses, and why.
    func testUnavailableProbeTypes() {
        let full = KernelFeatures(kprobes: true, fentry: true, btf: true, ringBuffer: true)
        let kprobesOnly = KernelFeatures(kprobes: true, fentry: false, btf: true, ringBuffer: true)
        let neither = KernelFeatures(kprobes: false, fentry: false, btf: true, ringBuffer: true)
        XCTAssertEqual(VFSReadProbes.allCases.map { $0.unavailable(on: full) }, [nil, nil, nil])
        XCTAssertEqual(VFSReadProbes.allCases.map { $0.unavailable(on: kprobesOnly) },
                       ["this kernel has no fentry (BPF trampolines)", nil, nil])
        XCTAssertEqual(VFSReadProbes.allCases.map { $0.unavailable(on: neither) },
                       ["this kernel has no fentry (BPF trampolines)", "this kernel has no kprobes", nil])
    }

    /// --probe-type naming probes this kernel lacks is refused in one line about the option, not
    /// with diagnostics about lines of the generated program; --emit still prints the program.
    func testForcedProbeTypeThisKernelLacks() throws {
        try Built.requireRoot("vfsreadlat")
        try XCTSkipIf(kprobesAvailable, "this kernel has kprobes: the refusal is for kernels without them")
        for (type, missing) in [("fentry", "no fentry (BPF trampolines)"), ("kprobe", "no kprobes")] {
            let result = try runTool("vfsreadlat", ["--probe-type", type, "-d", "1"])
            XCTAssertEqual(result.status, 1, result.transcript)
            XCTAssertEqual(result.stdout, "", result.transcript)
            XCTAssertEqual(result.stderr, "ERROR: vfsreadlat --probe-type \(type): this kernel has \(missing); "
                           + "use --probe-type tracepoint, or leave --probe-type out to choose it.\n", result.transcript)
            XCTAssertEqual(try runTool("vfsreadlat", ["--probe-type", type, "--emit"]).status, 0, type)
        }
    }

    func testEmitForEachProbeType() throws {
        try Built.require("vfsreadlat")
        let template = try String(contentsOfFile: Built.packageRoot + "/Tools/vfsreadlat/vfsreadlat.bt", encoding: .utf8)
        let fentry = try runTool("vfsreadlat", ["--emit", "--probe-type", "fentry", "-m"])
        XCTAssertEqual(fentry.stdout, "#define USE_FENTRY\n#define UNIT 1000000\n#define LATENCY @msecs\n" + template)
        XCTAssertEqual(fentry.stderr, "vfsreadlat: using fentry/fexit:vfs_read (--probe-type)\n")
        let kprobe = try runTool("vfsreadlat", ["--emit", "--probe-type", "kprobe", "-u", "-i", "3"])
        XCTAssertEqual(kprobe.stdout, "#define USE_KPROBE\n" + template
                       + "\ninterval:s:3\n{\n  time(\"%H:%M:%S\\n\");\n  print(@usecs);\n  clear(@usecs);\n}\n"
                       + "\nEND\n{\n  time(\"%H:%M:%S\\n\");\n}\n")
        let tracepoint = try runTool("vfsreadlat", ["--emit", "--probe-type", "tracepoint"])
        XCTAssertEqual(tracepoint.stdout, template)
        XCTAssertEqual(try runTool("vfsreadlat", ["-m", "-u"]).status, 64)
    }
}
