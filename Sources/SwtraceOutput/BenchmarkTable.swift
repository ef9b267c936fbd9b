// The results of `--bench`, in bpftrace's layout: a header and a rule before the first row,
// then one row per benchmark: its name, the average time of one run in nanoseconds, and how
// many runs that average is over.

public enum BenchmarkTable {
    static let nameTitle = "Benchmark"
    static let timeTitle = "Time(ns)"
    static let iterationsTitle = "Iterations"
    static let timeWidth = 15

    /// The name column fits the longest benchmark name, and is at least 40 wide (plus a space).
    static func nameWidth(_ names: [String]) -> Int {
        names.reduce(max(40, nameTitle.count)) { max($0, $1.count) } + 1
    }

    public static func header(names: [String]) -> String {
        let width = nameWidth(names)
        return pad(nameTitle, width) + pad(timeTitle, timeWidth) + iterationsTitle + "\n"
            + String(repeating: "-", count: width + timeWidth + iterationsTitle.count) + "\n"
    }

    public static func row(_ name: String, names: [String], averageNanoseconds: UInt64, iterations: Int) -> String {
        pad(name, nameWidth(names)) + pad(String(averageNanoseconds), timeWidth) + String(iterations) + "\n"
    }

    /// `-f json`: one record per benchmark instead of the table.
    public static func json(_ name: String, averageNanoseconds: UInt64, iterations: Int) -> String {
        "{\"type\": \"benchmark_result\", \"data\": {\(JSONWriter.string(name)): {\"average\": "
            + "\(JSONWriter.number(averageNanoseconds)), \"iters\": \(iterations)}}}\n"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
