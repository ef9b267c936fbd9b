// The standard library's builtins and functions, each checked against a value the test
// knows: the traced process's own ids and names, times it measured, strings it chose.
import Foundation
import XCTest

final class StdlibIntegrationTests: XCTestCase {
    override func setUpWithError() throws { try Executables.requireRoot() }

    /// `key=value` pairs of the printed lines, one line per event.
    private func fields(_ line: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in line.split(separator: " ") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { result[String(parts[0])] = String(parts[1]) }
        }
        return result
    }

    private func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    /// Events: one getppid() by a workload with a unique name, started by this test process.
    func testProcessBuiltinsOfAKnownProcess() throws {
        let comm = uniqueName("swtb-")
        let workload = try Workload(["getppid", "1"], comm: comm)
        let before = monotonicNanoseconds()
        let result = try Swtrace.trace(program: """
            tracepoint:syscalls:sys_enter_getppid /comm == "\(comm)"/ {
              printf("pid=%d tid=%d ppid=%d uid=%d gid=%d comm=%s pcomm=%s username=%s usermode=%d\\n",
                     pid, tid, ppid, uid, gid, comm, pcomm, username, usermode);
              printf("nsecs=%llu elapsed=%llu cpu=%u ncpus=%u numaid=%u cgroup=%llu probe=%s\\n",
                     nsecs, elapsed, cpu, ncpus, numaid, cgroup, probe);
              printf("curtask=%llx jiffies=%llu rand=%u,%u call=%d,%s\\n",
                     (uint64)curtask, jiffies, rand, rand, pid(), comm());
            }
            """, during: workload)
        let after = monotonicNanoseconds()

        XCTAssertEqual(result.status, 0, result.transcript)
        let values = result.stdoutLines.map(fields).reduce(into: [String: String]()) { $0.merge($1) { a, _ in a } }
        XCTAssertEqual(values["pid"], "\(workload.pid)", result.transcript)
        XCTAssertEqual(values["tid"], "\(workload.pid)", result.transcript)
        XCTAssertEqual(values["ppid"], "\(getpid())", "the workload's parent is this test process")
        XCTAssertEqual(values["uid"], "0")
        XCTAssertEqual(values["gid"], "0")
        XCTAssertEqual(values["comm"], comm)
        XCTAssertEqual(values["pcomm"], comm)
        XCTAssertEqual(values["username"], "root")
        XCTAssertEqual(values["usermode"], "0", "a tracepoint fires in the kernel")
        XCTAssertEqual(values["probe"], "tracepoint:syscalls:sys_enter_getppid")
        XCTAssertEqual(values["call"], "\(workload.pid),\(comm)", "builtins can be called as functions")
        let nsecs = try XCTUnwrap(values["nsecs"].flatMap { UInt64($0) }, result.transcript)
        XCTAssertTrue((before...after).contains(nsecs), "nsecs \(nsecs) not within \(before)...\(after)")
        let elapsed = try XCTUnwrap(values["elapsed"].flatMap { UInt64($0) })
        XCTAssertLessThan(elapsed, after - before + 5_000_000_000, "elapsed counts from swtrace's start")
        let cpus = sysconf(Int32(_SC_NPROCESSORS_CONF))
        XCTAssertEqual(values["ncpus"], "\(cpus)")
        XCTAssertLessThan(try XCTUnwrap(values["cpu"].flatMap { Int($0) }), cpus)
        XCTAssertEqual(values["numaid"], "0")
        XCTAssertEqual(values["cgroup"], try XCTUnwrap(cgroupID(of: getpid())).description, "children start in their parent's cgroup")
        let task = try XCTUnwrap(values["curtask"].flatMap { UInt64($0, radix: 16) })
        XCTAssertGreaterThanOrEqual(task, 0xffff_8000_0000_0000, "curtask is a kernel address")
        // jiffies start 5 minutes before the 32-bit wrap (INITIAL_JIFFIES) and only grow.
        XCTAssertGreaterThan(try XCTUnwrap(values["jiffies"].flatMap { UInt64($0) }), 4_294_667_296 as UInt64)
        let randoms = try XCTUnwrap(values["rand"]).split(separator: ",")
        XCTAssertEqual(randoms.count, 2)
        XCTAssertNotEqual(randoms.first, randoms.last, "two rand reads differ")
    }

    /// The cgroup v2 id of a process: the inode number of its cgroup directory.
    private func cgroupID(of pid: Int32) throws -> UInt64? {
        guard let handle = FileHandle(forReadingAtPath: "/proc/\(pid)/cgroup") else { return nil }
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("0::") }) else { return nil }
        var info = stat()
        guard stat("/sys/fs/cgroup" + line.dropFirst(3), &info) == 0 else { return nil }
        return UInt64(info.st_ino)
    }
}
