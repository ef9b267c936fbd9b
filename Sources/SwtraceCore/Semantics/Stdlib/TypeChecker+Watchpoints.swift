// Typing of unwatch(addr): the watchpoints on an address go (user space removes them).

extension TypeChecker {
    func checkWatchpointCall(_ name: String, _ arguments: [Expr], _ expr: Expr) -> SwType? {
        guard name == "unwatch" else { return nil }
        // bpftrace takes an integer only; a pointer must be cast, as `(uint64)ptr`.
        expectInteger(check(arguments[0]), name, arguments[0], position: 1)
        return .void
    }
}
