// syscount's output: BCC's table (a [HH:MM:SS] stamp, SYSCALL/PID COMM, COUNT, TIME) or one
// JSON object per summary; every other map of the program (latency start times) stays hidden.
import SwtraceCLI
import SwtraceCore
import SwtraceOutput

struct SyscountFormatter: OutputFormatter {
    struct Layout: Sendable {
        var top: Int
        var latency: Bool
        var milliseconds: Bool
        var byProcess: Bool
    }

    struct Row {
        var pid: Int64 = 0
        var comm = ""
        var syscall = ""
        var count: UInt64
        var nanoseconds: Int64
    }

    let layout: Layout
    let json: Bool
    private let base: any OutputFormatter

    init(layout: Layout, json: Bool) {
        self.layout = layout
        self.json = json
        base = json ? JSONFormatter() : TextFormatter()
    }

    var attachedProbesStream: OutputStream { json ? base.attachedProbesStream : .standardOutput }
    var lostEventsStream: OutputStream { base.lostEventsStream }

    func attachedProbes(_ count: Int) -> String {
        json ? base.attachedProbes(count) : "Tracing syscalls, printing top \(layout.top)... Ctrl+C to quit.\n"
    }

    func printf(_ text: String) -> String { base.printf(text) }
    func value(_ value: Value) -> String { base.value(value) }
    func lostEvents(_ count: UInt64) -> String { base.lostEvents(count) }
    var endOfRun: String { "" }

    func mapsAtExit(_ snapshots: [MapSnapshot]) -> String {
        snapshots.map { map($0, top: 0, divisor: 0) }.joined()
    }

    func map(_ snapshot: MapSnapshot, top: Int, divisor: Int) -> String {
        guard snapshot.name == "@syscalls" else { return "" }
        let rows = self.rows(snapshot)
        guard !rows.isEmpty else { return "" }
        return json ? jsonSummary(rows) : textSummary(rows)
    }

    /// The map's entries, sorted by count (or latency) descending, cut to `top`.
    func rows(_ snapshot: MapSnapshot) -> [Row] {
        let all = snapshot.entries.map { entry -> Row in
            var row: Row
            switch entry.value {
            case .stats(let sum, let count), .avg(let sum, let count): row = Row(count: count, nanoseconds: sum)
            case .count(let count): row = Row(count: count, nanoseconds: 0)
            default: row = Row(count: 0, nanoseconds: 0)
            }
            if layout.byProcess {
                row.pid = Self.integer(entry.key.first)
                if entry.key.count > 1, case .string(let comm) = entry.key[1] { row.comm = comm }
            } else {
                row.syscall = SyscallNames.name(Self.integer(entry.key.first))
            }
            return row
        }
        let sorted = all.sorted { a, b in
            let (x, y) = layout.latency ? (a.nanoseconds, b.nanoseconds) : (Int64(a.count), Int64(b.count))
            if x != y { return x > y }
            return layout.byProcess ? a.pid < b.pid : a.syscall < b.syscall
        }
        return Array(sorted.prefix(layout.top))
    }

    private var timeTitle: String { layout.milliseconds ? "TIME (ms)" : "TIME (us)" }

    private func time(_ row: Row) -> Double {
        Double(row.nanoseconds) / (layout.milliseconds ? 1_000_000 : 1_000)
    }

    func textSummary(_ rows: [Row]) -> String {
        var out = "[\(ToolText.clock())]\n"
        out += layout.byProcess ? ToolText.pad("PID", 6) + " " + ToolText.pad("COMM", 15) : ToolText.pad("SYSCALL", 22)
        out += " " + ToolText.pad("COUNT", 8, left: false)
        if layout.latency { out += " " + ToolText.pad(timeTitle, 16, left: false) }
        out += "\n"
        for row in rows {
            out += layout.byProcess ? ToolText.pad(String(row.pid), 6) + " " + ToolText.pad(row.comm, 15)
                                    : ToolText.pad(row.syscall, 22)
            out += " " + ToolText.pad(String(row.count), 8, left: false)
            if layout.latency { out += " " + ToolText.pad(ToolText.fixed3(time(row)), 16, left: false) }
            out += "\n"
        }
        return out + "\n"
    }

    func jsonSummary(_ rows: [Row]) -> String {
        let items = rows.map { row -> String in
            var fields: [(String, String)] = layout.byProcess
                ? [("pid", String(row.pid)), ("comm", ToolText.json(row.comm))]
                : [("syscall", ToolText.json(row.syscall))]
            fields.append(("count", String(row.count)))
            if layout.latency {
                fields.append((layout.milliseconds ? "time_ms" : "time_us", ToolText.fixed3(time(row))))
            }
            return ToolText.jsonObject(fields)
        }
        let data = ToolText.jsonObject([("time", ToolText.json(ToolText.clock())),
                                        ("rows", "[" + items.joined(separator: ", ") + "]")])
        return ToolText.jsonObject([("type", ToolText.json("syscount")), ("data", data)]) + "\n"
    }

    private static func integer(_ value: Value?) -> Int64 {
        switch value {
        case .signed(let number): return number
        case .unsigned(let number): return Int64(bitPattern: number)
        default: return -1
        }
    }
}
