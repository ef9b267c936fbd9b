// Probe names for shell completion (`swtrace -l tracepoint:sys<TAB>`), from the live kernel:
// the hidden `swtrace --complete-probes PREFIX` and the completion scripts' callback share it.
import ArgumentParser
import Foundation
import SwtraceCore
import SwtraceRuntime

public enum ProbeCompletion {
    /// Probe names that start with `prefix`: provider names (`tracepoint:`, `BEGIN`) until a
    /// colon is typed, then the full names of the matching probes (tracefs, BTF, kallsyms...).
    public static func candidates(prefix: String) -> [String] {
        guard prefix.contains(":") else {
            return ProbeCatalogue.providers.map { provider in
                [.begin, .end].contains(provider.kind) ? provider.canonicalName : provider.canonicalName + ":"
            }.filter { $0.hasPrefix(prefix) }
        }
        _ = try? Tracefs.ensureMounted()
        let listing = (try? ProbeLister.list(pattern: prefix + "*", verbose: false)) ?? ""
        return listing.split(separator: "\n").map(String.init).filter { $0.hasPrefix(prefix) }
    }

    /// The completion callback of the scripts ArgumentParser generates. Bash splits words at
    /// colons (COMP_WORDBREAKS), so the probe name is glued back from its pieces and the
    /// candidates are cut to the piece being completed; zsh's _describe needs colons escaped.
    @Sendable
    public static func complete(words: [String], index: Int, prefix: String) -> [String] {
        switch CompletionShell.requesting {
        case .bash?:
            var word = prefix
            var leftmost = prefix
            var position = min(index, words.count) - 1
            while position >= 0, words[position] == ":" || leftmost == ":" {
                leftmost = words[position]
                word = leftmost + word
                position -= 1
            }
            // Bash escapes the colons it inserts (`syscalls\:sys_e`) and compares without them.
            let typed = unescaped(word)
            let cut = typed.count - unescaped(prefix).count
            return candidates(prefix: typed).map { String($0.dropFirst(cut)) } + files(prefix: typed)
        case .zsh?:
            return candidates(prefix: prefix).map { $0.replacingOccurrences(of: ":", with: "\\:") } + files(prefix: prefix)
        default:
            return candidates(prefix: prefix) + files(prefix: prefix)
        }
    }

    /// A shell word without its backslash escapes.
    static func unescaped(_ word: String) -> String {
        var out = ""
        var escaping = false
        for character in word {
            if character == "\\" && !escaping {
                escaping = true
                continue
            }
            escaping = false
            out.append(character)
        }
        return out
    }

    /// The positional argument is also a program file: paths that start with `prefix`
    /// (directories with a trailing slash), unless a probe name is being typed.
    static func files(prefix: String) -> [String] {
        guard !prefix.contains(":") else { return [] }
        let slash = prefix.lastIndex(of: "/")
        let directory = slash.map { String(prefix[...$0]) } ?? ""
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
        return names.sorted().compactMap { name in
            let path = directory + name
            guard path.hasPrefix(prefix), !name.hasPrefix(".") || prefix.hasSuffix(".") else { return nil }
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            return isDirectory.boolValue ? path + "/" : path
        }
    }
}
