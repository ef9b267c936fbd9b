// The syntax tree of a swtrace (bpftrace language) program, as the parser builds it.
// Every expression carries a unique `id`; later passes keep per-expression facts (types)
// in side tables keyed by that id, so the tree itself stays an immutable value.

public struct Program: Sendable {
    public var config: [ConfigEntry]
    public var functions: [FunctionDecl]
    public var macros: [MacroDecl]
    public var probes: [Probe]
    public var range: SourceRange
    /// `struct Name { ... }` definitions of the preamble, in order.
    public var typeDefinitions: [TypeDefinition] = []
    /// `let @name = lruhash(100);` declarations of the preamble, in order.
    public var mapDeclarations: [MapDeclaration] = []

    public init(config: [ConfigEntry] = [], functions: [FunctionDecl] = [], macros: [MacroDecl] = [],
                probes: [Probe], range: SourceRange = .none) {
        self.config = config; self.functions = functions; self.macros = macros
        self.probes = probes; self.range = range
    }
}

/// `config = { key = value; ... }`
public struct ConfigEntry: Sendable {
    public var key: String
    public var value: Expr
    public var range: SourceRange
    public init(key: String, value: Expr, range: SourceRange) { self.key = key; self.value = value; self.range = range }
}

/// `let @name = kind(maxEntries);`: the BPF map type and size of a map, declared up front.
public struct MapDeclaration: Sendable {
    /// "@name", as maps are displayed.
    public var name: String
    /// "hash", "lruhash", "percpuhash", "percpulruhash" (anything else is reported).
    public var kind: String
    public var maxEntries: UInt64
    public var range: SourceRange
    public var kindRange: SourceRange
    public init(name: String, kind: String, maxEntries: UInt64, range: SourceRange, kindRange: SourceRange) {
        self.name = name; self.kind = kind; self.maxEntries = maxEntries; self.range = range; self.kindRange = kindRange
    }
}

/// `struct Name { int a; char *p; u8 b[4]; }` (or `union`) in the preamble, written in C.
public struct TypeDefinition: Sendable {
    /// "struct Name" or "union Name", as casts name it.
    public var name: String
    public var isUnion: Bool
    public var members: [TypeDefinitionMember]
    public var range: SourceRange
    public init(name: String, isUnion: Bool, members: [TypeDefinitionMember], range: SourceRange) {
        self.name = name; self.isUnion = isUnion; self.members = members; self.range = range
    }
}

/// One member of a type definition: `char *name[4]` is type `char`, pointer depth 1, length 4.
public struct TypeDefinitionMember: Sendable {
    public var name: String
    public var type: TypeName
    public var range: SourceRange
    public init(name: String, type: TypeName, range: SourceRange) { self.name = name; self.type = type; self.range = range }
}

/// `fn name($a: int64, ...): type { ... }`
public struct FunctionDecl: Sendable {
    public var name: String
    public var parameters: [(name: String, type: TypeName)]
    public var returnType: TypeName?
    public var body: Block
    public var range: SourceRange
    public init(name: String, parameters: [(name: String, type: TypeName)], returnType: TypeName?, body: Block, range: SourceRange) {
        self.name = name; self.parameters = parameters; self.returnType = returnType; self.body = body; self.range = range
    }
}

/// `macro name($a, @b, c) { ... }`
public struct MacroDecl: Sendable {
    public var name: String
    public var parameters: [String]
    public var body: Block
    public var range: SourceRange
    public init(name: String, parameters: [String], body: Block, range: SourceRange) {
        self.name = name; self.parameters = parameters; self.body = body; self.range = range
    }
}

/// One action block with the attach points that share it: `a, b /pred/ { ... }`.
public struct Probe: Sendable {
    public var attachPoints: [AttachPoint]
    public var predicate: Expr?
    public var body: Block
    public var range: SourceRange
    public init(attachPoints: [AttachPoint], predicate: Expr?, body: Block, range: SourceRange) {
        self.attachPoints = attachPoints; self.predicate = predicate; self.body = body; self.range = range
    }
}

/// An attach point as written, e.g. `tracepoint:syscalls:sys_enter_*`, `interval:s:1`, `BEGIN`,
/// `uprobe:/bin/bash:readline`, `kprobe:vfs_read+8`. `parts` is `raw` split on ':' (a path part
/// keeps any ':' it has no reason to contain; providers interpret the parts).
public struct AttachPoint: Sendable, Hashable {
    public var raw: String
    public var parts: [String]
    public var range: SourceRange
    public init(raw: String, parts: [String], range: SourceRange) { self.raw = raw; self.parts = parts; self.range = range }
    public var provider: String { parts.first ?? raw }
}

public struct Block: Sendable {
    public var statements: [Stmt]
    public var range: SourceRange
    public init(statements: [Stmt], range: SourceRange) { self.statements = statements; self.range = range }
}

/// A type as written in casts, `let` declarations and function signatures:
/// `uint32`, `int8`, `string`, `struct task_struct *`, `uint8[4]`, `inet`, ...
public struct TypeName: Sendable, Hashable {
    public var name: String           // "uint32", "struct task_struct", "string"
    public var pointerDepth: Int      // number of '*'
    public var arrayLength: Int?      // `[N]`
    public var range: SourceRange
    public init(name: String, pointerDepth: Int = 0, arrayLength: Int? = nil, range: SourceRange) {
        self.name = name; self.pointerDepth = pointerDepth; self.arrayLength = arrayLength; self.range = range
    }
}

public struct Stmt: Sendable {
    public var kind: StmtKind
    public var range: SourceRange
    public init(_ kind: StmtKind, range: SourceRange) { self.kind = kind; self.range = range }
}

public enum AssignOperator: String, Sendable {
    case assign = "="
    case add = "+=", subtract = "-=", multiply = "*=", divide = "/=", modulo = "%="
    case bitAnd = "&=", bitOr = "|=", bitXor = "^=", shiftLeft = "<<=", shiftRight = ">>="
}

public indirect enum StmtKind: Sendable {
    /// An expression evaluated for its effect: `printf(...)`, `@x++`, `delete(@m[k])`.
    case expression(Expr)
    /// `@m[k] = v`, `@m[k] += v`, `$x = v`, `$x *= 2`, `@m = count()`. Target is a `.map` or `.variable`.
    case assign(target: Expr, op: AssignOperator, value: Expr)
    /// `let $x;`, `let $x: uint32 = 5;`, `let $x = 5;`
    case declare(variable: String, type: TypeName?, value: Expr?)
    /// `if (c) { } else if (d) { } else { }` — `else if` nests an `.ifElse` inside `elseBlock`.
    case ifElse(condition: Expr, then: Block, elseBlock: Block?)
    case whileLoop(condition: Expr, body: Block)
    /// `unroll(N) { }`
    case unroll(count: Expr, body: Block)
    /// `for ($kv : @map) { }`
    case forMap(variable: String, map: Expr, body: Block)
    /// `for ($i : start..end) { }`
    case forRange(variable: String, start: Expr, end: Expr, body: Block)
    case breakLoop
    case continueLoop
    case returnValue(Expr?)
    case block(Block)
}

public struct Expr: Sendable {
    public var id: Int
    public var kind: ExprKind
    public var range: SourceRange
    public init(id: Int, kind: ExprKind, range: SourceRange) { self.id = id; self.kind = kind; self.range = range }
}

public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%"
    case bitAnd = "&", bitOr = "|", bitXor = "^", shiftLeft = "<<", shiftRight = ">>"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case logicalAnd = "&&", logicalOr = "||"
}

public enum UnaryOperator: String, Sendable {
    case negate = "-", logicalNot = "!", bitNot = "~", dereference = "*", addressOf = "&"
}

public enum IncrementKind: Sendable {
    case preIncrement, preDecrement, postIncrement, postDecrement
}

public indirect enum ExprKind: Sendable {
    /// Integer literal; the value as written (after `_` removal, time suffix scaling).
    case integer(UInt64)
    case string(String)
    /// `true` / `false`
    case boolean(Bool)
    /// Identifiers that name builtins: `pid`, `comm`, `args`, `retval`, `arg0`, `probe`, `curtask`...
    /// Also bare identifiers in positions the parser cannot classify (enum values, macro params).
    case identifier(String)
    /// `$name`
    case variable(String)
    /// `$1`, `$2`, ... (1-based)
    case positional(Int)
    /// `$#`
    case positionalCount
    /// `@`, `@name`, `@name[k]`, `@name[k1, k2]` (name without '@'; "" for the anonymous map).
    case map(name: String, keys: [Expr])
    /// `name(args...)` — builtin functions, map functions, user functions, macros.
    case call(name: String, arguments: [Expr])
    case binary(BinaryOperator, Expr, Expr)
    case unary(UnaryOperator, Expr)
    case increment(IncrementKind, Expr)
    /// `c ? a : b`
    case ternary(Expr, Expr, Expr)
    /// `e.field` (`arrow == false`) or `e->field` (`arrow == true`).
    case field(Expr, name: String, arrow: Bool)
    /// `e[i]`
    case index(Expr, Expr)
    /// `t.0`
    case tupleElement(Expr, Int)
    /// `(type)e`
    case cast(TypeName, Expr)
    /// `(a, b, ...)` with two or more elements.
    case tuple([Expr])
    /// `(a=1, b="x")`: a named tuple (bpftrace's record literal), fields in the order written.
    case namedTuple([String], [Expr])
    /// `sizeof(type)` or `sizeof(expr)`.
    case sizeofType(TypeName)
    case sizeofExpr(Expr)
    /// `offsetof(struct foo, field.sub)`
    case offsetof(TypeName, [String])
    /// A statement block used as an expression value (`{ stmts; expr }`), for macros.
    case block([Stmt], Expr)
}
