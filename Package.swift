// swift-tools-version:5.9
import PackageDescription

// LLVM 14, linked statically from only the components swtrace uses: the BPF target, the IR core
// and the optimisation passes (`llvm-config-14 --libs bpf core passes --link-static`). The shared
// libLLVM costs ~50 MiB of resident memory at every start for the relocations and static
// initialisers of all its targets; these archives cost a third of that. A linker group, because
// the archives refer to each other.
let staticLLVM: [String] = ["-L/usr/lib/llvm-14/lib", "-Xlinker", "--start-group",
    "-Xlinker", "-lLLVMPasses",
    "-Xlinker", "-lLLVMObjCARCOpts",
    "-Xlinker", "-lLLVMCoroutines",
    "-Xlinker", "-lLLVMBPFDisassembler",
    "-Xlinker", "-lLLVMMCDisassembler",
    "-Xlinker", "-lLLVMBPFAsmParser",
    "-Xlinker", "-lLLVMBPFCodeGen",
    "-Xlinker", "-lLLVMSelectionDAG",
    "-Xlinker", "-lLLVMipo",
    "-Xlinker", "-lLLVMInstrumentation",
    "-Xlinker", "-lLLVMVectorize",
    "-Xlinker", "-lLLVMLinker",
    "-Xlinker", "-lLLVMIRReader",
    "-Xlinker", "-lLLVMAsmParser",
    "-Xlinker", "-lLLVMFrontendOpenMP",
    "-Xlinker", "-lLLVMBPFDesc",
    "-Xlinker", "-lLLVMBPFInfo",
    "-Xlinker", "-lLLVMAsmPrinter",
    "-Xlinker", "-lLLVMDebugInfoMSF",
    "-Xlinker", "-lLLVMCodeGen",
    "-Xlinker", "-lLLVMTarget",
    "-Xlinker", "-lLLVMScalarOpts",
    "-Xlinker", "-lLLVMInstCombine",
    "-Xlinker", "-lLLVMAggressiveInstCombine",
    "-Xlinker", "-lLLVMTransformUtils",
    "-Xlinker", "-lLLVMBitWriter",
    "-Xlinker", "-lLLVMAnalysis",
    "-Xlinker", "-lLLVMProfileData",
    "-Xlinker", "-lLLVMDebugInfoDWARF",
    "-Xlinker", "-lLLVMObject",
    "-Xlinker", "-lLLVMTextAPI",
    "-Xlinker", "-lLLVMMCParser",
    "-Xlinker", "-lLLVMMC",
    "-Xlinker", "-lLLVMDebugInfoCodeView",
    "-Xlinker", "-lLLVMBitReader",
    "-Xlinker", "-lLLVMCore",
    "-Xlinker", "-lLLVMRemarks",
    "-Xlinker", "-lLLVMBitstreamReader",
    "-Xlinker", "-lLLVMBinaryFormat",
    "-Xlinker", "-lLLVMSupport",
    "-Xlinker", "-lLLVMDemangle",
    "-Xlinker", "--end-group", "-lstdc++", "-lz", "-ltinfo"]

let package = Package(
    name: "swtrace",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "swtrace", targets: ["swtrace"]),
        .executable(name: "syscount", targets: ["syscount"]),
        .executable(name: "opensnoop", targets: ["opensnoop"]),
        .executable(name: "readhist", targets: ["readhist"]),
        .executable(name: "vfsreadlat", targets: ["vfsreadlat"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.0"),  // 1.8: defaultAsFlag (--live)
    ],
    targets: [
        .systemLibrary(name: "CLLVM", path: "Sources/CLLVM"),
        .systemLibrary(name: "CLibbpf", path: "Sources/CLibbpf", pkgConfig: "libbpf"),
        .target(name: "SwtraceCore"),
        .target(name: "SwtraceCodegen", dependencies: ["SwtraceCore", "CLLVM", "CLibbpf"],
                linkerSettings: [.unsafeFlags(staticLLVM)]),
        .target(name: "SwtraceRuntime", dependencies: ["SwtraceCore", "CLibbpf"]),
        .target(name: "SwtraceOutput", dependencies: ["SwtraceCore"]),
        .target(name: "SwtraceCLI", dependencies: [
            "SwtraceCore", "SwtraceCodegen", "SwtraceRuntime", "SwtraceOutput",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "swtrace", dependencies: ["SwtraceCLI"]),
        // Causes known kernel events (syscalls, reads, opens) for the integration tests.
        .executableTarget(name: "swtrace-workload"),
        .testTarget(name: "SwtraceCoreTests", dependencies: ["SwtraceCore"]),
        .testTarget(name: "SwtraceCodegenTests", dependencies: ["SwtraceCore", "SwtraceCodegen", "SwtraceRuntime"]),
        .testTarget(name: "SwtraceOutputTests", dependencies: ["SwtraceCore", "SwtraceOutput"],
                    resources: [.copy("Golden")]),
        .testTarget(name: "SwtraceRuntimeTests", dependencies: ["SwtraceCore", "SwtraceRuntime"]),
        // Builtins, functions, symbolisation: unit tests of the standard library's pieces.
        .testTarget(name: "StdlibTests", dependencies: ["SwtraceCore", "SwtraceCodegen", "SwtraceRuntime", "SwtraceOutput"]),
        // Boots a guest kernel with kprobes/fentry (../shared/kvm) and runs swtrace there.
        .testTarget(name: "GuestKernelTests", dependencies: ["swtrace"]),
        .testTarget(name: "IntegrationTests", dependencies: ["SwtraceCore", "swtrace", "swtrace-workload"]),
        // The tools (Tools/<tool>: a thin command + its embedded .bt program) and their tests.
        .executableTarget(name: "syscount", dependencies: ["SwtraceCLI", "SwtraceCore", "SwtraceOutput",
                                                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          path: "Tools/syscount", exclude: ["generate-tables.sh"],
                          resources: [.embedInCode("syscount.bt")]),
        .executableTarget(name: "opensnoop", dependencies: ["SwtraceCLI", "SwtraceCore", "SwtraceOutput", "SwtraceRuntime",
                                                            .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          path: "Tools/opensnoop", resources: [.embedInCode("opensnoop.bt")]),
        .executableTarget(name: "readhist", dependencies: ["SwtraceCLI",
                                                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          path: "Tools/readhist", resources: [.embedInCode("readhist.bt")]),
        .executableTarget(name: "vfsreadlat", dependencies: ["SwtraceCLI", "SwtraceCore", "SwtraceRuntime",
                                                             .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          path: "Tools/vfsreadlat", resources: [.embedInCode("vfsreadlat.bt")]),
        .testTarget(name: "ToolsTests", dependencies: ["SwtraceCLI", "swtrace", "swtrace-workload",
                                                       "syscount", "opensnoop", "readhist", "vfsreadlat"]),
    ]
)
