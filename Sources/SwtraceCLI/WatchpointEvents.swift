// What user space does for function watchpoints (`watchpoint:FUNC+argN`): arms a breakpoint
// on the address a watched function was given, then lets the tracee the uprobe stopped go on.
import Glibc
import SwtraceCore
import SwtraceRuntime

enum WatchpointEvents {
    /// bpftrace's words when every debug register is taken.
    static let noFreeRegister = "No more HW registers left"

    /// Arms the breakpoint (unless the run is `ending`: exit() or an error came first); returns
    /// what to write to stderr and whether the run must end (missing_probes = error). The
    /// tracee is resumed in every case, even once the probes are detached.
    static func attach(index: Int, address: UInt64, arming: WatchpointArming,
                       missingProbes: ProgramSettings.MissingProbes, ending: Bool) -> (messages: String, fatal: Bool) {
        let outcome = ending ? .detached : arming.arm(index: index, address: address)
        if arming.watchpoints.indices.contains(index) {
            let watch = arming.watchpoints[index].watch
            if watch.stopsTracee { kill(watch.pid, SIGCONT) }
        }
        let reason: String, probe: String
        switch outcome {
        case .armed, .alreadyWatched, .detached:
            return ("", false)
        case .noFreeRegister:
            reason = noFreeRegister
            probe = arming.watchpoints[index].probeName
        case .failed(let error):
            reason = "\(error)"
            probe = arming.watchpoints.indices.contains(index) ? arming.watchpoints[index].probeName : "watchpoint"
        }
        switch missingProbes {
        case .ignore: return ("", false)
        case .warn: return ("WARNING: \(reason)\nWARNING: Unable to attach probe: \(probe). Skipping.\n", false)
        case .error: return ("ERROR: \(reason)\nERROR: Unable to attach probe: \(probe)\n", true)
        }
    }
}
