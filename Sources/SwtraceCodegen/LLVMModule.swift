// Owns an LLVM context, module and IR builder for one BPF object, plus the types codegen uses.
import CLLVM

final class LLVMModule {
    let context: LLVMContextRef
    let module: LLVMModuleRef
    let builder: LLVMBuilderRef

    let void: LLVMTypeRef
    let i1: LLVMTypeRef
    let i8: LLVMTypeRef
    let i16: LLVMTypeRef
    let i32: LLVMTypeRef
    let i64: LLVMTypeRef
    let i8Pointer: LLVMTypeRef

    init(name: String) {
        context = LLVMContextCreate()
        module = LLVMModuleCreateWithNameInContext(name, context)
        builder = LLVMCreateBuilderInContext(context)
        void = LLVMVoidTypeInContext(context)
        i1 = LLVMInt1TypeInContext(context)
        i8 = LLVMInt8TypeInContext(context)
        i16 = LLVMInt16TypeInContext(context)
        i32 = LLVMInt32TypeInContext(context)
        i64 = LLVMInt64TypeInContext(context)
        i8Pointer = LLVMPointerType(i8, 0)
        LLVMSetTarget(module, BPFTarget.triple)
        LLVMSetDataLayout(module, "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128")
    }

    deinit {
        LLVMDisposeBuilder(builder)
        LLVMDisposeModule(module)
        LLVMContextDispose(context)
    }

    func integerType(bits: Int) -> LLVMTypeRef { LLVMIntTypeInContext(context, UInt32(bits)) }
    func constant(_ value: UInt64, _ type: LLVMTypeRef? = nil) -> LLVMValueRef { LLVMConstInt(type ?? i64, value, 0) }
    func constant(signed value: Int64) -> LLVMValueRef { LLVMConstInt(i64, UInt64(bitPattern: value), 1) }
    func arrayType(_ element: LLVMTypeRef, _ count: Int) -> LLVMTypeRef { LLVMArrayType(element, UInt32(count)) }
    func pointer(to type: LLVMTypeRef) -> LLVMTypeRef { LLVMPointerType(type, 0) }

    func structType(_ members: [LLVMTypeRef]) -> LLVMTypeRef {
        var members: [LLVMTypeRef?] = members
        return members.withUnsafeMutableBufferPointer {
            LLVMStructTypeInContext(context, $0.baseAddress, UInt32($0.count), 0)
        }
    }

    func functionType(_ result: LLVMTypeRef, _ parameters: [LLVMTypeRef]) -> LLVMTypeRef {
        var parameters: [LLVMTypeRef?] = parameters
        return parameters.withUnsafeMutableBufferPointer {
            LLVMFunctionType(result, $0.baseAddress, UInt32($0.count), 0)
        }
    }

    /// Textual IR, for `-d ir`.
    var irText: String {
        guard let text = LLVMPrintModuleToString(module) else { return "" }
        defer { LLVMDisposeMessage(text) }
        return String(cString: text)
    }

    /// Runs LLVM's IR verifier; returns its message when the module is malformed.
    func verify() -> String? {
        var message: UnsafeMutablePointer<CChar>?
        let failed = LLVMVerifyModule(module, LLVMReturnStatusAction, &message) != 0
        defer { if let message { LLVMDisposeMessage(message) } }
        return failed ? message.map { String(cString: $0) } ?? "invalid module" : nil
    }
}
