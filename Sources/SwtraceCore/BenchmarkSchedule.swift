// How many times `--bench` runs a bench:NAME probe: as bpftrace, start with one run and
// multiply the count (by 1000, 100, 10, then 2 as the total time grows) until the runs together
// take at least a millisecond, so each probe costs a few milliseconds at most.

public enum BenchmarkSchedule {
    /// Enough: the runs together took this long.
    public static let targetNanoseconds: UInt64 = 1_000_000

    /// The next count to try after `iterations` runs took `totalNanoseconds` together, or nil
    /// when that measurement is long enough to report.
    public static func next(after iterations: Int, totalNanoseconds: UInt64) -> Int? {
        switch totalNanoseconds {
        case ..<1_000: return iterations * 1_000
        case ..<10_000: return iterations * 100
        case ..<100_000: return iterations * 10
        case ..<targetNanoseconds: return iterations * 2
        default: return nil
        }
    }
}
