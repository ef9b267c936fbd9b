// Object-like macros of the C headers bpftrace tools #include. bpftrace reads them from the
// headers with clang; swtrace parses no C headers (kernel types come from BTF, which keeps no
// #defines), so the constants scripts use are listed here per header, with the values of the
// x86-64/arm64 Linux ABI. A script sees them only after including a header that defines them.

enum HeaderConstants {
    private static let addressFamilies: [(String, Int)] = [
        ("UNSPEC", 0), ("UNIX", 1), ("LOCAL", 1), ("INET", 2), ("AX25", 3), ("IPX", 4), ("APPLETALK", 5),
        ("NETROM", 6), ("BRIDGE", 7), ("ATMPVC", 8), ("X25", 9), ("INET6", 10), ("KEY", 15), ("NETLINK", 16),
        ("ROUTE", 16), ("PACKET", 17), ("CAN", 29), ("TIPC", 30), ("BLUETOOTH", 31), ("ALG", 38), ("VSOCK", 40),
        ("KCM", 41), ("QIPCRTR", 42), ("SMC", 43), ("XDP", 44), ("MCTP", 45),
    ]

    private static let sockets: [(String, Int)] =
        addressFamilies.flatMap { [("AF_" + $0.0, $0.1), ("PF_" + $0.0, $0.1)] }
        + [("SOCK_STREAM", 1), ("SOCK_DGRAM", 2), ("SOCK_RAW", 3), ("SOCK_RDM", 4), ("SOCK_SEQPACKET", 5),
           ("SOCK_PACKET", 10), ("SOL_SOCKET", 1), ("SOL_IP", 0), ("SOL_TCP", 6), ("SOL_UDP", 17)]

    /// Task states of include/linux/sched.h.
    private static let scheduler: [(String, Int)] = [
        ("TASK_RUNNING", 0x0000), ("TASK_INTERRUPTIBLE", 0x0001), ("TASK_UNINTERRUPTIBLE", 0x0002),
        ("__TASK_STOPPED", 0x0004), ("__TASK_TRACED", 0x0008), ("EXIT_DEAD", 0x0010), ("EXIT_ZOMBIE", 0x0020),
        ("EXIT_TRACE", 0x0030), ("TASK_PARKED", 0x0040), ("TASK_DEAD", 0x0080), ("TASK_WAKEKILL", 0x0100),
        ("TASK_WAKING", 0x0200), ("TASK_NOLOAD", 0x0400), ("TASK_NEW", 0x0800), ("TASK_KILLABLE", 0x0102),
        ("TASK_STOPPED", 0x0104), ("TASK_TRACED", 0x0008), ("TASK_IDLE", 0x0402), ("TASK_NORMAL", 0x0003),
        ("TASK_REPORT", 0x007f), ("TASK_COMM_LEN", 16),
    ]

    /// Connection states of include/net/tcp_states.h.
    private static let tcpStates: [(String, Int)] = [
        ("TCP_ESTABLISHED", 1), ("TCP_SYN_SENT", 2), ("TCP_SYN_RECV", 3), ("TCP_FIN_WAIT1", 4), ("TCP_FIN_WAIT2", 5),
        ("TCP_TIME_WAIT", 6), ("TCP_CLOSE", 7), ("TCP_CLOSE_WAIT", 8), ("TCP_LAST_ACK", 9), ("TCP_LISTEN", 10),
        ("TCP_CLOSING", 11), ("TCP_NEW_SYN_RECV", 12),
    ]

    /// open(2) flags of fcntl.h (octal in the headers).
    private static let fileFlags: [(String, Int)] = [
        ("O_RDONLY", 0o0), ("O_WRONLY", 0o1), ("O_RDWR", 0o2), ("O_ACCMODE", 0o3), ("O_CREAT", 0o100),
        ("O_EXCL", 0o200), ("O_NOCTTY", 0o400), ("O_TRUNC", 0o1000), ("O_APPEND", 0o2000), ("O_NONBLOCK", 0o4000),
        ("O_DSYNC", 0o10000), ("O_DIRECT", 0o40000), ("O_LARGEFILE", 0o100000), ("O_DIRECTORY", 0o200000),
        ("O_NOFOLLOW", 0o400000), ("O_NOATIME", 0o1000000), ("O_CLOEXEC", 0o2000000), ("O_SYNC", 0o4010000),
        ("O_PATH", 0o10000000), ("O_TMPFILE", 0o20200000),
    ]

    /// Error numbers of asm-generic/errno-base.h and errno.h (strerror(EPERM)).
    private static let errors: [(String, Int)] = [
        ("EPERM", 1), ("ENOENT", 2), ("ESRCH", 3), ("EINTR", 4), ("EIO", 5), ("ENXIO", 6), ("E2BIG", 7),
        ("ENOEXEC", 8), ("EBADF", 9), ("ECHILD", 10), ("EAGAIN", 11), ("EWOULDBLOCK", 11), ("ENOMEM", 12),
        ("EACCES", 13), ("EFAULT", 14), ("ENOTBLK", 15), ("EBUSY", 16), ("EEXIST", 17), ("EXDEV", 18),
        ("ENODEV", 19), ("ENOTDIR", 20), ("EISDIR", 21), ("EINVAL", 22), ("ENFILE", 23), ("EMFILE", 24),
        ("ENOTTY", 25), ("ETXTBSY", 26), ("EFBIG", 27), ("ENOSPC", 28), ("ESPIPE", 29), ("EROFS", 30),
        ("EMLINK", 31), ("EPIPE", 32), ("EDOM", 33), ("ERANGE", 34), ("EDEADLK", 35), ("EDEADLOCK", 35),
        ("ENAMETOOLONG", 36), ("ENOLCK", 37), ("ENOSYS", 38), ("ENOTEMPTY", 39), ("ELOOP", 40), ("ENOMSG", 42),
        ("EIDRM", 43), ("ENOSTR", 60), ("ENODATA", 61), ("ETIME", 62), ("ENOSR", 63), ("ENOLINK", 67),
        ("EPROTO", 71), ("EMULTIHOP", 72), ("EBADMSG", 74), ("EOVERFLOW", 75), ("EILSEQ", 84), ("EUSERS", 87),
        ("ENOTSOCK", 88), ("EDESTADDRREQ", 89), ("EMSGSIZE", 90), ("EPROTOTYPE", 91), ("ENOPROTOOPT", 92),
        ("EPROTONOSUPPORT", 93), ("ESOCKTNOSUPPORT", 94), ("EOPNOTSUPP", 95), ("ENOTSUP", 95),
        ("EPFNOSUPPORT", 96), ("EAFNOSUPPORT", 97), ("EADDRINUSE", 98), ("EADDRNOTAVAIL", 99), ("ENETDOWN", 100),
        ("ENETUNREACH", 101), ("ENETRESET", 102), ("ECONNABORTED", 103), ("ECONNRESET", 104), ("ENOBUFS", 105),
        ("EISCONN", 106), ("ENOTCONN", 107), ("ESHUTDOWN", 108), ("ETOOMANYREFS", 109), ("ETIMEDOUT", 110),
        ("ECONNREFUSED", 111), ("EHOSTDOWN", 112), ("EHOSTUNREACH", 113), ("EALREADY", 114), ("EINPROGRESS", 115),
        ("ESTALE", 116), ("EDQUOT", 122), ("ECANCELED", 125), ("ENOKEY", 126), ("EKEYEXPIRED", 127),
        ("EKEYREVOKED", 128), ("EKEYREJECTED", 129), ("EOWNERDEAD", 130), ("ENOTRECOVERABLE", 131),
        ("ERFKILL", 132), ("EHWPOISON", 133),
    ]

    /// `__NR_read` and its kin (asm/unistd_64.h), and glibc's `SYS_read` spellings of sys/syscall.h.
    private static let systemCalls: [(String, Int)] = SyscallNames.x86_64.enumerated()
        .filter { !$0.element.isEmpty }.map { ("__NR_" + $0.element, $0.offset) }
    private static let glibcSystemCalls: [(String, Int)] =
        systemCalls + systemCalls.map { ("SYS_" + $0.0.dropFirst(5), $0.1) }

    /// Headers (as written between <> or "") and what they define, directly or through the
    /// headers they include themselves.
    private static let headers: [String: [(String, Int)]] = [
        "sys/socket.h": sockets, "linux/socket.h": sockets, "bits/socket.h": sockets,
        "net/sock.h": sockets + tcpStates, "linux/net.h": sockets, "linux/tcp.h": sockets + tcpStates,
        "net/tcp_states.h": tcpStates, "net/tcp.h": sockets + tcpStates, "linux/in.h": sockets, "netinet/in.h": sockets,
        "linux/sched.h": scheduler,
        "fcntl.h": fileFlags, "linux/fcntl.h": fileFlags, "asm-generic/fcntl.h": fileFlags, "linux/fs.h": fileFlags,
        "errno.h": errors, "linux/errno.h": errors, "asm/errno.h": errors, "asm-generic/errno.h": errors,
        "asm-generic/errno-base.h": errors, "sys/errno.h": errors,
        "syscall.h": glibcSystemCalls, "sys/syscall.h": glibcSystemCalls, "asm/unistd.h": systemCalls,
        "asm/unistd_64.h": systemCalls, "linux/unistd.h": systemCalls,
    ]

    /// Adds the constants `#include <header>` brings, without replacing the script's own defines.
    static func include(_ written: String, into defines: inout [String: [UInt8]]) {
        var header = written
        if let first = header.first, first == "<" || first == "\"" { header.removeFirst() }
        if let last = header.last, last == ">" || last == "\"" { header.removeLast() }
        for (name, value) in headers[header] ?? [] where defines[name] == nil {
            defines[name] = Array(String(value).utf8)
        }
    }
}
