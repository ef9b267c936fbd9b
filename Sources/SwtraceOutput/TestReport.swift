// The report of `--test` runs, in bpftrace's layout (itself googletest's): a banner, a RUN line
// and an OK/FAILED line per test (a failing test's output between them, a passing test's
// output suppressed), then the totals and the list of failed tests.

public struct TestReport: Sendable {
    /// bpftrace colours the brackets (green, red for failures); swtrace does where colour is
    /// wanted (a terminal, or BPFTRACE_COLOR=always).
    public var colour: Bool

    public init(colour: Bool) { self.colour = colour }

    static let green = "\u{1b}[32m"
    static let red = "\u{1b}[31m"
    static let reset = "\u{1b}[0m"

    private func tag(_ text: String, failure: Bool = false) -> String {
        colour ? (failure ? Self.red : Self.green) + text + Self.reset : text
    }

    /// Before the first test. bpftrace says "tests" even for one.
    public func banner(testCount: Int) -> String {
        tag("[==========]") + " Running \(testCount) tests.\n"
    }

    public func running(_ name: String) -> String {
        tag("[ RUN      ]") + " \(name)\n"
    }

    /// The verdict line; a failed test's captured output (its non-empty lines) comes first.
    public func result(_ name: String, passed: Bool, nanoseconds: UInt64, output: String) -> String {
        if passed {
            return tag("[       OK ]") + " \(name) \(Self.duration(nanoseconds))\n"
        }
        let shown = output.split(separator: "\n", omittingEmptySubsequences: true).map { $0 + "\n" }.joined()
        return shown + tag("[  FAILED  ]", failure: true) + " \(name) \(Self.duration(nanoseconds))\n"
    }

    /// After the last test: how many ran and passed, and each failed test again.
    public func summary(names: [String], passed: [Bool]) -> String {
        let failures = zip(names, passed).filter { !$0.1 }.map(\.0)
        var text = tag("[==========]") + " \(names.count) \(Self.tests(names.count)) ran.\n"
        let passedCount = names.count - failures.count
        text += tag("[  PASSED  ]") + " \(passedCount) \(Self.tests(passedCount)).\n"
        if !failures.isEmpty {
            text += tag("[  FAILED  ]", failure: true) + " \(failures.count) \(Self.tests(failures.count)), listed below:\n"
            for name in failures { text += tag("[  FAILED  ]", failure: true) + " \(name)\n" }
        }
        return text
    }

    /// `-f json`: one record per test, the captured output whether or not it passed.
    public static func json(_ name: String, passed: Bool, nanoseconds: UInt64, output: String) -> String {
        "{\"type\": \"test_result\", \"data\": {\(JSONWriter.string(name)): {\"duration\": \(JSONWriter.number(nanoseconds)), "
            + "\"passed\": \(passed), \"output\": \(JSONWriter.string(output))}}}\n"
    }

    static func tests(_ count: Int) -> String { count == 1 ? "test" : "tests" }

    /// "(12 μs)": the time in the largest unit (s, ms, μs, ns) it reaches, as a whole number.
    /// (bpftrace prints the unit's size there instead of the time, e.g. "(1000 μs)"; the time
    /// is what the parentheses promise.)
    public static func duration(_ nanoseconds: UInt64) -> String {
        for (size, unit) in [(UInt64(1_000_000_000), "s"), (1_000_000, "ms"), (1_000, "μs")] where nanoseconds >= size {
            return "(\(nanoseconds / size) \(unit))"
        }
        return "(\(nanoseconds) ns)"
    }
}
