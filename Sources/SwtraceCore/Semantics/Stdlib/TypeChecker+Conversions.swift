// Typing of conversions: strftime, ntop, pton, macaddr, bswap, syscall_name, strerror,
// cgroupid, cgroup_path, path, has_key.
import Glibc

extension TypeChecker {
    func checkConversionCall(_ name: String, _ arguments: [Expr], _ expr: Expr) -> SwType? {
        switch name {
        case _ where TypePredicates.names.contains(name):
            check(arguments[0])
            return .boolean
        case "strftime":
            expectInteger(check(arguments[1]), name, arguments[1], position: 2, allowPointer: false)
            guard case .string(let format) = arguments[0].kind else {
                check(arguments[0])
                report(SemanticDiagnostics.literalRequired(name, arguments[0].range, what: "the format"))
                return .formatted(.timestamp(format: ""))
            }
            check(arguments[0])
            return .formatted(.timestamp(format: format))
        case "ntop":
            if arguments.count == 2 { expectInteger(check(arguments[0]), name, arguments[0], position: 1, allowPointer: false) }
            let address = arguments[arguments.count - 1]
            let type = check(address)
            switch type {
            case .integer, .pointer: break
            case .array(let element, let count) where element.byteSize == 1 && (count == 4 || count == 16): break
            default:
                report(SemanticDiagnostics.argumentType(name, address.range, position: arguments.count,
                                                        expected: "an integer or a 4- or 16-byte array", got: type))
            }
            return .formatted(.inet)
        case "pton":
            guard case .string(let text) = arguments[0].kind else {
                check(arguments[0])
                report(SemanticDiagnostics.literalRequired(name, arguments[0].range, what: "the address"))
                return .array(.uint8, count: 4)
            }
            check(arguments[0])
            guard let bytes = InetAddress.bytes(text) else {
                report(SemanticDiagnostics.invalidArgument(name, arguments[0].range, "'\(text)' is not an IPv4 or IPv6 address"))
                return .array(.uint8, count: 4)
            }
            return .array(.uint8, count: bytes.count)
        case "macaddr":
            let type = check(arguments[0])
            switch type {
            case .integer, .pointer: break
            case .array(let element, let count) where element.byteSize == 1 && count >= 6: break
            case .string(let size) where size >= 6: break
            default:
                report(SemanticDiagnostics.argumentType(name, arguments[0].range, position: 1, expected: "a 6-byte array or a pointer", got: type))
            }
            return .formatted(.macAddress)
        case "bswap":
            let type = check(arguments[0])
            guard case .integer(let bits, _) = type else {
                report(SemanticDiagnostics.argumentType(name, arguments[0].range, position: 1, expected: "an integer", got: type))
                return .uint64
            }
            return .integer(bits: bits, signed: false)
        case "syscall_name", "strerror":
            expectInteger(check(arguments[0]), name, arguments[0], position: 1, allowPointer: false)
            return .formatted(name == "strerror" ? .errorName : .syscallName)
        case "cgroupid":
            guard case .string(let path) = arguments[0].kind else {
                check(arguments[0])
                report(SemanticDiagnostics.literalRequired(name, arguments[0].range, what: "the path"))
                return .uint64
            }
            check(arguments[0])
            // A cgroup v2 id is the inode number of the cgroup's directory.
            var info = stat()
            guard stat(path, &info) == 0 else {
                report(SemanticDiagnostics.invalidArgument(name, arguments[0].range, "no cgroup at '\(path)'"))
                return .uint64
            }
            recordAccesses.constants[expr.id] = UInt64(info.st_ino)
            return .uint64
        case "cgroup_path":
            expectInteger(check(arguments[0]), name, arguments[0], position: 1, allowPointer: false)
            var filter: String?
            if arguments.count == 2 {
                check(arguments[1])
                guard case .string(let text) = arguments[1].kind else {
                    report(SemanticDiagnostics.literalRequired(name, arguments[1].range, what: "the hierarchy filter"))
                    return .formatted(.cgroupPath(filter: nil))
                }
                filter = text
            }
            return .formatted(.cgroupPath(filter: filter))
        case "socket_cookie":
            // bpf_get_socket_cookie takes a struct sock * only in tracing programs, whose
            // arguments carry their BTF type.
            if !currentProviders.isSubset(of: [.fentry, .fexit]) {
                report(SemanticDiagnostics.builtinNotAvailable(name, expr.range, probe: currentProbeDescription,
                                                               detail: "socket_cookie is available in: fentry, fexit"))
            }
            let type = check(arguments[0])
            var isSock = false
            if case .pointer(.record(let recordName, _)) = type { isSock = ["sock", "struct sock"].contains(recordName) }
            if type != .void, !isSock {
                report(SemanticDiagnostics.argumentType(name, arguments[0].range, position: 1, expected: "a struct sock pointer", got: type))
            }
            return .uint64
        case "path":
            // bpf_d_path is only for tracing programs: iterators, and fentry/fexit of the
            // functions the kernel allows.
            if !currentProviders.isSubset(of: [.fentry, .fexit, .iterator]) {
                report(SemanticDiagnostics.builtinNotAvailable("path", expr.range, probe: currentProbeDescription,
                                                               detail: "path is available in: fentry, fexit, iter"))
            }
            // A pointer, or (as bpftrace's `path(ctx->file->f_path)`) the struct path itself,
            // whose address is passed.
            let type = check(arguments[0])
            let isStructPath: Bool
            if case .record(let recordName, _) = type { isStructPath = ["path", "struct path"].contains(recordName) } else { isStructPath = false }
            if !(type.isInteger || isPointer(type) || isStructPath) {
                report(SemanticDiagnostics.argumentType(name, arguments[0].range, position: 1, expected: "a struct path pointer", got: type))
            }
            var size = options.maxStringSize
            if arguments.count == 2, case .integer(let limit) = arguments[1].kind { size = max(1, Int(clamping: limit)) }
            return .string(size: size)
        case "has_key":
            guard case .map(let mapName, let keys) = arguments[0].kind, keys.isEmpty else {
                report(SemanticDiagnostics.argumentType(name, arguments[0].range, position: 1, expected: "a map", got: check(arguments[0])))
                return .boolean
            }
            checkMapReference(mapName, arguments[0])
            let keyType = check(arguments[1])
            let display = "@" + mapName
            if let info = mapInfo(display), !info.isKeyed {
                report(SemanticDiagnostics.invalidArgument(name, arguments[0].range, "\(display) has no keys"))
            }
            if case .tuple(let elements) = keyType, (mapInfo(display)?.keyTypes.count ?? 1) > 1 {
                useMapKeys(display, keys: elements, range: arguments[1].range)
            } else {
                useMapKeys(display, keys: [keyType], range: arguments[1].range)
            }
            return .boolean
        default:
            return nil
        }
    }
}
