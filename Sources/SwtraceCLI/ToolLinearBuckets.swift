// `--linear MIN,MAX,STEP`: the bounds of an lhist(), checked as lhist() checks them.
import ArgumentParser
import Foundation

public struct LinearBuckets: ExpressibleByArgument, Sendable, Equatable {
    public var min: Int64
    public var max: Int64
    public var step: Int64

    public init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false)
            .map { Int64($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, let min = parts[0], let max = parts[1], let step = parts[2],
              min >= 0, max > min, step > 0, (max - min) / step <= 1000 else { return nil }
        self.min = min
        self.max = max
        self.step = step
    }

    public static var defaultCompletionKind: CompletionKind { .default }
}
