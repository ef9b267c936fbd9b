// Colour for messages on stderr, as bpftrace (0.23+) colours its log: the header line of an
// error in red, of a warning in yellow. `BPFTRACE_COLOR=always|never|auto` decides, as in
// bpftrace; `auto` (the default) colours only when stderr is a terminal and neither
// `NO_COLOR` nor `TERM=dumb` asks for plain text, so pipes, files and tests reading stderr
// never see escape codes.
import Foundation
import Glibc

enum TerminalColour {
    static let red = "\u{1b}[31m"
    static let yellow = "\u{1b}[33m"
    static let reset = "\u{1b}[0m"

    /// Decided once: whether stderr is a terminal that wants colour.
    static let stderrIsColourTerminal: Bool = wantsColour(
        isTerminal: isatty(STDERR_FILENO) == 1, environment: ProcessInfo.processInfo.environment)

    static func wantsColour(isTerminal: Bool, environment: [String: String]) -> Bool {
        switch environment["BPFTRACE_COLOR"] {
        case "always": return true
        case "never": return false
        default: break
        }
        guard isTerminal else { return false }
        if let noColour = environment["NO_COLOR"], !noColour.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }

    /// `text` with each message header line coloured by its severity; other lines (the echoed
    /// source line, the `~~~` underline, hints, printf text) stay as they are.
    static func colourise(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for index in lines.indices {
            guard let colour = colour(ofHeader: lines[index]) else { continue }
            lines[index] = Substring(colour + lines[index] + reset)
        }
        return lines.joined(separator: "\n")
    }

    /// The colour of a message header: `ERROR: ...`, `WARNING: ...`, or the located forms
    /// `FILE:LINE:COL-COL: ERROR: ...` and `FILE:LINE-LINE: WARNING: ...`.
    static func colour(ofHeader line: Substring) -> String? {
        for (word, colour) in [("ERROR: ", red), ("WARNING: ", yellow)] {
            if line.hasPrefix(word) { return colour }
            guard let found = line.range(of: ": " + word) else { continue }
            if isLocation(line[line.startIndex..<found.lowerBound]) { return colour }
        }
        return nil
    }

    /// Ends in `LINE:COL-COL` or `LINE-LINE` (after an optional file name, which may hold colons).
    private static func isLocation(_ text: Substring) -> Bool {
        guard let last = text.split(separator: ":", omittingEmptySubsequences: false).last, !last.isEmpty else {
            return false
        }
        return last.split(separator: "-", omittingEmptySubsequences: false)
            .allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }
}
