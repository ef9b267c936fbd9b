// Shell completion of the tools' process options from the running system: -p completes the
// ids of live processes, comm options the names they run under (both read from /proc).
import Foundation

public enum ToolCompletion {
    /// The processes in /proc: (pid, comm), in pid order.
    static func processes() -> [(pid: Int32, comm: String)] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).sorted().compactMap { pid in
            guard let comm = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8) else { return nil }
            return (pid, comm.trimmingCharacters(in: .newlines))
        }
    }

    /// Process ids that start with `prefix`.
    public static func pids(prefix: String) -> [String] {
        processes().map { String($0.pid) }.filter { $0.hasPrefix(prefix) }
    }

    /// Distinct process names that start with `prefix`, sorted.
    public static func comms(prefix: String) -> [String] {
        Set(processes().map(\.comm)).filter { $0.hasPrefix(prefix) && !$0.isEmpty }.sorted()
    }

    @Sendable public static func completePID(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        pids(prefix: prefix)
    }

    @Sendable public static func completeComm(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        comms(prefix: prefix)
    }
}
