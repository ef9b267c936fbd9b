// What a function watchpoint's attach point compiles to: its probe's program, loaded but not
// attached (user space attaches it per address), and an arming uprobe program.
import CLLVM
import SwtraceCore

enum WatchpointPrograms {
    /// Entries of the map of (probe index, address) pairs user space has handled.
    static let watchedEntries = 4096

    /// Function watchpoint attach points of the program (their indices are 0..<count).
    static func count(_ program: CheckedProgram) -> Int {
        program.probes.flatMap(\.attachPoints).filter { point in
            if case .functionWatchpoint = point.target { return true }
            return false
        }.count
    }

    /// The map the arming programs consult so that a function called again with an address
    /// already handled neither stops the tracee nor wakes user space (bpftrace does both on
    /// every call): keys are (u64 probe index, u64 address), written by user space.
    static func defineWatchedMap(_ module: LLVMModule, _ debugInfo: DebugInfo, _ program: CheckedProgram) {
        guard count(program) > 0 else { return }
        _ = MapGlobals.define(module, debugInfo, name: WatchpointProgram.watchedMapName, fields: [
            ("type", BPFMapType.hash.rawValue), ("max_entries", watchedEntries), ("key_size", 16), ("value_size", 8),
        ])
    }

    /// After `bodyName` (the probe's program for `point`) is emitted: emits the arming
    /// program `setupName`, records the body in `watchpoints`, and returns both programs' attachments.
    static func finish(bodyName: String, setupName: String, point: ResolvedAttachPoint, watch: FunctionWatchpoint, probe: CheckedProbe,
                       module: LLVMModule, debugInfo: DebugInfo, context: inout EmissionContext,
                       watchpoints: inout [WatchpointProgram]) -> [ProgramAttachment] {
        let setup = FunctionEmitter(module: module, debugInfo: debugInfo, context: context, probe: probe,
                                    attachPoint: point, programKind: .kprobe, name: setupName)
        setup.emitWatchpointSetup(watch, watchIndex: watchpoints.count)
        context = setup.context
        watchpoints.append(WatchpointProgram(programName: bodyName, probeName: point.probeName, watch: watch))
        return [
            ProgramAttachment(programName: bodyName, kind: point.programKind, targets: [], probeNames: []),
            ProgramAttachment(programName: setupName, kind: .kprobe, targets: [point.target], probeNames: [point.probeName]),
        ]
    }
}
