// Which address space a struct/pointer chain reads: bpftrace gives each pointer the address
// space of where it came from, and a whole chain (`args.rqtp->tv_sec`, `$p->next->val`) stays
// in the space of its root, because a struct in user memory holds user pointers and a kernel
// struct kernel ones.
//   curtask                               kernel, in every probe
//   args.X of a syscalls:* tracepoint     user (the system call's arguments)
//   args.X of other tracepoints, kprobes  kernel
//   anything in a uprobe/uretprobe        user
//   $var                                  the space of what the probe assigns to it
import SwtraceCore

extension FunctionEmitter {
    /// True when the memory `expr` (a field, index, dereference or cast chain) reads is the
    /// traced process's rather than the kernel's.
    func chainReadsUserMemory(_ expr: Expr) -> Bool {
        var visiting: Set<String> = []
        return rootIsUserSpace(expr, visiting: &visiting)
    }

    private func rootIsUserSpace(_ expr: Expr, visiting: inout Set<String>) -> Bool {
        switch expr.kind {
        case .identifier("curtask"):
            return false
        case .field(let base, let name, _):
            if case .identifier("args") = base.kind { return argumentIsUserPointer(name) }
            return rootIsUserSpace(base, visiting: &visiting)
        case .index(let base, _), .unary(.dereference, let base), .cast(_, let base), .tupleElement(let base, _):
            return rootIsUserSpace(base, visiting: &visiting)
        case .binary(.add, let left, let right), .binary(.subtract, let left, let right):
            // Pointer arithmetic keeps the pointer operand's space.
            let pointerSide = isPointerType(program.type(of: right)) && !isPointerType(program.type(of: left)) ? right : left
            return rootIsUserSpace(pointerSide, visiting: &visiting)
        case .ternary(_, let left, let right):
            return rootIsUserSpace(left, visiting: &visiting) || rootIsUserSpace(right, visiting: &visiting)
        case .variable(let name):
            guard visiting.insert(name).inserted else { return probeDefaultsToUserSpace }
            defer { visiting.remove(name) }
            let sources = Self.assignedValues(of: name, in: probe.probe.body.statements)
            if sources.isEmpty { return probeDefaultsToUserSpace }
            return sources.contains { rootIsUserSpace($0, visiting: &visiting) }
        default:
            return probeDefaultsToUserSpace
        }
    }

    /// uprobe-family probes read the traced process; everything else starts in the kernel.
    private var probeDefaultsToUserSpace: Bool {
        switch (attachPoint ?? probe.attachPoints.first)?.target {
        case .uprobe, .uretprobe: return true
        default: return false
        }
    }

    /// A pointer field of `args`: system call arguments point into the caller; other
    /// tracepoints record kernel pointers.
    private func argumentIsUserPointer(_ name: String) -> Bool {
        if probeDefaultsToUserSpace { return true }
        guard let format = attachPoint?.tracepointFormat ?? probe.attachPoints.first?.tracepointFormat else { return false }
        if let field = format.fields.first(where: { $0.name == name }), TracepointFieldTypes.isDataLocation(field) { return false }
        return format.category == "syscalls"
    }

    private func isPointerType(_ type: SwType) -> Bool {
        if case .pointer = type { return true }
        return false
    }

    /// Every value the statements assign to `$name` (`=`, `let`), in nested blocks too.
    static func assignedValues(of name: String, in statements: [Stmt]) -> [Expr] {
        var found: [Expr] = []
        func visit(_ statements: [Stmt]) {
            for statement in statements {
                switch statement.kind {
                case .assign(let target, .assign, let value):
                    if case .variable(name) = target.kind { found.append(value) }
                    visitExpr(value)
                case .declare(name, _, let value?):
                    found.append(value)
                case .expression(let value):
                    visitExpr(value)
                case .ifElse(_, let then, let elseBlock):
                    visit(then.statements)
                    if let elseBlock { visit(elseBlock.statements) }
                case .whileLoop(_, let body), .unroll(_, let body), .forMap(_, _, let body), .forRange(_, _, _, let body),
                     .block(let body):
                    visit(body.statements)
                default:
                    break
                }
            }
        }
        func visitExpr(_ expr: Expr) {
            if case .block(let statements, _) = expr.kind { visit(statements) }
        }
        visit(statements)
        return found
    }
}
