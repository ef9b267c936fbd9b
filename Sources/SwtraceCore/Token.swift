// Tokens of the bpftrace language as the lexer produces them for the parser.

public enum SyntaxTokenKind: Equatable, Sendable {
    case identifier(String)
    /// `@`, `@name` (name without '@').
    case map(String)
    /// `$name`
    case variable(String)
    /// `$1`, `$2`, ...
    case positional(Int)
    /// `$#`
    case positionalCount
    case integer(UInt64)
    case string(String)
    /// An attach point run of text (only produced in attach-point mode).
    case attachPoint(String)
    case punct(Punctuator)
    /// A character the lexer could not make sense of; already reported.
    case invalid
    case endOfFile

    /// How bison-style messages name this token: `identifier`, `integer`, `}`, `end of file`.
    public var displayName: String {
        switch self {
        case .identifier(let name): return SyntaxKeyword.all.contains(name) ? name : "identifier"
        case .map: return "map"
        case .variable: return "variable"
        case .positional, .positionalCount: return "positional parameter"
        case .integer: return "integer"
        case .string: return "string"
        case .attachPoint: return "attach point"
        case .punct(let p): return p.rawValue
        case .invalid: return "invalid token"
        case .endOfFile: return "end of file"
        }
    }
}

/// Punctuation and operators, spelled as written.
public enum Punctuator: String, Sendable, CaseIterable {
    case lbrace = "{", rbrace = "}", lparen = "(", rparen = ")", lbracket = "[", rbracket = "]"
    case semicolon = ";", comma = ",", colon = ":", question = "?", dot = ".", dotDot = "..", arrow = "->"
    case assign = "="
    case plusAssign = "+=", minusAssign = "-=", starAssign = "*=", slashAssign = "/=", percentAssign = "%="
    case ampAssign = "&=", pipeAssign = "|=", caretAssign = "^=", shlAssign = "<<=", shrAssign = ">>="
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case logicalAnd = "&&", logicalOr = "||"
    case plus = "+", minus = "-", star = "*", slash = "/", percent = "%"
    case amp = "&", pipe = "|", caret = "^", shl = "<<", shr = ">>"
    case bang = "!", tilde = "~", plusPlus = "++", minusMinus = "--"

    /// The assignment operator this token spells, if it is one.
    var assignOperator: AssignOperator? { AssignOperator(rawValue: rawValue) }
}

/// Words with a meaning of their own in the grammar.
public enum SyntaxKeyword {
    public static let all: Set<String> = [
        "if", "else", "while", "for", "unroll", "break", "continue", "return", "let",
        "config", "fn", "macro", "sizeof", "offsetof", "true", "false", "import",
    ]
}

public struct SyntaxToken: Sendable {
    public var kind: SyntaxTokenKind
    public var range: SourceRange
    /// True when whitespace or a comment came right before this token.
    public var spaceBefore: Bool
    public init(kind: SyntaxTokenKind, range: SourceRange, spaceBefore: Bool = false) {
        self.kind = kind; self.range = range; self.spaceBefore = spaceBefore
    }

    func isPunct(_ p: Punctuator) -> Bool { kind == .punct(p) }
    func isIdentifier(_ name: String) -> Bool { kind == .identifier(name) }
}
