// Typing of the asynchronous output functions beyond printf/print: errorf, warnf, cat,
// system, join, signal.

extension TypeChecker {
    func checkOutputCall(_ name: String, _ arguments: [Expr], _ expr: Expr) -> SwType? {
        switch name {
        default:
            return nil
        }
    }
}
