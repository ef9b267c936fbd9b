// What semantic analysis needs to know about the running kernel, as a protocol so the core stays
// free of file system and libbpf access. SwtraceRuntime provides the live implementation;
// tests provide fixed ones.

/// One field of a tracepoint's record, from its tracefs `format` file.
public struct TracepointField: Sendable, Equatable {
    /// Name without array suffix, e.g. "filename".
    public var name: String
    /// C type as written in the format file, e.g. "const char *", "char comm[16]", "__data_loc char[] name".
    public var cType: String
    public var offset: Int
    public var size: Int
    public var isSigned: Bool
    public init(name: String, cType: String, offset: Int, size: Int, isSigned: Bool) {
        self.name = name; self.cType = cType; self.offset = offset; self.size = size; self.isSigned = isSigned
    }
}

public struct TracepointFormat: Sendable, Equatable {
    public var category: String
    public var name: String
    /// Event fields after the common_* header fields.
    public var fields: [TracepointField]
    public init(category: String, name: String, fields: [TracepointField]) {
        self.category = category; self.name = name; self.fields = fields
    }
}

public protocol KernelCatalogue: Sendable {
    /// Tracepoints as "category:name", matching a glob pattern on each part (`*`, `?`).
    func tracepoints(category: String, name: String) throws -> [(category: String, name: String)]
    func tracepointFormat(category: String, name: String) throws -> TracepointFormat?
    /// Kernel features available on this machine (kprobes, fentry, ...).
    var features: KernelFeatures { get }
    /// Record layouts (kernel structs from BTF); nil when unknown. Default: nil (TypeCatalogue.swift).
    var typeCatalogue: TypeCatalogue? { get }
}

public struct KernelFeatures: Sendable, Equatable {
    public var kprobes: Bool
    public var fentry: Bool
    public var btf: Bool
    public var ringBuffer: Bool
    public init(kprobes: Bool, fentry: Bool, btf: Bool, ringBuffer: Bool) {
        self.kprobes = kprobes; self.fentry = fentry; self.btf = btf; self.ringBuffer = ringBuffer
    }
}

/// Glob matching for probe patterns: `*` any run, `?` one character, `[abc]` classes.
public func globMatches(_ pattern: String, _ text: String) -> Bool {
    let p = Array(pattern.utf8), t = Array(text.utf8)
    var pi = 0, ti = 0, starP = -1, starT = 0
    func classMatch(_ at: Int, _ c: UInt8) -> (matched: Bool, next: Int)? {
        var i = at + 1
        var negate = false
        if i < p.count, p[i] == UInt8(ascii: "!") || p[i] == UInt8(ascii: "^") { negate = true; i += 1 }
        var matched = false
        var first = true
        while i < p.count, p[i] != UInt8(ascii: "]") || first {
            first = false
            if i + 2 < p.count, p[i + 1] == UInt8(ascii: "-"), p[i + 2] != UInt8(ascii: "]") {
                if c >= p[i] && c <= p[i + 2] { matched = true }
                i += 3
            } else {
                if c == p[i] { matched = true }
                i += 1
            }
        }
        guard i < p.count else { return nil }
        return (matched != negate, i + 1)
    }
    while ti < t.count {
        if pi < p.count, p[pi] == UInt8(ascii: "*") {
            starP = pi; starT = ti; pi += 1; continue
        }
        if pi < p.count, p[pi] == UInt8(ascii: "["), let result = classMatch(pi, t[ti]) {
            if result.matched { pi = result.next; ti += 1; continue }
        } else if pi < p.count, p[pi] == UInt8(ascii: "?") || p[pi] == t[ti] {
            pi += 1; ti += 1; continue
        }
        if starP >= 0 { pi = starP + 1; starT += 1; ti = starT; continue }
        return false
    }
    while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
    return pi == p.count
}
