// Rewrites bpftrace-style (getopt) short-option spellings into the separate tokens that
// swift-argument-parser understands: `-lv` -> `-l -v`, `-p123` -> `-p 123`, `-qe PROG` -> `-q -e PROG`.

public enum ArgumentPreprocessing {
    /// Short options that stand alone (no value).
    public static let shortFlags: Set<Character> = ["l", "v", "q", "h", "V", "k"]
    /// Short options that take a value (the rest of the token, or the next argument).
    public static let shortOptionsWithValue: Set<Character> = ["e", "p", "c", "f", "o", "d"]

    /// Splits grouped and attached short options the way getopt(3) reads them. Values of
    /// options, long options, lone `-`, and everything after `--` pass through unchanged, as
    /// does any token containing a letter that is not a known short option (the parser then
    /// reports it).
    public static func normalise(_ arguments: [String]) -> [String] {
        var result: [String] = []
        result.reserveCapacity(arguments.count)
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                result.append(contentsOf: arguments[(index - 1)...])
                break
            }
            guard argument.hasPrefix("-"), !argument.hasPrefix("--"), argument.count > 1 else {
                result.append(argument)
                continue
            }
            guard let split = splitShortGroup(argument) else {
                result.append(argument)
                continue
            }
            result.append(contentsOf: split.tokens)
            // An option whose value was not attached consumes the next argument verbatim.
            if split.expectsValue, index < arguments.count {
                result.append(arguments[index])
                index += 1
            }
        }
        return result
    }

    private struct SplitGroup {
        var tokens: [String]
        var expectsValue: Bool
    }

    /// `-lvq` -> [-l, -v, -q]; `-p123` -> [-p, 123]; `-qe` -> [-q, -e] (value follows).
    /// Returns nil when the group contains an unknown letter.
    private static func splitShortGroup(_ argument: String) -> SplitGroup? {
        let letters = Array(argument.dropFirst())
        var tokens: [String] = []
        var position = 0
        while position < letters.count {
            let letter = letters[position]
            if shortFlags.contains(letter) {
                tokens.append("-\(letter)")
                position += 1
                continue
            }
            if shortOptionsWithValue.contains(letter) {
                tokens.append("-\(letter)")
                let rest = String(letters[(position + 1)...])
                if rest.isEmpty {
                    return SplitGroup(tokens: tokens, expectsValue: true)
                }
                tokens.append(rest)
                return SplitGroup(tokens: tokens, expectsValue: false)
            }
            return nil
        }
        return SplitGroup(tokens: tokens, expectsValue: false)
    }
}
