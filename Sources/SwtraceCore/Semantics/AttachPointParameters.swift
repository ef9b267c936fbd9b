// Positional parameters inside attach points (`interval:ms:$1`, `uprobe:$1:main`): bpftrace
// replaces them with the argument's text before resolving the probe.

enum AttachPointParameters {
    /// `point` with every `$N` replaced; a parameter not given is an error.
    static func substitute(_ point: AttachPoint, arguments: [String], sink: inout DiagnosticSink) -> AttachPoint {
        guard point.raw.contains("$") else { return point }
        var result = ""
        var characters = Array(point.raw)[...]
        while let character = characters.popFirst() {
            guard character == "$", let first = characters.first, first.isNumber else {
                result.append(character)
                continue
            }
            let digits = String(characters.prefix { $0.isNumber })
            characters = characters.dropFirst(digits.count)
            guard let index = Int(digits), index >= 1, index <= arguments.count else {
                sink.report(SemanticDiagnostics.attachPointParameterMissing("$" + digits, point.range))
                return point
            }
            result += arguments[index - 1]
        }
        return AttachPoint(raw: result, parts: SyntaxParser.splitAttachPoint(result), range: point.range)
    }
}
