// A verifier refusal of a helper (bpf_d_path outside the functions the kernel allows it in,
// a helper this kernel lacks) reported as bpftrace does, at the call that needs it:
//   stdin:1:18-47: ERROR: helper bpf_d_path not supported in probe
// instead of the verifier's log (which -v still prints).
import SwtraceCore
import SwtraceRuntime

struct HelperRefusal {
    let rendered: String

    init?(_ error: RuntimeError, _ compilation: ProgramCompilation) {
        guard let helper = error.refusedHelper, let range = compilation.compiled.helperCallSites[helper] else { return nil }
        let hints = Self.hints[helper].map { [$0] } ?? []
        let diagnostic = Diagnostic(id: "helper-refused", message: "helper bpf_\(helper) not supported in probe", range: range, hints: hints)
        rendered = DiagnosticRenderer.render(diagnostic, in: compilation.source)
    }

    /// Why the kernel refuses the helpers it refuses most.
    static let hints: [String: String] = [
        "d_path": "path() works in iter probes and in fentry/fexit of the functions the kernel allows (btf_allowlist_d_path)",
        "override_return": "override() needs a kernel built with CONFIG_BPF_KPROBE_OVERRIDE and a function marked ALLOW_ERROR_INJECTION",
        "get_func_ip": "func in uretprobes needs a kernel whose bpf_get_func_ip knows uprobes",
    ]
}
