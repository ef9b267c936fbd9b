import XCTest
@testable import SwtraceCore

final class ProgramSettingsTests: XCTestCase {
    private func resolve(_ config: String, environment: [String: String] = [:]) throws -> ProgramSettings.Resolution {
        let program = try Parser.parse(SourceFile(name: "t.bt", text: "config = { \(config) } BEGIN { }"))
        return try ProgramSettings.resolve(config: program.config, environment: environment)
    }

    func testDefaultsMatchBpftrace() throws {
        let settings = try resolve("").settings
        XCTAssertEqual(settings.maxMapKeys, 4096)
        XCTAssertEqual(settings.maxStrlen, 64)
        XCTAssertEqual(settings.stackMode, .bpftrace)
        XCTAssertTrue(settings.printMapsOnExit)
        XCTAssertNil(settings.perfRingBufferPages)
    }

    func testConfigBlockSetsEveryKindOfValue() throws {
        let settings = try resolve("""
            max_map_keys = 10; BPFTRACE_MAX_STRLEN = 128; stack_mode = perf; print_maps_on_exit = 0;
            missing_probes = "warn"; perf_rb_pages = 16; str_trunc_trailer = "~"; cpp_demangle = false;
            unstable_map_decl = enable; BPFTRACE_UNSTABLE_TSERIES = error; unstable_addr = warn
            """).settings
        XCTAssertEqual(settings.maxMapKeys, 10)
        XCTAssertEqual(settings.maxStrlen, 128)
        XCTAssertEqual(settings.stackMode, .perf)
        XCTAssertFalse(settings.printMapsOnExit)
        XCTAssertEqual(settings.missingProbes, .warn)
        XCTAssertEqual(settings.perfRingBufferPages, 16)
        XCTAssertEqual(settings.stringTruncationTrailer, "~")
        XCTAssertFalse(settings.cppDemangle)
        XCTAssertEqual(settings.unstableFeatures, ["unstable_map_decl": "enable", "unstable_tseries": "error", "unstable_addr": "warn"])
    }

    func testEnvironmentOverridesTheScriptWithAWarning() throws {
        let resolution = try resolve("max_map_keys = 10", environment: ["BPFTRACE_MAX_MAP_KEYS": "20", "BPFTRACE_STACK_MODE": "raw"])
        XCTAssertEqual(resolution.settings.maxMapKeys, 20)
        XCTAssertEqual(resolution.settings.stackMode, .raw)
        XCTAssertEqual(resolution.warnings.map(\.id), ["config-overridden-by-environment"])
    }

    func testBadValuesAreErrors() {
        for (config, id) in [("max_map_keys = \"many\"", "invalid-config-value"), ("perf_rb_pages = 3", "invalid-config-value"),
                             ("print_maps_on_exit = maybe", "invalid-config-value"), ("max_strlen = $x", "invalid-config-value"),
                             ("maxstrlen = 3", "unknown-config-variable"),
                             ("unstable_map_decl = maybe", "invalid-config-value"), ("symbol_source = \"dwarf\"", "deprecated")] {
            XCTAssertThrowsError(try resolve(config), config) { error in
                XCTAssertEqual((error as? DiagnosticError)?.diagnostics.map(\.id), [id], config)
            }
        }
    }
}
