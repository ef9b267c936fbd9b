// Debug info that the BPF backend turns into BTF: libbpf reads map definitions (type,
// max_entries, key_size, value_size) from the BTF of each `.maps` variable, and the kernel
// wants BTF for every program function.
import CLLVM

final class DebugInfo {
    private let module: LLVMModule
    let builder: LLVMDIBuilderRef
    let file: LLVMMetadataRef
    let compileUnit: LLVMMetadataRef
    private let intType: LLVMMetadataRef
    private let voidPointer: LLVMMetadataRef
    private let dbgKind: UInt32

    init(module: LLVMModule) {
        self.module = module
        builder = LLVMCreateDIBuilder(module.module)
        file = LLVMDIBuilderCreateFile(builder, "swtrace.bt", 10, ".", 1)
        let producer = "swtrace"
        compileUnit = LLVMDIBuilderCreateCompileUnit(builder, LLVMDWARFSourceLanguageC, file, producer, producer.utf8.count,
                                                     1, "", 0, 0, "", 0, LLVMDWARFEmissionFull, 0, 0, 0, "", 0, "", 0)
        intType = LLVMDIBuilderCreateBasicType(builder, "int", 3, 32, 5 /* DW_ATE_signed */, LLVMDIFlagZero)
        voidPointer = LLVMDIBuilderCreatePointerType(builder, nil, 64, 64, 0, "", 0)
        dbgKind = LLVMGetMDKindIDInContext(module.context, "dbg", 3)
        let version = LLVMValueAsMetadata(LLVMConstInt(module.i32, 3, 0))
        LLVMAddModuleFlag(module.module, LLVMModuleFlagBehaviorWarning, "Debug Info Version", 18, version)
        let dwarf = LLVMValueAsMetadata(LLVMConstInt(module.i32, 4, 0))
        LLVMAddModuleFlag(module.module, LLVMModuleFlagBehaviorWarning, "Dwarf Version", 13, dwarf)
    }

    deinit { LLVMDisposeDIBuilder(builder) }

    func finalize() { LLVMDIBuilderFinalize(builder) }

    /// Describes a map variable as libbpf expects: a struct whose members are `int (*name)[value]`.
    func describeMap(_ global: LLVMValueRef, name: String, fields: [(String, Int)]) {
        var members: [LLVMMetadataRef?] = []
        for (index, (fieldName, value)) in fields.enumerated() {
            var subrange: [LLVMMetadataRef?] = [LLVMDIBuilderGetOrCreateSubrange(builder, 0, Int64(value))]
            let array = subrange.withUnsafeMutableBufferPointer {
                LLVMDIBuilderCreateArrayType(builder, UInt64(value) * 32, 32, intType, $0.baseAddress, 1)
            }
            let pointer = LLVMDIBuilderCreatePointerType(builder, array, 64, 64, 0, "", 0)
            members.append(LLVMDIBuilderCreateMemberType(builder, compileUnit, fieldName, fieldName.utf8.count, file, 0,
                                                         64, 64, UInt64(index * 64), LLVMDIFlagZero, pointer))
        }
        let structType = members.withUnsafeMutableBufferPointer {
            LLVMDIBuilderCreateStructType(builder, compileUnit, "", 0, file, 0, UInt64(fields.count * 64), 64,
                                          LLVMDIFlagZero, nil, $0.baseAddress, UInt32($0.count), 0, nil, "", 0)
        }
        let expression = LLVMDIBuilderCreateExpression(builder, nil, 0)
        let variable = LLVMDIBuilderCreateGlobalVariableExpression(builder, compileUnit, name, name.utf8.count, "", 0,
                                                                   file, 0, structType, 0, expression, nil, 64)
        LLVMGlobalSetMetadata(global, dbgKind, variable)
    }

    /// Attaches a subprogram `int name(void *ctx)` to a program function and points the IR
    /// builder's debug location at it.
    @discardableResult
    func describeFunction(_ function: LLVMValueRef, name: String) -> LLVMMetadataRef {
        var parameters: [LLVMMetadataRef?] = [intType, voidPointer]
        let subroutine = parameters.withUnsafeMutableBufferPointer {
            LLVMDIBuilderCreateSubroutineType(builder, file, $0.baseAddress, UInt32($0.count), LLVMDIFlagZero)
        }
        let subprogram = LLVMDIBuilderCreateFunction(builder, compileUnit, name, name.utf8.count, name, name.utf8.count,
                                                     file, 1, subroutine, 0, 1, 1, LLVMDIFlagPrototyped, 1)
        LLVMSetSubprogram(function, subprogram)
        _ = LLVMDIBuilderCreateParameterVariable(builder, subprogram, "ctx", 3, 1, file, 1, voidPointer, 1, LLVMDIFlagZero)
        let location = LLVMDIBuilderCreateDebugLocation(module.context, 1, 1, subprogram, nil)
        LLVMSetCurrentDebugLocation2(module.builder, location)
        return location!
    }
}
