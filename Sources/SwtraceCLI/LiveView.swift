// `--live[=INTERVAL]` (beyond bpftrace): every INTERVAL, all non-empty maps are printed again.
// On a terminal each frame first clears the screen and homes the cursor (ANSI), so keyed maps
// and histograms are redrawn in place under a one-line header; anywhere else (a pipe, -o FILE)
// frames follow each other with no escape codes. The usual exit printing still ends the run.
import Foundation
import SwtraceCore
import SwtraceOutput

final class LiveView {
    let intervalMilliseconds: Int
    /// Frames redraw in place only when the output really is a terminal.
    let redrawsInPlace: Bool
    private var nextFrame: Date

    init(intervalMilliseconds: Int, outputIsTerminal: Bool) {
        self.intervalMilliseconds = intervalMilliseconds
        redrawsInPlace = outputIsTerminal
        nextFrame = Date().addingTimeInterval(Double(intervalMilliseconds) / 1000)
    }

    /// True once per interval.
    func isDue(now: Date = Date()) -> Bool {
        guard now >= nextFrame else { return false }
        let interval = Double(intervalMilliseconds) / 1000
        repeat { nextFrame.addTimeInterval(interval) } while nextFrame <= now
        return true
    }

    /// One frame: the maps as exit printing shows them. On a terminal of `screenRows` rows a
    /// taller frame keeps its last lines (maps list their largest entries last).
    func frame(_ snapshots: [MapSnapshot], formatter: any OutputFormatter, now: Date = Date(),
               screenRows: Int? = LiveView.terminalRows()) -> String {
        let maps = formatter.maps(snapshots)
        guard redrawsInPlace else { return maps + "\n" }
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
        return LiveView.clearScreen + header + body
    }

    /// Height of the terminal on standard output, if it is one.
    static func terminalRows() -> Int? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 else { return nil }
        return Int(size.ws_row)
    }

    /// Cursor home, then erase the whole screen.
    static let clearScreen = "\u{1b}[H\u{1b}[2J"

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

    /// A bare `--live` means every second; its value must be attached (`--live=500ms`) so the
    /// next argument (a program file) is never taken for an interval.
    static func expandBareOption(_ arguments: [String]) -> [String] {
        var result: [String] = []
        for (index, argument) in arguments.enumerated() {
            if argument == "--" {
                result.append(contentsOf: arguments[index...])
                break
            }
            result.append(argument == "--live" ? "--live=1s" : argument)
        }
        return result
    }
}
