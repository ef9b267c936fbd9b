// bpftrace's `-k`: when a probe-read helper fails at run time (a bad or paged-out address) or a
// stack cannot be recorded, a warning with the call's location, the error and the helper's
// return code, e.g.
//   stdin:1:44-53: WARNING: Bad address
//   Additional Info - helper: probe_read_user_str, retcode: -14
//   <source line and underline>
// It travels as a warnf-style message event, so user space needs nothing new.
import CLLVM
import Foundation
import Synchronization
import SwtraceCore

/// Whether programs check helper results. Off by default, as in bpftrace; the CLI turns it on
/// for `-k`. The environment variable serves runs whose command line cannot say it (tests).
public enum HelperErrorChecks {
    private static let state = Mutex(ProcessInfo.processInfo.environment["SWTRACE_HELPER_WARNINGS"] == "1")

    public static var enabled: Bool {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}

extension BPFHelper {
    /// The kernel's name for the helper, as bpftrace prints it.
    var displayName: String {
        switch self {
        case .mapLookupElem: return "map_lookup_elem"
        case .mapDeleteElem: return "map_delete_elem"
        case .probeReadUser: return "probe_read_user"
        case .probeReadKernel: return "probe_read_kernel"
        case .probeReadUserStr: return "probe_read_user_str"
        case .probeReadKernelStr: return "probe_read_kernel_str"
        case .probeReadStr: return "probe_read_str"
        case .dPath: return "d_path"
        case .getStackid: return "get_stackid"
        case .getSocketCookie: return "get_socket_cookie"
        case .overrideReturn: return "override_return"
        case .sendSignal: return "send_signal"
        case .sendSignalThread: return "send_signal_thread"
        case .tracePrintk: return "trace_printk"
        case .traceVprintk: return "trace_vprintk"
        case .getFuncIp: return "get_func_ip"
        case .getFuncRet: return "get_func_ret"
        case .ktimeGetTaiNs: return "ktime_get_tai_ns"
        default: return "\(self)"
        }
    }
}

extension FunctionEmitter {
    /// Remembers where `helper` is first called, for a verifier refusal of it (the kernel allows
    /// bpf_d_path in few functions, bpf_get_socket_cookie only in tracing programs...).
    func noteHelperCall(_ helper: BPFHelper, _ expr: Expr) {
        if context.helperCallSites[helper.displayName] == nil { context.helperCallSites[helper.displayName] = expr.range }
    }

    /// With checks on, warns in bpftrace's words when `failed` holds: a map element that was
    /// not there for delete() ("Can't delete map element because it does not exist.", the
    /// helper's -ENOENT) or a read ("Can't lookup map element...", retcode 0, the null pointer).
    func reportMapElementMissing(_ failed: LLVMValueRef, action: String, _ helper: BPFHelper, code: LLVMValueRef, _ expr: Expr) {
        guard HelperErrorChecks.enabled else { return }
        let report = appendBlock("map.missing"), done = appendBlock("map.ok")
        LLVMBuildCondBr(b, failed, report, done)
        LLVMPositionBuilderAtEnd(b, report)
        let (prefix, context) = helperWarningParts(expr)
        let format = (["Can't \(action) map element because it does not exist.",
                       "Additional Info - helper: \(helper.displayName), retcode: %d"] + context).joined(separator: "\n")
        sendEvent(.formattedAction(.message(prefix: prefix), format: format, argumentTypes: [.int64]), fields: [(code, .int64)])
        LLVMBuildBr(b, done)
        LLVMPositionBuilderAtEnd(b, done)
    }

    /// bpftrace's run-time warning for a zero divisor, sent when `isZero` holds.
    func warnDivisionByZero(_ isZero: LLVMValueRef, _ expr: Expr) {
        let report = appendBlock("div.zero"), done = appendBlock("div.ok")
        LLVMBuildCondBr(b, isZero, report, done)
        LLVMPositionBuilderAtEnd(b, report)
        let (prefix, context) = helperWarningParts(expr)
        let format = (["Divide or modulo by 0 detected. This can lead to unexpected results. 1 is being used as the result."]
                      + context).joined(separator: "\n")
        sendEvent(.formattedAction(.message(prefix: prefix), format: format, argumentTypes: []), fields: [])
        LLVMBuildBr(b, done)
        LLVMPositionBuilderAtEnd(b, done)
    }

    /// The `file:line:col: WARNING: ` prefix of a run-time warning at `expr`, and its source
    /// line and underline escaped for a printf-style format.
    func helperWarningParts(_ expr: Expr) -> (prefix: String, context: [String]) {
        let rendered = DiagnosticRenderer.render(Diagnostic(id: "helper-error", severity: .warning, message: "", range: expr.range),
                                                 in: program.source)
        var lines = rendered.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let prefix = lines.removeFirst()
        return (prefix, lines.filter { !$0.isEmpty }.map { $0.replacingOccurrences(of: "%", with: "%%") })
    }

    /// Sends the warning when `result` (a helper's return value) is negative and checks are on.
    func checkHelperResult(_ result: LLVMValueRef, _ helper: BPFHelper, _ expr: Expr) {
        guard HelperErrorChecks.enabled else { return }
        // Helpers return an int: look at its low 32 bits as bpftrace does.
        let code = LLVMBuildSExt(b, LLVMBuildTrunc(b, result, m.i32, "")!, m.i64, "retcode")!
        let failed = LLVMBuildICmp(b, LLVMIntSLT, code, m.constant(0), "")!
        let report = appendBlock("helper.failed"), done = appendBlock("helper.ok")
        LLVMBuildCondBr(b, failed, report, done)
        LLVMPositionBuilderAtEnd(b, report)
        let (prefix, context) = helperWarningParts(expr)
        let format = (["%s", "Additional Info - helper: \(helper.displayName), retcode: %d"] + context).joined(separator: "\n")
        let errno = LLVMBuildNeg(b, code, "")!
        sendEvent(.formattedAction(.message(prefix: prefix), format: format, argumentTypes: [.formatted(.errorName), .int64]),
                  fields: [(errno, .formatted(.errorName)), (code, .int64)])
        LLVMBuildBr(b, done)
        LLVMPositionBuilderAtEnd(b, done)
    }
}
