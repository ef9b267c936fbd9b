// print() of a map without keys that holds nothing (cleared, deleted, or never written): as
// bpftrace (issue #3006, fixed in its PR #5239) the map prints its zero value, `@: 0`, rather
// than nothing, so interval reports such as pidpersec.bt's "PIDs/sec: @: 0" keep their shape.
// Histograms, stats and non-integer values still print nothing. At exit empty maps stay unprinted.
import SwtraceCore

enum EmptyScalarMap {
    /// The snapshot to print: `snapshot` itself, or its zero entry when it is an empty keyless
    /// map of a counting aggregation or an integer.
    static func printable(_ snapshot: MapSnapshot, descriptor: MapDescriptor) -> MapSnapshot {
        guard !snapshot.isKeyed, snapshot.entries.isEmpty, let zero = zeroValue(descriptor.value) else { return snapshot }
        var filled = snapshot
        filled.entries = [(key: [], value: zero)]
        return filled
    }

    private static func zeroValue(_ type: SwType) -> MapEntryValue? {
        switch type {
        case .aggregation(.count): return .count(0)
        case .aggregation(.sum): return .sum(0)
        case .aggregation(.min): return .min(0)
        case .aggregation(.max): return .max(0)
        case .integer(_, let signed): return .scalar(signed ? .signed(0) : .unsigned(0))
        default: return nil
        }
    }
}
