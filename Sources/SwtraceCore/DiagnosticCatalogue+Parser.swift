// Diagnostics of the front end (preprocessor, lexer, parser): one factory per message, with a
// stable id, so call sites never build message strings and tests can refer to ids.

public enum ParserDiagnostics {
    /// `syntax error, unexpected X[, expecting Y]`, the bison-style message bpftrace users know.
    public static func unexpectedToken(_ found: String, expecting: String?, at range: SourceRange,
                                       hints: [String] = []) -> Diagnostic {
        var message = "syntax error, unexpected \(found)"
        if let expecting { message += ", expecting \(expecting)" }
        return Diagnostic(id: "syntax-unexpected-token", message: message, range: range, hints: hints)
    }

    public static func expectedExpression(found: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "syntax-expected-expression",
                   message: "syntax error, unexpected \(found), expecting expression", range: range)
    }

    public static func unclosedDelimiter(_ open: String, close: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "syntax-unclosed-delimiter",
                   message: "syntax error, unexpected end of file, expecting \(close)", range: range,
                   hints: ["this '\(open)' is never closed"])
    }

    public static func unterminatedString(at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "unterminated-string", message: "unterminated string", range: range,
                   hints: ["strings must end with '\"' on the line they start on"])
    }

    public static func unterminatedCharacter(at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "unterminated-character", message: "unterminated character literal", range: range)
    }

    public static func invalidCharacterLiteral(at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "invalid-character-literal",
                   message: "a character literal must hold exactly one character", range: range)
    }

    public static func unterminatedComment(at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "unterminated-comment", message: "unterminated comment", range: range,
                   hints: ["close the comment with '*/'"])
    }

    public static func invalidEscape(_ escape: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "invalid-escape", message: "invalid escape character '\(escape)'", range: range,
                   hints: ["valid escapes are \\n \\t \\r \\\\ \\\" \\' \\xNN and \\0NN (octal)"])
    }

    /// bpftrace's wording; the hint gives the largest byte an octal escape can spell.
    public static func octalEscapeOutOfRange(_ escape: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "octal-escape-range", message: "octal escape sequence out of range '\(escape)'", range: range,
                   hints: ["an octal escape spells one byte: \\0 to \\377"])
    }

    public static func invalidCharacter(_ character: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "invalid-character", message: "invalid character '\(character)'", range: range)
    }

    public static func invalidInteger(_ text: String, reason: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "invalid-integer", message: "invalid integer literal '\(text)': \(reason)", range: range,
                   hints: ["integer suffixes are u, l, ul, ll, ull; duration suffixes are ns, us, ms, s, m, h, d"])
    }

    public static func integerOverflow(_ text: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "integer-overflow", message: "integer literal '\(text)' does not fit in 64 bits",
                   range: range)
    }

    public static func invalidPositional(at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "invalid-positional", message: "invalid positional parameter", range: range,
                   hints: ["positional parameters are $1, $2, ... and $# for their count"])
    }

    public static func invalidAssignmentTarget(at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "invalid-assignment-target", message: "only maps and variables can be assigned to",
                   range: range, hints: ["assign to a map (@name, @name[key]) or a variable ($name)"])
    }

    public static func blockExpressionWithoutValue(at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "block-expression-without-value",
                   message: "a block used as a value must end with an expression", range: range,
                   hints: ["remove the ';' after the last expression of the block"])
    }

    public static func missingSemicolon(found: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "syntax-unexpected-token",
                   message: "syntax error, unexpected \(found), expecting ; or }", range: range,
                   hints: ["statements are separated by ';'"])
    }

    public static func expectedAttachPoint(found: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "syntax-expected-attach-point",
                   message: "syntax error, unexpected \(found), expecting attach point", range: range,
                   hints: ["a probe starts with an attach point such as BEGIN or tracepoint:syscalls:sys_enter_openat"])
    }

    public static func missingProbeBody(at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "syntax-missing-probe-body", message: "syntax error, expecting { after attach point",
                   range: range, hints: ["every probe needs an action block: probe { ... }"])
    }

    public static func unsupportedTopLevel(_ what: String, at range: SourceRange, hint: String) -> Diagnostic {
        Diagnostic(id: "unsupported-declaration", message: "\(what) are not supported", range: range, hints: [hint])
    }

    public static func floatingPointLiteral(_ spelled: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "floating-point-literal", message: "Floating-point numbers are not supported: \(spelled)", range: range,
                   hints: ["BPF has integers only; scale the value, e.g. 1500 for 1.5k or 1500ms for 1.5 s"])
    }

    public static func preambleAfterProbes(_ what: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "preamble-order", message: "\(what) must come before the first probe", range: range,
                   hints: ["move it to the top of the script, above the probes"])
    }

    public static func nestedTooDeeply(limit: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "nested-too-deeply", message: "the program nests more than \(limit) levels deep here", range: range,
                   hints: ["split the expression with variables, e.g. $part = ...; then use $part"])
    }

    public static func unsupportedBitfield(at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "unsupported-bitfield", message: "bitfields are not supported in type definitions", range: range,
                   hints: ["declare the whole integer holding the bits and mask them, e.g. (x >> 3) & 0x7"])
    }

    public static func unsupportedDirective(_ directive: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "unsupported-preprocessor-directive",
                   message: "unsupported preprocessor directive '#\(directive)'", range: range,
                   hints: ["#include, object-like #define, #undef, #ifdef, #ifndef, #if 0/1, #else and #endif are supported"])
    }

    public static func functionLikeMacro(_ name: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "unsupported-function-like-macro",
                   message: "function-like C macro '\(name)' is not supported", range: range,
                   hints: ["use a bpftrace macro instead: macro \(name)(x) { ... }"])
    }

    public static func unbalancedConditional(_ directive: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "unbalanced-preprocessor-conditional",
                   message: "#\(directive) without a matching #if", range: range)
    }

    public static func unterminatedConditional(at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "unterminated-preprocessor-conditional", message: "unterminated conditional directive",
                   range: range, hints: ["add #endif"])
    }
}
