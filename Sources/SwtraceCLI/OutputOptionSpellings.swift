// Long spellings of the output options, rewritten before the command line is parsed:
// a bare `--live` means every second (its value must be attached, `--live=500ms`, so the next
// argument, a program file, is never taken for an interval), and `--format=csv` or
// `--format csv` is `-f csv`. Everything after `--` is left alone.
enum OutputOptionSpellings {
    static func expand(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            switch argument {
            case "--":
                result.append(contentsOf: arguments[(index - 1)...])
                return result
            case "--live":
                result.append("--live=1s")
            case "--format":
                result.append("-f")
                if index < arguments.count {
                    result.append(arguments[index])
                    index += 1
                }
            default:
                if argument.hasPrefix("--format=") {
                    result += ["-f", String(argument.dropFirst("--format=".count))]
                } else {
                    result.append(argument)
                }
            }
        }
        return result
    }
}
