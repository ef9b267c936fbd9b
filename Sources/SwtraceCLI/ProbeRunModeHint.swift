// A program of only test:/bench: probes run without --test/--bench would attach nothing: say
// which flag runs them, in bpftrace's words.
import SwtraceCore

enum ProbeRunModeHint {
    /// The error for a trace run with nothing to attach but test:/bench: probes; nil otherwise.
    static func message(for compilation: ProgramCompilation) -> String? {
        guard compilation.compiled.plan.programs.isEmpty else { return nil }
        let providers = Set(compilation.checked.program.probes.flatMap(\.attachPoints).map(\.provider))
        if providers.contains("test") { return "ERROR: No probes attached; use --test to run test probes.\n" }
        if providers.contains("bench") { return "ERROR: No probes attached; use --bench to run benchmark probes.\n" }
        return nil
    }
}
