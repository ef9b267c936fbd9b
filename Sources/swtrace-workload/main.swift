// A program that causes exact, known kernel events for the integration tests: every step is
// made of raw system calls, and all set-up (parsing, buffers, file descriptors) happens before
// the first step, so a tracer sees only the events the steps promise.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

let usage = """
    usage: swtrace-workload [--delay MS] [--comm NAME] [--print-pid] STEP [ARGS] [STEP [ARGS]]...

    Steps run in order; each uses raw system calls only:
      getppid N             N getppid() calls
      read SIZE N           N read()s of SIZE bytes from /dev/zero (each returns SIZE)
      open PATH [N]         N (default 1) openat(AT_FDCWD, PATH, O_RDONLY); a missing PATH gives ENOENT
      write N               N write()s of 1 byte to /dev/null
      write-bytes HEX N     N write()s of the bytes HEX spells (e.g. 41ff00) to /dev/null
      sleep-read MS N       N read()s of a timerfd, each blocking for MS milliseconds
      sleep MS              one nanosleep() of MS milliseconds
      touch-pages N         mmap N new anonymous pages and write to each (N page faults)
      spin MS               busy-loop on the CPU for MS milliseconds (no system calls)
      wait-signal           block until SIGUSR1 arrives, then go on with the next step
      store ADDR N          map a page at ADDR (hex, set up before the first step), then N 8-byte stores to ADDR
      openat2 PATH [N]      N (default 1) openat2(AT_FDCWD, PATH, {O_RDONLY|O_CLOEXEC})
      thread-open PATH      one openat(AT_FDCWD, PATH, O_RDONLY) in a new thread (joined)
      increment N           N calls of the function increment(int *) on one int of the heap (the same
                            int for every increment step)
      increment-each K      one call of increment(int *) on each of K other ints of the heap

    Options:
      --delay MS            sleep MS milliseconds before the first step (lets a tracer attach)
      --comm NAME           set the process name (comm, at most 15 bytes) before the first step
      --comm-bytes HEX      the same with the bytes HEX spells (names that are not UTF-8)
      --print-pid           print the process id and a newline before the first step

    The process exits with exit_group(0) right after the last step and prints nothing else.

    """

/// Calls glibc's `syscall(2)` through a plain C function pointer (Swift cannot call C variadic
/// functions directly; on x86-64 and arm64 integer arguments travel identically either way).
typealias SyscallFunction = @convention(c) (Int, Int, Int, Int, Int, Int, Int) -> Int

let syscallFunction: SyscallFunction = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syscall") else {
        fail("cannot find syscall() in the C library")
    }
    return unsafeBitCast(symbol, to: SyscallFunction.self)
}()

@discardableResult
func rawSyscall(_ number: Int, _ a: Int = 0, _ b: Int = 0, _ c: Int = 0, _ d: Int = 0,
                _ e: Int = 0, _ f: Int = 0) -> Int {
    syscallFunction(number, a, b, c, d, e, f)
}

/// System call numbers (the Glibc module does not export <sys/syscall.h>).
enum SyscallNumber {
    #if arch(x86_64)
    static let read = 0, write = 1, close = 3, mmap = 9, nanosleep = 35, getppid = 110
    static let prctl = 157, exitGroup = 231, openat = 257, timerfdCreate = 283, timerfdSettime = 286
    #elseif arch(arm64)
    static let read = 63, write = 64, close = 57, mmap = 222, nanosleep = 101, getppid = 173
    static let prctl = 167, exitGroup = 94, openat = 56, timerfdCreate = 85, timerfdSettime = 86
    #else
    #error("add this architecture's system call numbers")
    #endif
}

/// prctl(2) option that sets the calling thread's comm.
let prSetName = 15

func fail(_ message: String) -> Never {
    fputs("swtrace-workload: \(message)\n", stderr)
    exit(2)
}

/// One step, with everything it needs already prepared.
enum Step {
    case getppid(count: Int)
    case read(fd: Int32, buffer: UnsafeMutableRawPointer, size: Int, count: Int)
    case open(path: UnsafeMutablePointer<CChar>, count: Int)
    case write(fd: Int32, buffer: UnsafeMutableRawPointer, size: Int, count: Int)
    case sleepRead(timerFD: Int32, milliseconds: Int, count: Int)
    case sleep(milliseconds: Int)
    case touchPages(count: Int)
    case spin(milliseconds: Int)
    case waitSignal
    case store(address: UnsafeMutablePointer<UInt64>, count: Int)
    case openat2(path: UnsafeMutablePointer<CChar>, how: UnsafeMutablePointer<OpenHow>, count: Int)
    case threadOpen(path: UnsafeMutablePointer<CChar>)
    case increment(counters: [UnsafeMutablePointer<Int32>], count: Int)
}

struct Plan {
    var delayMilliseconds = 0
    var comm: [UInt8]?
    var printPID = false
    var steps: [Step] = []
}

func number(_ text: String?, _ what: String) -> Int {
    guard let text, let value = Int(text), value >= 0 else {
        fail("\(what) must be a non-negative integer, got '\(text ?? "nothing")'\n\n\(usage)")
    }
    return value
}

/// "41ff00" -> [0x41, 0xff, 0x00]: bytes that command-line text (UTF-8) cannot carry.
func hexBytes(_ text: String?, _ what: String) -> [UInt8] {
    let digits = Array((text ?? "").utf8)
    guard digits.count % 2 == 0 else { fail("\(what) needs an even number of hex digits") }
    return stride(from: 0, to: digits.count, by: 2).map { index in
        guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else {
            fail("\(what): '\(text ?? "")' is not hex")
        }
        return byte
    }
}

func openOrFail(_ path: String, _ flags: Int32) -> Int32 {
    let fd = open(path, flags)
    if fd < 0 { fail("cannot open \(path): \(String(cString: strerror(errno)))") }
    return fd
}

func makePlan(_ arguments: [String]) -> Plan {
    var plan = Plan()
    var index = 0
    func next() -> String? {
        guard index < arguments.count else { return nil }
        defer { index += 1 }
        return arguments[index]
    }
    /// The next argument if it is a number (for optional counts), without consuming otherwise.
    func optionalNumber() -> Int? {
        guard index < arguments.count, let value = Int(arguments[index]), value >= 0 else { return nil }
        index += 1
        return value
    }
    lazy var zeroFD = openOrFail("/dev/zero", O_RDONLY)
    lazy var nullFD = openOrFail("/dev/null", O_WRONLY)

    while let word = next() {
        switch word {
        case "-h", "--help":
            fputs(usage, stdout)
            exit(0)
        case "--delay":
            plan.delayMilliseconds = number(next(), "--delay MS")
        case "--comm":
            guard let name = next(), !name.isEmpty else { fail("--comm needs a name") }
            plan.comm = Array(name.utf8)
        case "--comm-bytes":
            plan.comm = hexBytes(next(), "--comm-bytes HEX")
        case "--print-pid":
            plan.printPID = true
        case "getppid":
            plan.steps.append(.getppid(count: number(next(), "getppid N")))
        case "read":
            let size = number(next(), "read SIZE")
            let count = number(next(), "read N")
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(size, 1), alignment: 16)
            plan.steps.append(.read(fd: zeroFD, buffer: buffer, size: size, count: count))
        case "open":
            guard let path = next() else { fail("open needs a PATH") }
            plan.steps.append(.open(path: strdup(path), count: optionalNumber() ?? 1))
        case "write":
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)
            buffer.storeBytes(of: UInt8(ascii: "x"), as: UInt8.self)
            plan.steps.append(.write(fd: nullFD, buffer: buffer, size: 1, count: number(next(), "write N")))
        case "write-bytes":
            let bytes = hexBytes(next(), "write-bytes HEX")
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
            buffer.copyMemory(from: bytes, byteCount: bytes.count)
            plan.steps.append(.write(fd: nullFD, buffer: buffer, size: bytes.count, count: number(next(), "write-bytes N")))
        case "sleep-read":
            let milliseconds = number(next(), "sleep-read MS")
            let count = number(next(), "sleep-read N")
            let fd = Int32(rawSyscall(SyscallNumber.timerfdCreate, Int(CLOCK_MONOTONIC), 0))
            if fd < 0 { fail("timerfd_create: \(String(cString: strerror(errno)))") }
            plan.steps.append(.sleepRead(timerFD: fd, milliseconds: milliseconds, count: count))
        case "sleep":
            plan.steps.append(.sleep(milliseconds: number(next(), "sleep MS")))
        case "touch-pages":
            plan.steps.append(.touchPages(count: number(next(), "touch-pages N")))
        case "spin":
            plan.steps.append(.spin(milliseconds: number(next(), "spin MS")))
        case "wait-signal":
            plan.steps.append(.waitSignal)
        case "store":
            plan.steps.append(storeStep(next(), number(next(), "store N")))
        case "openat2":
            plan.steps.append(openat2Step(next(), optionalNumber() ?? 1))
        case "thread-open":
            plan.steps.append(threadOpenStep(next()))
        case "increment":
            plan.steps.append(incrementStep(number(next(), "increment N")))
        case "increment-each":
            plan.steps.append(incrementEachStep(number(next(), "increment-each K")))
        default:
            fail("unknown step '\(word)'\n\n\(usage)")
        }
    }
    if plan.steps.isEmpty { fail("no steps given\n\n\(usage)") }
    return plan
}

func timespec(milliseconds: Int) -> timespec {
    Glibc.timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
}

func monotonicNanoseconds() -> Int {
    var now = Glibc.timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)  // vDSO: no system call
    return now.tv_sec * 1_000_000_000 + now.tv_nsec
}

func nanosleepRaw(milliseconds: Int) {
    var request = timespec(milliseconds: milliseconds)
    withUnsafeMutablePointer(to: &request) { pointer in
        _ = rawSyscall(SyscallNumber.nanosleep, Int(bitPattern: pointer), 0)
    }
}

func perform(_ step: Step, waitMask: inout sigset_t) {
    switch step {
    case .getppid(let count):
        for _ in 0..<count { rawSyscall(SyscallNumber.getppid) }
    case .read(let fd, let buffer, let size, let count):
        for _ in 0..<count {
            rawSyscall(SyscallNumber.read, Int(fd), Int(bitPattern: buffer), size)
        }
    case .open(let path, let count):
        for _ in 0..<count {
            let fd = rawSyscall(SyscallNumber.openat, Int(AT_FDCWD), Int(bitPattern: path), Int(O_RDONLY))
            if fd >= 0 { rawSyscall(SyscallNumber.close, fd) }
        }
    case .write(let fd, let buffer, let size, let count):
        for _ in 0..<count {
            rawSyscall(SyscallNumber.write, Int(fd), Int(bitPattern: buffer), size)
        }
    case .sleepRead(let timerFD, let milliseconds, let count):
        var setting = itimerspec(it_interval: Glibc.timespec(),
                                 it_value: timespec(milliseconds: max(milliseconds, 0)))
        if milliseconds == 0 { setting.it_value.tv_nsec = 1 }  // zero would disarm the timer
        var expirations: UInt64 = 0
        for _ in 0..<count {
            withUnsafePointer(to: &setting) { settingPointer in
                _ = rawSyscall(SyscallNumber.timerfdSettime, Int(timerFD), 0,
                               Int(bitPattern: settingPointer), 0)
            }
            withUnsafeMutablePointer(to: &expirations) { pointer in
                _ = rawSyscall(SyscallNumber.read, Int(timerFD), Int(bitPattern: pointer), 8)
            }
        }
    case .sleep(let milliseconds):
        nanosleepRaw(milliseconds: milliseconds)
    case .touchPages(let count):
        guard count > 0 else { return }
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        let address = rawSyscall(SyscallNumber.mmap, 0, count * pageSize, Int(PROT_READ | PROT_WRITE),
                                 Int(MAP_PRIVATE | MAP_ANONYMOUS), -1, 0)
        guard address > 0, let base = UnsafeMutablePointer<UInt8>(bitPattern: address) else {
            fail("mmap of \(count) pages failed")
        }
        for page in 0..<count { base[page * pageSize] = 1 }
    case .spin(let milliseconds):
        let end = monotonicNanoseconds() + milliseconds * 1_000_000
        var spins = 0
        while monotonicNanoseconds() < end { spins &+= 1 }
    case .waitSignal:
        var signal: Int32 = 0
        _ = sigwait(&waitMask, &signal)
    case .store(let address, let count):
        performStores(address, count)
    case .openat2(let path, let how, let count):
        performOpenat2(path, how, count)
    case .threadOpen(let path):
        performThreadOpen(path)
    case .increment(let counters, let count):
        performIncrements(counters, count)
    }
}

// SIGUSR1 is blocked first thing, so a signal sent early stays pending instead of killing us.
var waitMask = sigset_t()
sigemptyset(&waitMask)
sigaddset(&waitMask, SIGUSR1)
sigprocmask(SIG_BLOCK, &waitMask, nil)

let plan = makePlan(Array(CommandLine.arguments.dropFirst()))
if let comm = plan.comm {
    (comm + [0]).withUnsafeBufferPointer { name in
        _ = rawSyscall(SyscallNumber.prctl, prSetName, Int(bitPattern: name.baseAddress))
    }
}
if plan.printPID {
    print(getpid())
    fflush(stdout)
}
if plan.delayMilliseconds > 0 {
    nanosleepRaw(milliseconds: plan.delayMilliseconds)
}
for step in plan.steps {
    perform(step, waitMask: &waitMask)
}
rawSyscall(SyscallNumber.exitGroup, 0)
exit(0)
