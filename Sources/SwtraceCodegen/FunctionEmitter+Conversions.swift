// Emission of conversions: strftime, ntop, pton, macaddr, bswap, syscall_name, strerror,
// cgroupid, cgroup_path, path, has_key.
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    func emitConversionCall(_ name: String, _ arguments: [Expr], _ expr: Expr) throws -> LLVMValueRef? {
        switch name {
        default: return nil
        }
    }
}
