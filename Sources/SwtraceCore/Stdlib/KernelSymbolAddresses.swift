// Kernel symbol addresses from /proc/kallsyms, for kaddr(), which semantics resolves so that an
// unknown name is a diagnostic at its place in the program.
import Glibc

public enum KernelSymbolAddresses {
    /// The first non-zero address of `name`; nil when kallsyms lacks it (data symbols are only
    /// listed with CONFIG_KALLSYMS_ALL) or hides addresses.
    public static func address(of name: String, in path: String = "/proc/kallsyms") -> UInt64? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        let wanted = Array(name.utf8)
        while getline(&line, &capacity, file) > 0, let line {
            // "ffffffff81234560 T vfs_read" (and "\t[module]" for modules). Compared as bytes:
            // kallsyms has over 100k lines, too many to turn each into a String.
            guard let firstSpace = strchr(line, 0x20), let secondSpace = strchr(firstSpace + 1, 0x20) else { continue }
            let symbol = secondSpace + 1
            guard strncmp(symbol, name, wanted.count) == 0 else { continue }
            let next = symbol[wanted.count]
            guard next == 0 || next == 0x0a || next == 0x09 || next == 0x20 else { continue }
            firstSpace.pointee = 0
            guard let address = UInt64(String(cString: line), radix: 16), address != 0 else { continue }
            return address
        }
        return nil
    }
}
