// readhist's command line turned into defines for readhist.bt.
import ArgumentParser
import SwtraceCLI

struct ReadHistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "readhist",
        abstract: "Summarize the sizes read() returns as a histogram.",
        usage: "readhist [<options>]",
        discussion: """
            EXAMPLES:
              readhist                          # power-of-two histogram of all reads, until Ctrl-C
              readhist -p 181                   # only process 181
              readhist -c sshd                  # only processes named sshd
              readhist -i 1 -d 10               # print (and reset) every second, for 10 seconds
              readhist --linear 0,4096,512      # linear buckets of 512 bytes from 0 to 4096
            """,
        helpNames: [.short, .long]
    )

    @OptionGroup var common: ToolOptions

    @Option(name: [.customShort("c"), .customLong("comm")],
            help: ArgumentHelp("Trace only processes named <name> (the comm, at most 15 bytes).", valueName: "name"),
            completion: .custom(ToolCompletion.completeComm))
    var comm: String?

    @Option(name: [.customShort("i"), .customLong("interval")],
            help: ArgumentHelp("Print the histogram every <seconds>, then start again (0: only at the end).",
                               valueName: "seconds"))
    var interval: Int = 0

    @Option(name: .customLong("linear"),
            help: ArgumentHelp("Use linear buckets of <step> bytes from <min> to <max> instead of powers of two.",
                               valueName: "min,max,step"))
    var linear: LinearBuckets?

    func validate() throws {
        if interval < 0 { throw ValidationError("interval must be 0 or a positive number of seconds.") }
        if let comm { _ = try ToolCommName(comm) }
    }

    func run() throws {
        let status = ToolRunner.run(program, options: common, announce: commName?.notice)
        if status != 0 { throw ExitCode(status) }
    }

    /// -c as the kernel keeps names (validate() has refused an empty one).
    var commName: ToolCommName? { comm.flatMap { try? ToolCommName($0) } }

    /// The options as readhist.bt's defines.
    var program: ToolProgram {
        var program = ToolProgram(embedded: PackageResources.readhist_bt)
        if let commName { program.define("TASK_FILTER", "(comm == \(ToolProgram.stringLiteral(commName.kernel)))") }
        if let linear { program.define("LINEAR", "\(linear.min), \(linear.max), \(linear.step)") }
        if interval > 0 { program.interval = (interval, "time(\"%H:%M:%S\\n\");", "print(@bytes);\n  clear(@bytes);") }
        return program
    }
}
