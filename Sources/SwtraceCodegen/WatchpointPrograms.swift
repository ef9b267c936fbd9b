// What a function watchpoint's attach point compiles to: its probe's program, loaded but not
// attached (user space attaches it per address), and an arming uprobe program.
import CLLVM
import SwtraceCore

enum WatchpointPrograms {
    /// After `bodyName` (the probe's program for `point`) is emitted: emits the arming
    /// program, records the body in `watchpoints`, and returns both programs' attachments.
    static func finish(bodyName: String, point: ResolvedAttachPoint, watch: FunctionWatchpoint, probe: CheckedProbe,
                       module: LLVMModule, debugInfo: DebugInfo, context: inout EmissionContext,
                       watchpoints: inout [WatchpointProgram]) -> [ProgramAttachment] {
        let setupName = bodyName + "_arm"
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
