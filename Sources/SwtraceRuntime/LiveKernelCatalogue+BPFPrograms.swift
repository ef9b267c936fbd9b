// `fentry:bpf:*`: the functions of the BPF programs loaded right now.

import SwtraceCore

extension LiveKernelCatalogue {
    public func runningBPFFunctions() throws -> [RunningBPFFunction] { RunningBPFPrograms.functions() }
}
