// Typing of tseries(value, interval, count[, "avg"|"max"|"min"|"sum"]).

extension TypeChecker {
    func checkTimeSeries(_ arguments: [Expr], _ expr: Expr) -> Aggregation {
        let valueType = check(arguments[0])
        expectInteger(valueType, "tseries", arguments[0], position: 1, allowPointer: false)
        var numbers: [UInt64] = []
        for (position, argument) in arguments[1...2].enumerated() {
            check(argument)
            guard case .integer(let value) = argument.kind, value > 0 else {
                report(SemanticDiagnostics.invalidArgument("tseries", argument.range,
                    position == 0 ? "the interval must be a positive literal duration, e.g. 100ms"
                                  : "the number of intervals must be a positive literal"))
                numbers.append(1)
                continue
            }
            numbers.append(value)
        }
        if numbers[1] > 1000 {
            report(SemanticDiagnostics.invalidArgument("tseries", arguments[2].range, "at most 1000 intervals can be kept"))
        }
        var reduction = TimeSeriesReduction.last
        if arguments.count == 4 {
            check(arguments[3])
            guard case .string(let name) = arguments[3].kind, let parsed = TimeSeriesReduction(rawValue: name), parsed != .last else {
                report(SemanticDiagnostics.invalidArgument("tseries", arguments[3].range,
                    "the aggregation must be one of \"avg\", \"max\", \"min\", \"sum\""))
                return .tseries(intervalNs: numbers[0], intervalCount: Int(numbers[1]), reduction: .last, signed: valueType.isSigned)
            }
            reduction = parsed
        }
        return .tseries(intervalNs: numbers[0], intervalCount: Int(min(numbers[1], 1000)), reduction: reduction, signed: valueType.isSigned)
    }
}
