// opensnoop's output: BCC's header, then the program's lines, stamped with the time they
// arrive (-T) and filtered by process name (-n) here in user space, as BCC does both. With
// -f json each line becomes an "opensnoop" record of its fields; the program's bookkeeping maps
// are never printed.
import SwtraceCLI
import SwtraceCore
import SwtraceOutput

struct OpenSnoopFormatter: OutputFormatter {
    struct Columns: Sendable {
        var timestamp: Bool
        var uid: Bool
        var flags: Bool
    }

    let columns: Columns
    let nameFilter: String?
    let json: Bool
    private let base: any OutputFormatter

    init(columns: Columns, nameFilter: String?, json: Bool) {
        self.columns = columns
        self.nameFilter = nameFilter
        self.json = json
        base = json ? JSONFormatter() : TextFormatter()
    }

    var attachedProbesStream: OutputStream { json ? base.attachedProbesStream : .standardOutput }
    var lostEventsStream: OutputStream { base.lostEventsStream }

    /// The header, printed once the probes are attached.
    func attachedProbes(_ count: Int) -> String {
        if json { return base.attachedProbes(count) }
        var header = ""
        if columns.timestamp { header += ToolText.pad("TIME", 8) + " " }
        if columns.uid { header += ToolText.pad("UID", 7) + " " }
        header += ToolText.pad("PID", 6) + " " + ToolText.pad("COMM", 16) + "  FD ERR "
        if columns.flags { header += ToolText.pad("FLAGS", 8) + " " }
        return header + "PATH\n"
    }

    func printf(_ text: String) -> String {
        let fields = OpenSnoopLine(text, uid: columns.uid, flags: columns.flags)
        if let nameFilter, fields?.comm.contains(nameFilter) != true { return "" }
        let stamp = columns.timestamp ? ToolText.clock() : nil
        guard json else { return stamp.map { ToolText.pad($0, 8) + " " + text } ?? text }
        guard let fields else { return base.printf(text) }
        return record(fields, time: stamp)
    }

    /// `{"type": "opensnoop", "data": {...}}`: the columns the text would show, by name.
    func record(_ line: OpenSnoopLine, time: String?) -> String {
        var data: [(String, String)] = []
        if let time { data.append(("time", ToolText.json(time))) }
        if let uid = line.uid { data.append(("uid", String(uid))) }
        data += [("pid", String(line.pid)), ("comm", ToolText.json(line.comm)),
                 ("fd", String(line.fd)), ("err", String(line.err))]
        if let flags = line.flags { data.append(("flags", ToolText.json(flags))) }
        data.append(("path", ToolText.json(line.path)))
        return ToolText.jsonObject([("type", ToolText.json("opensnoop")), ("data", ToolText.jsonObject(data))]) + "\n"
    }

    func map(_ snapshot: MapSnapshot, top: Int, divisor: Int) -> String { "" }
    var endOfRun: String { "" }
    func mapsAtExit(_ snapshots: [MapSnapshot]) -> String { "" }
    func lostEvents(_ count: UInt64) -> String { base.lostEvents(count) }
    func value(_ value: Value) -> String { base.value(value) }
}
