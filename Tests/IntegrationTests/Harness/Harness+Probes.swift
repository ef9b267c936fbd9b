// User-space programs for the probe tests, compiled at test time with the system's C/C++
// compiler: functions with known names and call counts, a hand-written USDT note, C++ names.
import Foundation
import XCTest

enum ProbeTargets {
    /// `target N`: calls swtrace_add(i, 1) and swtrace_twice(i) N times, fires USDT swtrace:tick
    /// with i % 3, fires swtrace:tock with i only while a tracer holds its semaphore, calls getppid() through libc N times, then swtrace_once() once.
    static let cSource = #"""
        #include <stdlib.h>
        #include <unistd.h>

        /* What <sys/sdt.h> emits for a one-argument probe, written out so no header is needed. */
        #define SWTRACE_USDT1(provider, name, value) SWTRACE_USDT1_SEMAPHORE(provider, name, 0, value)
        #define SWTRACE_USDT1_SEMAPHORE(provider, name, semaphore, value) __asm__ __volatile__ ( \
            "990: nop\n" \
            ".pushsection .note.stapsdt,\"?\",\"note\"\n" \
            ".balign 4\n" \
            ".4byte 992f-991f, 994f-993f, 3\n" \
            "991: .asciz \"stapsdt\"\n" \
            "992: .balign 4\n" \
            "993: .8byte 990b\n" \
            ".8byte _.stapsdt.base\n" \
            ".8byte " #semaphore "\n" \
            ".asciz \"" #provider "\"\n" \
            ".asciz \"" #name "\"\n" \
            ".asciz \"-8@%[a]\"\n" \
            "994: .balign 4\n" \
            ".popsection\n" \
            ".ifndef _.stapsdt.base\n" \
            ".pushsection .stapsdt.base,\"aG\",\"progbits\",.stapsdt.base,comdat\n" \
            ".weak _.stapsdt.base\n" \
            ".hidden _.stapsdt.base\n" \
            "_.stapsdt.base: .space 1\n" \
            ".size _.stapsdt.base, 1\n" \
            ".popsection\n" \
            ".endif\n" \
            :: [a] "r" ((long)(value)))

        /* Is-enabled probe: the kernel raises the counter while a uprobe is attached to tock. */
        __attribute__((section(".probes"))) volatile unsigned short swtrace_tock_semaphore;

        __attribute__((noinline)) long swtrace_add(long a, long b) { __asm__ volatile(""); return a + b; }
        __attribute__((noinline)) long swtrace_twice(long a) { __asm__ volatile(""); return 2 * a; }
        __attribute__((noinline)) void swtrace_once(void) { __asm__ volatile(""); }

        int main(int argc, char **argv) {
            int count = argc > 1 ? atoi(argv[1]) : 0;
            long total = 0;
            for (int i = 0; i < count; i++) {
                total += swtrace_add(i, 1);
                total += swtrace_twice(i);
                SWTRACE_USDT1(swtrace, tick, i % 3);
                if (swtrace_tock_semaphore) SWTRACE_USDT1_SEMAPHORE(swtrace, tock, swtrace_tock_semaphore, i);
                getppid();
            }
            swtrace_once();
            return total < 0;
        }
        """#

    /// `cpp N`: swt::work(i) and swt::Counter::bump N times each.
    static let cppSource = """
        #include <cstdlib>
        namespace swt {
        struct Counter { long total = 0; __attribute__((noinline)) void bump(long by); };
        void Counter::bump(long by) { total += by; }
        __attribute__((noinline)) long work(int x) { return x * 3; }
        }
        int main(int argc, char **argv) {
            int count = argc > 1 ? std::atoi(argv[1]) : 0;
            swt::Counter counter;
            for (int i = 0; i < count; i++) { counter.bump(swt::work(i)); }
            return counter.total < 0;
        }
        """

    /// Built once per test process, in a directory of its own (removed at exit by the OS's /tmp
    /// cleaning; the files are small).
    nonisolated(unsafe) private static var built: [String: String] = [:]

    static var c: String { get throws { try build("target", source: cSource, compiler: "gcc", suffix: "c") } }
    static var cpp: String { get throws { try build("cpp", source: cppSource, compiler: "g++", suffix: "cc") } }

    /// -O0 with frame pointers and no CET: every function starts `push %rbp; mov %rsp,%rbp`, so
    /// +1 and +4 are instruction boundaries.
    private static func build(_ name: String, source: String, compiler: String, suffix: String) throws -> String {
        if let path = built[name] { return path }
        guard let compilerPath = ["/usr/bin/\(compiler)", "/usr/local/bin/\(compiler)"]
            .first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw XCTSkip("\(compiler) is not installed")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swtrace-probes-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let sourceURL = directory.appendingPathComponent("\(name).\(suffix)")
        try source.write(to: sourceURL, atomically: true, encoding: .utf8)
        let output = directory.appendingPathComponent(name).path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: compilerPath)
        process.arguments = ["-O0", "-fno-omit-frame-pointer", "-fcf-protection=none", "-o", output, sourceURL.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw HarnessError(description: "\(compiler) failed to build \(name)")
        }
        built[name] = output
        return output
    }
}
