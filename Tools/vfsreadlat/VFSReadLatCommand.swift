// vfsreadlat's command line turned into defines for vfsreadlat.bt, with the probe type chosen
// from what this kernel offers (fentry, else kprobes, else the read() tracepoints).
import ArgumentParser
import Foundation
import SwtraceCLI
import SwtraceCore
import SwtraceRuntime

struct VFSReadLatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vfsreadlat",
        abstract: "Summarize vfs_read() latency as a histogram.",
        usage: "vfsreadlat [<options>]",
        discussion: """
            EXAMPLES:
              vfsreadlat              # histogram in microseconds, until Ctrl-C
              vfsreadlat -m           # in milliseconds
              vfsreadlat -p 181       # only process 181
              vfsreadlat -i 1 -d 10   # print (and reset) every second, for 10 seconds
            """,
        helpNames: [.short, .long]
    )

    @OptionGroup var common: ToolOptions

    @Flag(name: [.customShort("m"), .customLong("milliseconds")], help: "Histogram in milliseconds.")
    var milliseconds = false

    @Flag(name: [.customShort("u"), .customLong("microseconds")], help: "Histogram in microseconds (the default).")
    var microseconds = false

    @Option(name: [.customShort("i"), .customLong("interval")],
            help: ArgumentHelp("Print the histogram every <seconds>, then start again (0: only at the end).",
                               valueName: "seconds"))
    var interval: Int = 0

    @Option(name: .customLong("probe-type"),
            help: ArgumentHelp("Time vfs_read() with fentry, kprobe or tracepoint probes (default: the first this kernel has).",
                               valueName: "type"))
    var probeType: VFSReadProbes?

    func validate() throws {
        if interval < 0 { throw ValidationError("interval must be 0 or a positive number of seconds.") }
        if milliseconds && microseconds { throw ValidationError("-m and -u cannot be used together.") }
    }

    func run() throws {
        let catalogue = LiveKernelCatalogue()
        let features = catalogue.features
        let chosen = VFSReadProbes.choose(on: catalogue)
        let probes = probeType ?? chosen.probes
        // --emit prints the program for any kernel; running it needs the probes to exist here.
        if !common.emit, let missing = probes.unavailable(on: features) {
            FileHandle.standardError.write(Data(("ERROR: vfsreadlat --probe-type \(probes.rawValue): \(missing); "
                + "use --probe-type \(chosen.probes.rawValue), or leave --probe-type out to choose it.\n").utf8))
            throw ExitCode(1)
        }
        let reason = probeType == nil ? chosen.reason : "using \(probes.probeNames) (--probe-type)"
        let status = ToolRunner.run(program(probes), options: common, announce: reason)
        if status != 0 { throw ExitCode(status) }
    }

    /// The options as vfsreadlat.bt's defines.
    func program(_ probes: VFSReadProbes) -> ToolProgram {
        var program = ToolProgram(embedded: PackageResources.vfsreadlat_bt)
        if let define = probes.define { program.define(define) }
        let map = milliseconds ? "@msecs" : "@usecs"
        if milliseconds {
            program.define("UNIT", "1000000")
            program.define("LATENCY", map)
        }
        if interval > 0 { program.interval = (interval, "time(\"%H:%M:%S\\n\");", "print(\(map));\n  clear(\(map));") }
        return program
    }
}
