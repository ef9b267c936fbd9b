// The BPF target machine: optimisation and emission of an ELF object into memory.
import CLLVM

enum BPFTarget {
    static let triple = "bpfel"

    private static let initialised: Bool = {
        LLVMInitializeBPFTargetInfo()
        LLVMInitializeBPFTarget()
        LLVMInitializeBPFTargetMC()
        LLVMInitializeBPFAsmPrinter()
        return true
    }()

    /// Optimises the module at -O2 and returns the BPF ELF object.
    static func emitObject(_ module: LLVMModule) throws -> [UInt8] {
        _ = initialised
        var target: LLVMTargetRef?
        var error: UnsafeMutablePointer<CChar>?
        guard LLVMGetTargetFromTriple(triple, &target, &error) == 0, let target else {
            throw CodegenError.llvm(takeMessage(error) ?? "no BPF target in LLVM")
        }
        // v2 adds the extended conditional jumps every kernel since 4.14 accepts.
        guard let machine = LLVMCreateTargetMachine(target, triple, "v2", "", LLVMCodeGenLevelAggressive,
                                                    LLVMRelocStatic, LLVMCodeModelDefault) else {
            throw CodegenError.llvm("cannot create the BPF target machine")
        }
        defer { LLVMDisposeTargetMachine(machine) }

        let options = LLVMCreatePassBuilderOptions()
        defer { LLVMDisposePassBuilderOptions(options) }
        if let failure = LLVMRunPasses(module.module, "default<O2>", machine, options) {
            let message = LLVMGetErrorMessage(failure)
            defer { LLVMDisposeErrorMessage(message) }
            throw CodegenError.llvm(message.map { String(cString: $0) } ?? "optimisation failed")
        }

        if MemoryIntrinsicSplitting.split(module), let problem = module.verify() {
            throw CodegenError.llvm("splitting memory intrinsics left invalid IR: \(problem)")
        }

        // The backend reports some failures (a frame over the BPF stack's 512 bytes) as error
        // diagnostics; without a handler LLVM prints them and exits the process.
        let collector = BackendErrors()
        LLVMContextSetDiagnosticHandler(module.context, { info, context in
            guard let info, let context, LLVMGetDiagInfoSeverity(info) == LLVMDSError else { return }
            let errors = Unmanaged<BackendErrors>.fromOpaque(context).takeUnretainedValue()
            if let text = LLVMGetDiagInfoDescription(info) {
                errors.messages.append(String(String(cString: text).reversed().drop(while: \.isWhitespace).reversed()))
                LLVMDisposeMessage(text)
            }
        }, Unmanaged.passUnretained(collector).toOpaque())
        defer { LLVMContextSetDiagnosticHandler(module.context, nil, nil) }

        var buffer: LLVMMemoryBufferRef?
        guard LLVMTargetMachineEmitToMemoryBuffer(machine, module.module, LLVMObjectFile, &error, &buffer) == 0,
              let buffer else {
            throw CodegenError.llvm(collector.messages.first ?? takeMessage(error) ?? "BPF object emission failed")
        }
        defer { LLVMDisposeMemoryBuffer(buffer) }
        if let first = collector.messages.first {
            throw first.contains("stack limit") ? CodegenError.stackLimit(first) : CodegenError.llvm(first)
        }
        let size = LLVMGetBufferSize(buffer)
        guard let start = LLVMGetBufferStart(buffer) else { return [] }
        return start.withMemoryRebound(to: UInt8.self, capacity: size) { Array(UnsafeBufferPointer(start: $0, count: size)) }
    }

    /// Error diagnostics of one emission, filled by the context's diagnostic handler.
    private final class BackendErrors {
        var messages: [String] = []
    }

    private static func takeMessage(_ message: UnsafeMutablePointer<CChar>?) -> String? {
        guard let message else { return nil }
        defer { LLVMDisposeMessage(message) }
        return String(cString: message)
    }
}
