// Owning wrapper of a libbpf bpf_object opened from an in-memory ELF: program types, load, and
// lookups of programs and maps by ELF name.

import CLibbpf
import Glibc
import SwtraceCore

final class BPFObject {
    let object: OpaquePointer
    /// libbpf keeps pointing into the ELF bytes until load finishes, so they live as long as we do.
    private let elfBytes: UnsafeMutableRawBufferPointer
    /// Programs `fentry:bpf` targets, open from configure until load.
    private var targetProgramFDs: [Int32] = []

    init(elf: [UInt8], name: String = "swtrace", kernelLogLevel: UInt32 = 0) throws {
        let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: max(elf.count, 1), alignment: 8)
        elf.withUnsafeBytes { bytes.copyMemory(from: $0) }
        var opts = bpf_object_open_opts()
        opts.sz = MemoryLayout<bpf_object_open_opts>.size
        opts.kernel_log_level = kernelLogLevel
        let object: OpaquePointer? = name.withCString { objectName in
            opts.object_name = objectName
            return bpf_object__open_mem(bytes.baseAddress, elf.count, &opts)
        }
        guard let object else {
            let code = errno
            bytes.deallocate()
            let log = LibbpfLog.shared.verifierLogTail(lines: 10)
            throw RuntimeError.objectOpenFailed(reason: errnoDescription(code) + (log.isEmpty ? "" : "\n" + log))
        }
        self.object = object
        self.elfBytes = bytes
    }

    deinit {
        closeTargetPrograms()
        bpf_object__close(object)
        elfBytes.deallocate()
    }

    func program(named name: String) throws -> OpaquePointer {
        guard let program = bpf_object__find_program_by_name(object, name) else {
            throw RuntimeError.programNotFound(name: name)
        }
        return program
    }

    func map(named name: String) -> OpaquePointer? {
        bpf_object__find_map_by_name(object, name)
    }

    /// Sets the program type (and for fentry/fexit the attach target) the ELF section names do
    /// not convey.
    func configure(_ attachment: ProgramAttachment) throws {
        let program = try program(named: attachment.programName)
        // A function watchpoint's program has no targets to start with (it is attached later).
        let onlySpecial = !attachment.targets.isEmpty && attachment.targets.allSatisfy { target in
            if case .selfSignal = target { return true }
            return target == .begin || target == .end
        }
        let kind: BPFProgramKind = onlySpecial ? .rawTracepoint : attachment.kind
        var result = bpf_program__set_type(program, Self.programType(kind))
        if result == 0, kind == .tracing {
            // libbpf finds an iterator's BTF id from its name without the `bpf_iter_` prefix.
            let functions = attachment.targets.compactMap { target -> (String, bpf_attach_type, UInt32?)? in
                switch target {
                case .fentry(let function): return (function, BPF_TRACE_FENTRY, nil)
                case .fexit(let function): return (function, BPF_TRACE_FEXIT, nil)
                case .bpfFunction(let id, let function, let atExit): return (function, atExit ? BPF_TRACE_FEXIT : BPF_TRACE_FENTRY, id)
                case .iterator(let name, _): return (name, BPF_TRACE_ITER, nil)
                default: return nil
                }
            }
            let probe = attachment.probeNames.first ?? attachment.programName
            guard functions.count == 1, let (function, attachType, targetProgram) = functions.first else {
                throw RuntimeError.attachFailed(
                    probe: probe, reason: functions.contains { $0.1 == BPF_TRACE_ITER } ? "Only single iter attach point is allowed."
                        : "an fentry/fexit program must have exactly one target function")
            }
            // A function of a loaded BPF program is found in that program's BTF, through an fd
            // held until our programs are loaded (the kernel then keeps its own reference).
            var targetFD: Int32 = 0
            if let targetProgram {
                targetFD = try RunningBPFPrograms.open(id: targetProgram, probe: probe)
                targetProgramFDs.append(targetFD)
            }
            result = bpf_program__set_expected_attach_type(program, attachType)
            if result == 0 { result = bpf_program__set_attach_target(program, targetFD, function) }
        }
        if result != 0 {
            throw RuntimeError.loadFailed(reason: "configuring \(attachment.programName): \(errnoDescription(result))",
                                          log: "")
        }
    }

    /// Programs the plan does not mention are not loaded (their type is unknown).
    func disablePrograms(notIn names: Set<String>) {
        var program = bpf_object__next_program(object, nil)
        while let current = program {
            if let name = bpf_program__name(current), !names.contains(String(cString: name)) {
                bpf_program__set_autoload(current, false)
            }
            program = bpf_object__next_program(object, current)
        }
    }

    static func programType(_ kind: BPFProgramKind) -> bpf_prog_type {
        switch kind {
        case .tracepoint: return BPF_PROG_TYPE_TRACEPOINT
        case .rawTracepoint: return BPF_PROG_TYPE_RAW_TRACEPOINT
        case .perfEvent: return BPF_PROG_TYPE_PERF_EVENT
        case .kprobe: return BPF_PROG_TYPE_KPROBE
        case .tracing: return BPF_PROG_TYPE_TRACING
        }
    }

    /// Loads every program and creates every map; a rejection carries the verifier log tail.
    func load() throws {
        LibbpfLog.shared.reset()
        defer { closeTargetPrograms() }
        let result = bpf_object__load(object)
        if result != 0 {
            throw RuntimeError.loadFailed(reason: errnoDescription(result),
                                          log: LibbpfLog.shared.verifierLogTail())
        }
    }

    private func closeTargetPrograms() {
        for fd in targetProgramFDs { close(fd) }
        targetProgramFDs.removeAll()
    }
}
