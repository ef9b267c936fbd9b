// Emission of asynchronous output functions beyond printf/print: errorf, warnf, cat, system,
// join, signal.
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    func emitOutputCall(_ name: String, _ arguments: [Expr], _ expr: Expr) throws -> LLVMValueRef? {
        switch name {
        default: return nil
        }
    }
}
