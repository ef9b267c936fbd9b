// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "swtrace",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "swtrace", targets: ["swtrace"]),
        .executable(name: "syscount", targets: ["syscount"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CLLVM", path: "Sources/CLLVM"),
        .systemLibrary(name: "CLibbpf", path: "Sources/CLibbpf", pkgConfig: "libbpf"),
        .target(name: "SwtraceCore"),
        .target(name: "SwtraceCodegen", dependencies: ["SwtraceCore", "CLLVM"]),
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
        // Boots a guest kernel with kprobes/fentry (../shared/kvm) and runs swtrace there.
        .testTarget(name: "GuestKernelTests", dependencies: ["swtrace"]),
        .testTarget(name: "IntegrationTests", dependencies: ["SwtraceCore", "swtrace", "swtrace-workload"]),
        // The tools (Tools/<tool>: a thin command + its embedded .bt program) and their tests.
        .executableTarget(name: "syscount", dependencies: ["SwtraceCLI", "SwtraceCore", "SwtraceOutput",
                                                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          path: "Tools/syscount", exclude: ["generate-tables.sh"],
                          resources: [.embedInCode("syscount.bt")]),
        .testTarget(name: "ToolsTests", dependencies: ["SwtraceCLI", "swtrace", "swtrace-workload", "syscount"]),
    ]
)
