// opensnoop's output: BCC's header, then the program's lines, stamped with the time they
// arrive (-T) and filtered by process name (-n) here in user space, as BCC does both. With
// -f json each line is a printf record; the program's bookkeeping maps are never printed.
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
        if let nameFilter, !comm(of: text).contains(nameFilter) { return "" }
        return base.printf(columns.timestamp ? ToolText.pad(ToolText.clock(), 8) + " " + text : text)
    }

    /// The COMM column of a program line: 16 columns after the optional UID and the PID.
    func comm(of line: String) -> String {
        let start = (columns.uid ? 8 : 0) + 7
        let characters = Array(line)
        guard characters.count > start else { return "" }
        let field = String(characters[start..<min(characters.count, start + 16)])
        return String(field.reversed().drop { $0 == " " }.reversed())
    }

    func map(_ snapshot: MapSnapshot, top: Int, divisor: Int) -> String { "" }
    var endOfRun: String { "" }
    func mapsAtExit(_ snapshots: [MapSnapshot]) -> String { "" }
    func lostEvents(_ count: UInt64) -> String { base.lostEvents(count) }
    func value(_ value: Value) -> String { base.value(value) }
}
