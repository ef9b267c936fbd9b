// Prints the syntax tree the parser built, one node per line indented one space per level, in the
// spirit of bpftrace's `-d ast` output (`Program`, attach points, `pred`, `call: printf`, ...).

public enum SyntaxTreePrinter {
    public static func describe(_ program: Program) -> String {
        var out = TreeLines()
        out.add(0, "Program")
        if !program.config.isEmpty {
            out.add(1, "config")
            for entry in program.config {
                out.add(2, "=")
                out.add(3, "var: \(entry.key)")
                expr(entry.value, 3, &out)
            }
        }
        for definition in program.typeDefinitions {
            out.add(1, definition.name)
            for member in definition.members { out.add(2, "\(member.name) :: \(type(member.type))") }
        }
        for declaration in program.mapDeclarations {
            out.add(1, "map decl: \(declaration.name) :: \(declaration.kind)(\(declaration.maxEntries))")
        }
        for f in program.functions {
            out.add(1, "fn: \(f.name)" + (f.returnType.map { " :: \(type($0))" } ?? ""))
            for p in f.parameters { out.add(2, "arg: $\(p.name) :: \(type(p.type))") }
            block(f.body, 2, &out)
        }
        for m in program.macros {
            out.add(1, "macro: \(m.name)(\(m.parameters.joined(separator: ", ")))")
            block(m.body, 2, &out)
        }
        for probe in program.probes {
            for ap in probe.attachPoints { out.add(1, ap.raw) }
            if let predicate = probe.predicate {
                out.add(2, "pred")
                expr(predicate, 3, &out)
            }
            block(probe.body, 2, &out)
        }
        return out.text
    }

    static func type(_ t: TypeName) -> String {
        var s = t.name
        if t.pointerDepth > 0 { s += " " + String(repeating: "*", count: t.pointerDepth) }
        if let n = t.arrayLength { s += n == 0 ? "[]" : "[\(n)]" }
        return s
    }

    private static func block(_ b: Block, _ depth: Int, _ out: inout TreeLines) {
        for s in b.statements { stmt(s, depth, &out) }
    }

    private static func stmt(_ s: Stmt, _ d: Int, _ out: inout TreeLines) {
        switch s.kind {
        case .expression(let e):
            expr(e, d, &out)
        case .assign(let target, let op, let value):
            out.add(d, op.rawValue)
            expr(target, d + 1, &out)
            expr(value, d + 1, &out)
        case .declare(let variable, let t, let value):
            out.add(d, "decl" + (t.map { " :: \(type($0))" } ?? ""))
            out.add(d + 1, "variable: $\(variable)")
            if let value { expr(value, d + 1, &out) }
        case .ifElse(let condition, let then, let elseBlock):
            out.add(d, "if")
            expr(condition, d + 1, &out)
            out.add(d + 1, "then")
            block(then, d + 2, &out)
            if let elseBlock {
                out.add(d + 1, "else")
                block(elseBlock, d + 2, &out)
            }
        case .whileLoop(let condition, let body):
            out.add(d, "while")
            expr(condition, d + 1, &out)
            out.add(d + 1, "block")
            block(body, d + 2, &out)
        case .unroll(let count, let body):
            out.add(d, "unroll")
            expr(count, d + 1, &out)
            out.add(d + 1, "block")
            block(body, d + 2, &out)
        case .forMap(let variable, let map, let body):
            out.add(d, "for")
            out.add(d + 1, "decl")
            out.add(d + 2, "variable: $\(variable)")
            expr(map, d + 2, &out)
            out.add(d + 1, "stmts")
            block(body, d + 2, &out)
        case .forRange(let variable, let start, let end, let body):
            out.add(d, "for")
            out.add(d + 1, "decl")
            out.add(d + 2, "variable: $\(variable)")
            out.add(d + 2, "start")
            expr(start, d + 3, &out)
            out.add(d + 2, "end")
            expr(end, d + 3, &out)
            out.add(d + 1, "stmts")
            block(body, d + 2, &out)
        case .breakLoop:
            out.add(d, "break")
        case .continueLoop:
            out.add(d, "continue")
        case .returnValue(let value):
            out.add(d, "return")
            if let value { expr(value, d + 1, &out) }
        case .block(let b):
            out.add(d, "block")
            block(b, d + 1, &out)
        }
    }

    private static func expr(_ e: Expr, _ d: Int, _ out: inout TreeLines) {
        switch e.kind {
        case .integer(let v): out.add(d, "int: \(v)")
        case .string(let s): out.add(d, "string: \(StringLiteralText.escaped(s))")
        case .boolean(let b): out.add(d, "bool: \(b)")
        case .identifier(let name): out.add(d, "identifier: \(name)")
        case .variable(let name): out.add(d, "variable: $\(name)")
        case .positional(let n): out.add(d, "param: $\(n)")
        case .positionalCount: out.add(d, "param: $#")
        case .map(let name, let keys):
            out.add(d, "map: @\(name)")
            for k in keys { expr(k, d + 1, &out) }
        case .call(let name, let arguments):
            out.add(d, "call: \(name)")
            for a in arguments { expr(a, d + 1, &out) }
        case .binary(let op, let l, let r):
            out.add(d, op.rawValue)
            expr(l, d + 1, &out)
            expr(r, d + 1, &out)
        case .unary(let op, let x):
            out.add(d, op.rawValue)
            expr(x, d + 1, &out)
        case .increment(let kind, let x):
            switch kind {
            case .preIncrement: out.add(d, "++ (pre)")
            case .preDecrement: out.add(d, "-- (pre)")
            case .postIncrement: out.add(d, "++ (post)")
            case .postDecrement: out.add(d, "-- (post)")
            }
            expr(x, d + 1, &out)
        case .ternary(let c, let a, let b):
            out.add(d, "?:")
            expr(c, d + 1, &out)
            expr(a, d + 1, &out)
            expr(b, d + 1, &out)
        case .field(let x, let name, let arrow):
            out.add(d, arrow ? "->" : ".")
            expr(x, d + 1, &out)
            out.add(d + 1, name)
        case .index(let x, let i):
            out.add(d, "[]")
            expr(x, d + 1, &out)
            expr(i, d + 1, &out)
        case .tupleElement(let x, let i):
            out.add(d, ".")
            expr(x, d + 1, &out)
            out.add(d + 1, "\(i)")
        case .cast(let t, let x):
            out.add(d, "(\(type(t)))")
            expr(x, d + 1, &out)
        case .tuple(let elements):
            out.add(d, "tuple:")
            for x in elements { expr(x, d + 1, &out) }
        case .namedTuple(let names, let elements):
            out.add(d, "record:")
            for (name, x) in zip(names, elements) { out.add(d + 1, name + "="); expr(x, d + 2, &out) }
        case .sizeofType(let t):
            out.add(d, "sizeof:")
            out.add(d + 1, type(t))
        case .sizeofExpr(let x):
            out.add(d, "sizeof:")
            expr(x, d + 1, &out)
        case .offsetof(let t, let path):
            out.add(d, "offsetof:")
            out.add(d + 1, type(t))
            out.add(d + 1, path.joined(separator: "."))
        case .block(let statements, let value):
            out.add(d, "block expr")
            for s in statements { stmt(s, d + 1, &out) }
            expr(value, d + 1, &out)
        }
    }
}

private struct TreeLines {
    var text = ""
    mutating func add(_ depth: Int, _ line: String) {
        text += String(repeating: " ", count: depth) + line + "\n"
    }
}
