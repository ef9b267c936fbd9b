// `swtrace --info`: what this kernel and this build offer, in bpftrace's sections, so a user can
// see at once why a probe type is refused.
import Foundation
import SwtraceRuntime

enum KernelInfoReport {
    static func text() -> String {
        let features = KernelFeatureProbe.features
        var name = utsname()
        uname(&name)
        func field<T>(_ value: inout T) -> String {
            withUnsafeBytes(of: &value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        func yes(_ flag: Bool) -> String { flag ? "yes" : "no" }
        return """
        System
          OS: \(field(&name.sysname)) \(field(&name.release)) \(field(&name.version))
          Arch: \(field(&name.machine))

        Build
          version: \(SwtraceCommandMain.version.replacingOccurrences(of: "swtrace ", with: ""))
          LLVM: 14 (static: BPF target, IR core, passes)
          libbpf: \(LibbpfVersion.text)

        Kernel features
          BTF: \(yes(features.btf))
          ring buffer: \(yes(features.ringBuffer))
          kprobes: \(yes(features.kprobes))
          fentry/fexit: \(yes(features.fentry))
          uprobes: \(yes(features.uprobes))
          hardware counters: \(yes(features.hardwareCounters))
          watchpoints: \(yes(features.watchpoints))

        \(KernelFeatureProbe.probeTypesReport)
        """
    }
}
