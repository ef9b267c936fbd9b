// Emission of string functions: str, buf, strlen, strncmp, strcontains, strstr, str_concat.
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    func emitStringCall(_ name: String, _ arguments: [Expr], _ expr: Expr) throws -> LLVMValueRef? {
        switch name {
        case "str": return try emitStr(arguments, expr)
        default: return nil
        }
    }
}
