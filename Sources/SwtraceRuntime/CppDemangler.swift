// C++ symbol demangling through the C++ runtime's __cxa_demangle (looked up at run time, so no
// link-time dependency): `_ZN3foo3barEi` -> `foo::bar(int)`.

import Glibc

enum CppDemangler {
    private typealias Demangle = @convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<CChar>?,
                                                 UnsafeMutablePointer<Int>?, UnsafeMutablePointer<Int32>?) -> UnsafeMutablePointer<CChar>?

    nonisolated(unsafe) private static let function: Demangle? = {
        var symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__cxa_demangle")
        if symbol == nil, let library = dlopen("libstdc++.so.6", RTLD_LAZY) { symbol = dlsym(library, "__cxa_demangle") }
        return symbol.map { unsafeBitCast($0, to: Demangle.self) }
    }()

    /// The demangled name, or nil for names that are not mangled C++.
    static func demangle(_ name: String) -> String? {
        guard name.hasPrefix("_Z"), let function else { return nil }
        var status: Int32 = 0
        guard let result = function(name, nil, nil, &status), status == 0 else { return nil }
        defer { free(result) }
        return String(cString: result)
    }

    /// The demangled name without its parameter list: `foo::bar(int)` -> `foo::bar`.
    static func demangledFunctionName(_ name: String) -> String? {
        guard let full = demangle(name) else { return nil }
        guard full.hasSuffix(")") else { return full }
        var depth = 0
        for index in full.indices.reversed() {
            if full[index] == ")" { depth += 1 }
            if full[index] == "(" { depth -= 1; if depth == 0 { return String(full[..<index]) } }
        }
        return full
    }
}
