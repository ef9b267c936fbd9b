// How `uaddr("symbol")` becomes a run-time address. ELF symbol addresses are link-time
// addresses; a PIE program or a shared library is loaded at some bias. A uprobe fires with the
// instruction pointer at the probed instruction, whose link-time address semantics knows, so
// `ip - probed` is that bias: semantics records `symbol - probed` and codegen adds `ip`.
// Elsewhere (uretprobes, several attach points) the link-time address is used as is, which is
// right for non-PIE executables.

public enum UserAddressRelocation {
    /// The single uprobe entry point of a probe, whose instruction pointer gives the bias.
    public static func relocatingPoint(_ points: [ResolvedAttachPoint]) -> (path: String, symbol: String, offset: UInt64)? {
        guard points.count == 1, case .uprobe(let path, let symbol, let offset) = points[0].target else { return nil }
        return (path, symbol, offset)
    }
}
