// One line opensnoop.bt prints, split back into its fields: for -n (match the COMM field) and
// for -f json. Numbers are left-aligned in at-least-N columns (a 7-digit PID pushes the rest
// right), so the fields are found by their separators, except COMM: always 16 columns (%-16s of
// a name of at most 15 bytes) and free to hold spaces itself.
struct OpenSnoopLine: Equatable {
    var uid: Int64?
    var pid: Int64
    var comm: String
    var fd: Int64
    var err: Int64
    var flags: String?
    var path: String

    init(uid: Int64?, pid: Int64, comm: String, fd: Int64, err: Int64, flags: String?, path: String) {
        self.uid = uid
        self.pid = pid
        self.comm = comm
        self.fd = fd
        self.err = err
        self.flags = flags
        self.path = path
    }

    init?(_ line: String, uid hasUID: Bool, flags hasFlags: Bool) {
        var rest = Substring(line.hasSuffix("\n") ? String(line.dropLast()) : line)
        // A right- or left-padded number and the one space after it.
        func number() -> Int64? {
            rest = rest.drop { $0 == " " }
            let token = rest.prefix { $0 != " " }
            rest = rest.dropFirst(token.count).dropFirst()
            return Int64(token)
        }
        if hasUID {
            guard let uid = number() else { return nil }
            self.uid = uid
        }
        // `%-6d ` then COMM: the PID, its padding and one space; COMM may start with a space.
        rest = rest.drop { $0 == " " }
        let pidToken = rest.prefix { $0 != " " }
        guard let pid = Int64(pidToken) else { return nil }
        self.pid = pid
        rest = rest.dropFirst(pidToken.count)
        rest = rest.dropFirst(min(max(1, 7 - pidToken.count), rest.prefix { $0 == " " }.count))
        guard rest.count >= 16 else { return nil }
        comm = String(rest.prefix(16).reversed().drop { $0 == " " }.reversed())
        rest = rest.dropFirst(16)
        guard let fd = number(), let err = number() else { return nil }
        self.fd = fd
        self.err = err
        if hasFlags {
            let token = rest.prefix { $0 != " " }
            guard !token.isEmpty else { return nil }
            flags = String(token)
            rest = rest.dropFirst(token.count).dropFirst()
        }
        path = String(rest)
    }
}
