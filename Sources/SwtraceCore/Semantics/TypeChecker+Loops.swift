// Typing of `for ($kv : @map) { }`: the loop variable is the tuple (key, value), where a map
// with several keys gives a nested key tuple ((k1, k2), value). `for ($i : a..b) { }` counts
// with an int64.

extension TypeChecker {
    func checkForMap(_ variable: String, _ map: Expr, _ body: Block, _ range: SourceRange) {
        var elementType: SwType = .void
        if case .map(let name, let keys) = map.kind, keys.isEmpty {
            let display = "@" + name
            if let info = mapInfo(display) {
                record(map, info.value)
                if !info.isKeyed {
                    report(SemanticDiagnostics.forMapScalar(display, map.range))
                } else if case .aggregation(let aggregation) = info.value {
                    // As in bpftrace, counts, sums, minima, maxima and averages read as their
                    // total over all CPUs; the many-valued ones (histograms, stats) do not.
                    if let total = Self.aggregationTotalType(aggregation) {
                        elementType = .tuple([keyType(info), total])
                    } else {
                        report(SemanticDiagnostics.forMapAggregation(map.range, info.value))
                    }
                } else {
                    elementType = .tuple([keyType(info), info.value])
                }
            } else if reportUnknownMaps {
                report(SemanticDiagnostics.undefinedMap(display, map.range))
            }
        } else {
            check(map)
            report(SemanticDiagnostics.forMapNotMap(map.range))
        }
        checkLoopVariable(variable, range)
        withScope {
            scopes.declare(variable, type: elementType, key: range.start)
            loopDepth += 1
            forLoopDepth += 1
            check(body)
            forLoopDepth -= 1
            loopDepth -= 1
        }
    }

    private func keyType(_ info: MapInfo) -> SwType {
        info.keyTypes.count == 1 ? info.keyTypes[0] : .tuple(info.keyTypes)
    }

    /// The integer an aggregation reads as in a probe, or nil when it holds several values.
    static func aggregationTotalType(_ aggregation: Aggregation) -> SwType? {
        switch aggregation {
        case .count: return .uint64
        case .sum(let signed), .min(let signed), .max(let signed), .avg(let signed): return .integer(bits: 64, signed: signed)
        default: return nil
        }
    }

    func checkForRange(_ variable: String, _ start: Expr, _ end: Expr, _ body: Block, _ range: SourceRange) {
        checkLoopVariable(variable, range)
        let startType = check(start), endType = check(end)
        for (bound, type) in [(start, startType), (end, endType)] { expectInteger(type, "for", bound, position: 1) }
        withScope {
            scopes.declare(variable, type: Self.rangeVariableType(startType, endType), key: range.start)
            loopDepth += 1
            forLoopDepth += 1
            check(body)
            forLoopDepth -= 1
            loopDepth -= 1
        }
    }

    /// bpftrace gives the loop variable the start's type, or the wider bound's when their sizes
    /// differ; it is always kept in 64 bits here, so only the signedness is taken over (a
    /// `(uint64)0..(uint64)$n` loop counts in unsigned, as opensnoop.bt relies on).
    static func rangeVariableType(_ start: SwType, _ end: SwType) -> SwType {
        guard case .integer(let startBits, let startSigned) = start else { return .int64 }
        guard case .integer(let endBits, let endSigned) = end, endBits > startBits else {
            return .integer(bits: 64, signed: startSigned)
        }
        return .integer(bits: 64, signed: endSigned)
    }

    /// The loop variable is new in the loop's scope: one visible already would be shadowed.
    private func checkLoopVariable(_ variable: String, _ range: SourceRange) {
        if scopes[variable] != nil {
            report(SemanticDiagnostics.loopShadowsVariable("$" + variable, loopVariableRange(variable, in: range)))
        }
    }

    /// Where `$name` is written in `for ($name : ...)`, which bpftrace's loop errors point at;
    /// the AST keeps only the statement's range, so the name is found in its text.
    func loopVariableRange(_ variable: String, in statement: SourceRange) -> SourceRange {
        guard let bytes = source?.utf8 else { return statement }
        let name = Array(("$" + variable).utf8)
        var offset = statement.start
        while offset + name.count <= min(statement.end, bytes.count) {
            if bytes[offset..<offset + name.count].elementsEqual(name) {
                let after = offset + name.count
                if after >= bytes.count || !isIdentifierByte(bytes[after]) { return SourceRange(offset, after) }
            }
            offset += 1
        }
        return statement
    }

    private func isIdentifierByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || (byte >= 48 && byte <= 57) || ((byte | 0x20) >= 97 && (byte | 0x20) <= 122)
    }
}
