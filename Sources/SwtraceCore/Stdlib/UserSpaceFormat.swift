// Values whose text only user space can produce (a wall-clock time, a user symbol, a cgroup
// path, an address family's notation...): the kernel records fixed bytes, the runtime decodes
// and formats them. One enum so that adding such a function touches one place.

public enum UserSpaceFormat: Hashable, Sendable {
    /// `strftime(fmt, ns)`: u64 nanoseconds of nsecs' clock (CLOCK_BOOTTIME).
    case timestamp(format: String)
    /// `usym(addr)` and `func` in uprobes: u64 address, u64 pid.
    case userSymbol
    /// `cgroup_path(id[, filter])`: u64 cgroup id; the hierarchies whose name matches the
    /// wildcard filter (cgroup2 is "unified"), all without one.
    case cgroupPath(filter: String?)
    /// `syscall_name(nr)`: u64 system call number.
    case syscallName
    /// `strerror(errno)`: u64 error number.
    case errorName
    /// `ntop([af,] addr)`: u64 address family, 16 address bytes.
    case inet
    /// `macaddr(addr)`: 6 bytes.
    case macAddress
    /// `username`: u64 user id.
    case username
    /// `func`: u64 address, u64 pid (0 for a kernel function).
    case functionName

    public var byteSize: Int {
        switch self {
        case .timestamp, .cgroupPath, .syscallName, .errorName, .username: return 8
        case .userSymbol, .functionName: return 16
        case .inet: return 24
        case .macAddress: return 6
        }
    }

    /// Stored in memory (a pointer to bytes) rather than as one i64 in generated code.
    public var isMemory: Bool { byteSize != 8 }

    /// The type's name in messages, as bpftrace spells it.
    public var typeName: String {
        switch self {
        case .timestamp: return "timestamp"
        case .userSymbol: return "usym_t"
        case .cgroupPath: return "cgroup_path_t"
        case .syscallName, .errorName, .username: return "string"
        case .inet: return "inet"
        case .macAddress: return "macaddr_t"
        case .functionName: return "func"
        }
    }
}
