// Long spellings of the output options, rewritten before the command line is parsed:
// a bare `--live` means every second (its value must be attached, `--live=500ms`, so the next
// argument, a program file, is never taken for an interval). Everything after `--` is left alone.
enum OutputOptionSpellings {
    static func expand(_ arguments: [String]) -> [String] {
        guard let end = arguments.firstIndex(of: "--") else { return arguments.map(expand) }
        return arguments[..<end].map(expand) + arguments[end...]
    }

    private static func expand(_ argument: String) -> String {
        argument == "--live" ? "--live=1s" : argument
    }
}
