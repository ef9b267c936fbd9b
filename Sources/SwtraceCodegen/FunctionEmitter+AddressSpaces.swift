// Which address space a struct/pointer chain reads: bpftrace gives each pointer the address
// space of where it came from, and a whole chain (`args.rqtp->tv_sec`, `$p->next->val`) stays
// in the space of its root, because a struct in user memory holds user pointers and a kernel
// struct kernel ones.
//   curtask, kptr(...)                    kernel, in every probe
//   uptr(...)                             user
//   args.X of a syscalls:* tracepoint     user (the system call's arguments)
//   args.X of other tracepoints, kprobes  kernel
//   anything in a uprobe/uretprobe        user
//   $var                                  the space of what the probe assigns to it
//   @map[...]                             the space of what any probe assigns to the map (a
//                                         pointer saved at a syscall's entry, read at its exit)
import SwtraceCore

extension FunctionEmitter {
    /// The probe an expression belongs to and the attach point that decides its defaults.
    private struct SpaceContext {
        var probe: CheckedProbe
        var attachPoint: ResolvedAttachPoint?
    }

    /// True when the memory `expr` (a field, index, dereference or cast chain) reads is the
    /// traced process's rather than the kernel's.
    func chainReadsUserMemory(_ expr: Expr) -> Bool {
        var visiting: Set<String> = []
        return rootIsUserSpace(expr, SpaceContext(probe: probe, attachPoint: attachPoint ?? probe.attachPoints.first),
                               visiting: &visiting)
    }

    private func rootIsUserSpace(_ expr: Expr, _ context: SpaceContext, visiting: inout Set<String>) -> Bool {
        switch expr.kind {
        case .identifier("curtask"), .call("kptr", _):
            return false
        case .call("uptr", _):
            return true
        case .field(let base, let name, _):
            if case .identifier("args") = base.kind { return argumentIsUserPointer(name, context) }
            return rootIsUserSpace(base, context, visiting: &visiting)
        case .index(let base, _), .unary(.dereference, let base), .cast(_, let base), .tupleElement(let base, _):
            return rootIsUserSpace(base, context, visiting: &visiting)
        case .binary(.add, let left, let right), .binary(.subtract, let left, let right):
            // Pointer arithmetic keeps the pointer operand's space.
            let pointerSide = isPointerType(program.type(of: right)) && !isPointerType(program.type(of: left)) ? right : left
            return rootIsUserSpace(pointerSide, context, visiting: &visiting)
        case .ternary(_, let left, let right):
            return rootIsUserSpace(left, context, visiting: &visiting) || rootIsUserSpace(right, context, visiting: &visiting)
        case .variable(let name):
            let key = "$\(name)#\(context.probe.probe.range.start)"
            guard visiting.insert(key).inserted else { return defaultsToUserSpace(context) }
            defer { visiting.remove(key) }
            let sources = Self.assignedValues(to: .variable(name), in: context.probe.probe.body.statements)
            if sources.isEmpty { return defaultsToUserSpace(context) }
            return sources.contains { rootIsUserSpace($0, context, visiting: &visiting) }
        case .map(let name, _):
            guard visiting.insert("@" + name).inserted else { return defaultsToUserSpace(context) }
            defer { visiting.remove("@" + name) }
            var assigned = false
            for other in program.probes {
                let otherContext = SpaceContext(probe: other, attachPoint: other.attachPoints.first)
                for value in Self.assignedValues(to: .map(name), in: other.probe.body.statements) {
                    assigned = true
                    if rootIsUserSpace(value, otherContext, visiting: &visiting) { return true }
                }
            }
            return assigned ? false : defaultsToUserSpace(context)
        default:
            return defaultsToUserSpace(context)
        }
    }

    /// uprobe-family probes read the traced process; everything else starts in the kernel.
    private func defaultsToUserSpace(_ context: SpaceContext) -> Bool {
        switch context.attachPoint?.target {
        case .uprobe, .uretprobe: return true
        default: return false
        }
    }

    /// A pointer field of `args`: system call arguments point into the caller; other
    /// tracepoints record kernel pointers.
    private func argumentIsUserPointer(_ name: String, _ context: SpaceContext) -> Bool {
        if defaultsToUserSpace(context) { return true }
        guard let format = context.attachPoint?.tracepointFormat else { return false }
        if let field = format.fields.first(where: { $0.name == name }), TracepointFieldTypes.isDataLocation(field) { return false }
        return format.category == "syscalls"
    }

    private func isPointerType(_ type: SwType) -> Bool {
        if case .pointer = type { return true }
        return false
    }

    /// What an assignment target names: a scratch variable or a map (any keys).
    enum AssignedName {
        case variable(String)
        case map(String)

        func matches(_ target: Expr) -> Bool {
            switch (self, target.kind) {
            case (.variable(let name), .variable(let written)): return name == written
            case (.map(let name), .map(let written, _)): return name == written
            default: return false
            }
        }
    }

    /// Every value the statements assign to `name` (`=`, `let`), in nested blocks too.
    static func assignedValues(to name: AssignedName, in statements: [Stmt]) -> [Expr] {
        var found: [Expr] = []
        func visit(_ statements: [Stmt]) {
            for statement in statements {
                switch statement.kind {
                case .assign(let target, .assign, let value):
                    if name.matches(target) { found.append(value) }
                    visitExpr(value)
                case .declare(let variable, _, let value?):
                    if case .variable(variable) = name { found.append(value) }
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
