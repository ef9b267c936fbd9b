// `--live [INTERVAL]` (beyond bpftrace): every INTERVAL, all non-empty maps are printed again.
// On a terminal each frame is painted over the previous one from the top of the screen (ANSI
// cursor home and erase-to-end), so keyed maps and histograms are redrawn in place under a
// one-line header; anywhere else (a pipe, -o FILE) frames follow each other with no escape
// codes. The usual exit printing still ends the run.
import Foundation
import SwtraceCore
import SwtraceOutput

final class LiveView {
    let intervalMilliseconds: Int
    /// Frames redraw in place only when the output really is a terminal.
    let redrawsInPlace: Bool
    private var nextFrame: Date

    init(intervalMilliseconds: Int, outputIsTerminal: Bool, start: Date = Date()) {
        self.intervalMilliseconds = intervalMilliseconds
        redrawsInPlace = outputIsTerminal
        nextFrame = start.addingTimeInterval(Double(intervalMilliseconds) / 1000)
    }

    /// True once per interval.
    func isDue(now: Date = Date()) -> Bool {
        guard now >= nextFrame else { return false }
        let interval = Double(intervalMilliseconds) / 1000
        nextFrame.addTimeInterval(interval)
        // After a stall the next frame is a whole interval away, not a burst of missed ones.
        if nextFrame <= now { nextFrame = now.addingTimeInterval(interval) }
        return true
    }

    /// One frame: the maps as exit printing shows them. On a terminal of `screenRows` rows a
    /// taller frame keeps its last lines (maps list their largest entries last).
    func frame(_ snapshots: [MapSnapshot], formatter: any OutputFormatter, now: Date = Date(),
               screenRows: Int? = LiveView.terminalRows()) -> String {
        let maps = formatter.maps(snapshots)
        // Frames in a stream are set apart by a blank line, except JSON lines (one record per
        // line) and CSV (its tables already end with one).
        guard redrawsInPlace else { return formatter is JSONFormatter || formatter is CSVFormatter ? maps : maps + "\n" }
        var header = "Every " + LiveView.describe(milliseconds: intervalMilliseconds) + ": "
            + LocalTime.format("%H:%M:%S", at: now) + "  (Ctrl-C to stop)\n\n"
        var body = maps
        var lines = maps.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        // Header, blank line, the note line, and the line the cursor rests on.
        if let rows = screenRows, rows > 4, lines.count > rows - 4 {
            let kept = rows - 4
            header += "(\(lines.count - kept) more lines above)\n"
            body = lines.suffix(kept).joined(separator: "\n") + "\n"
        }
        return LiveView.paint(header + body)
    }

    /// Overwrites the screen from the top instead of clearing it first, so the picture does not
    /// flicker: each line ends by erasing what is left of the old one, and the frame by erasing
    /// the rest of the screen.
    static func paint(_ text: String) -> String {
        let home = "\u{1b}[H", eraseLine = "\u{1b}[K", eraseBelow = "\u{1b}[J"
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return home + lines.map { String($0) + eraseLine + "\n" }.joined() + eraseBelow
    }

    /// Height of the terminal on standard output, if it is one.
    static func terminalRows() -> Int? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 else { return nil }
        return Int(size.ws_row)
    }

    static func describe(milliseconds: Int) -> String {
        milliseconds % 1000 == 0 ? "\(milliseconds / 1000)s" : "\(milliseconds)ms"
    }

    /// `1s`, `500ms`, `2` (seconds) -> milliseconds; nil if not a positive duration.
    static func parseInterval(_ text: String) -> Int? {
        let lower = text.lowercased()
        let (digits, scale): (Substring, Int)
        if lower.hasSuffix("ms") {
            (digits, scale) = (lower.dropLast(2), 1)
        } else if lower.hasSuffix("s") {
            (digits, scale) = (lower.dropLast(), 1000)
        } else {
            (digits, scale) = (Substring(lower), 1000)
        }
        guard let value = Int(digits), value > 0, value <= Int(Int32.max) / scale else { return nil }
        return value * scale
    }

    /// What a bare `--live` means.
    static let defaultInterval = "1s"

    static func badInterval(_ text: String) -> String {
        "--live needs a positive interval such as 1s or 500ms, not '\(text)'."
    }

    private struct NotAnInterval: Error {}

    /// The parser's reading of the word after `--live`: one that starts with a digit is the
    /// interval (checked later, so `--live 0` is an error); any other word is refused, and the
    /// parser then takes `--live` as a bare flag and leaves the word to the positionals (the
    /// program file, its arguments).
    @Sendable static func intervalArgument(_ text: String) throws -> String {
        guard text.first?.isASCII == true, text.first?.isNumber == true else { throw NotAnInterval() }
        return text
    }

    /// `--live=WORD` written in one piece: the parser cannot tell it from `--live WORD`, and
    /// would quietly fall back to the default, so a WORD that is no interval is reported here.
    /// Reads the normalised command line (ArgumentPreprocessing): values of -e and -c (which
    /// may look like options) and everything after `--` are skipped.
    static func attachedIntervalProblem(_ arguments: [String]) -> String? {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { return nil }
            if argument == "-e" || argument == "-c" {
                index += 2
                continue
            }
            if argument.hasPrefix("--live=") {
                let value = String(argument.dropFirst("--live=".count))
                if parseInterval(value) == nil { return badInterval(value) }
            }
            index += 1
        }
        return nil
    }
}
