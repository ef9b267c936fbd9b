// Pinned iterators (`iter:task:/sys/fs/bpf/NAME`): the iterator's link is pinned in a BPF file
// system, where it outlives swtrace; every read of that file runs the iterator afresh and gets
// what its printf wrote. bpffs is mounted at /sys/fs/bpf on demand, as tracefs is.
// What stops a pin is checked first, so each refusal is one sentence, not a bare errno.

import CLibbpf
import Foundation
import Glibc

enum IteratorPinning {
    static let standardRoot = "/sys/fs/bpf"
    /// BPF_FS_MAGIC (linux/magic.h): statfs's f_type of a bpffs.
    static let bpffsMagic = 0xcafe4a11

    static func pin(_ link: OpaquePointer, at path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        if directory == standardRoot { try ensureMounted(for: path) }
        guard isBpffs(directory) else {
            let reason = FileManager.default.fileExists(atPath: directory)
                ? "\(directory) is not a BPF file system (bpffs); pin under \(standardRoot)"
                : "\(directory) does not exist"
            throw RuntimeError.pinFailed(path: path, reason: reason)
        }
        var status = stat()
        if lstat(path, &status) == 0 {
            throw RuntimeError.pinFailed(path: path, reason: "the file already exists")
        }
        // bpffs refuses names with a dot (kept for its own future use) with a bare EPERM.
        if name.contains(".") {
            throw RuntimeError.pinFailed(path: path, reason: "a name in a BPF file system cannot contain '.'")
        }
        let result = bpf_link__pin(link, path)
        if result != 0 {
            throw RuntimeError.pinFailed(path: path, reason: errnoDescription(result))
        }
    }

    static func isBpffs(_ directory: String) -> Bool {
        var info = statfs()
        return statfs(directory, &info) == 0 && Int(info.f_type) == bpffsMagic
    }

    /// Mounts bpffs at /sys/fs/bpf unless one is there (systemd usually mounts it; this
    /// machine's init may not), with systemd's mode so only root sees the pins.
    static func ensureMounted(for path: String) throws {
        if isBpffs(standardRoot) { return }
        if mount("bpf", standardRoot, "bpf", 0, "mode=0700") != 0, !isBpffs(standardRoot) {
            throw RuntimeError.pinFailed(path: path, reason: "mounting bpffs at \(standardRoot) failed: \(errnoDescription(errno))")
        }
    }
}
