// `let @m = kind(N);` map declarations: what they record on the map for codegen, the
// unstable-feature gate, and bpftrace's errors and warnings about them, rendered exactly.
import XCTest
@testable import SwtraceCore

final class MapDeclarationTests: XCTestCase {
    private func analyze(_ text: String) throws -> CheckedProgram {
        let source = SourceFile(name: "stdin", text: text)
        return try SemanticAnalyzer.analyze(try Parser.parse(source), source: source,
                                            options: SemanticOptions(catalogue: FixedCatalogue()))
    }

    private func rendered(_ text: String) -> String { renderedAnalysis(text) }

    func testDeclarationsSetKindAndSize() throws {
        let checked = try analyze("""
        config = { unstable_map_decl=enable }
        let @a = hash(100);
        let @b = percpulruhash(20);
        let @c = lruhash(2);
        BEGIN { @a[1] = 1; @b[2] = count(); @c = "x"; @d = 4; }
        """)
        XCTAssertEqual(checked.warnings, [])
        let maps = Dictionary(uniqueKeysWithValues: checked.maps.map { ($0.name, $0) })
        XCTAssertEqual(maps["@a"]?.declaredKind, "hash")
        XCTAssertEqual(maps["@a"]?.declaredMaxEntries, 100)
        XCTAssertEqual(maps["@b"]?.declaredKind, "percpulruhash")
        XCTAssertEqual(maps["@b"]?.declaredMaxEntries, 20)
        XCTAssertEqual(maps["@c"]?.declaredKind, "lruhash")
        XCTAssertNil(maps["@d"]?.declaredKind)
        XCTAssertNil(maps["@d"]?.declaredMaxEntries)
    }

    func testUnstableFeatureWarnsUnlessEnabledAndFailsWhenDisabled() {
        // One warning for the script, without a location (as bpftrace logs it), however many maps.
        XCTAssertEqual(rendered("let @a = lruhash(100);\nlet @b = hash(2);\nBEGIN { @a[1] = 2; @b[1] = 1; }"), """
        WARNING: Script is using an unstable feature: map declarations. To prevent this warning you must explicitly enable it in the config e.g. unstable_map_decl=enable

        """)
        XCTAssertEqual(rendered("config = { unstable_map_decl=error }\nlet @a = hash(1);\nBEGIN { @a[1] = 2; }"), """
        stdin:2:1-17: ERROR: map declarations feature is not enabled by default. To enable this unstable feature, set the config flag to enable. unstable_map_decl=enable
        let @a = hash(1);
        ~~~~~~~~~~~~~~~~

        """)
    }

    /// tseries() is unstable too: one location-less warning, nothing once enabled, an error at
    /// each call when refused (and the refusal of one feature leaves the other's setting alone).
    func testTimeSeriesIsAnUnstableFeature() {
        XCTAssertEqual(rendered("BEGIN { @a = tseries(1, 1s, 5); @b = tseries(2, 1s, 5); }"), """
        WARNING: Script is using an unstable feature: tseries. To prevent this warning you must explicitly enable it in the config e.g. unstable_tseries=enable

        """)
        XCTAssertEqual(rendered("config = { unstable_tseries=enable }\nBEGIN { @a = tseries(1, 1s, 5); }"), "")
        XCTAssertEqual(rendered("config = { unstable_tseries=error; unstable_map_decl=enable }\nlet @m = hash(2);\nBEGIN { @m[1] = 1; @a = tseries(1, 1s, 5); }"), """
        stdin:3:25-42: ERROR: tseries feature is not enabled by default. To enable this unstable feature, set the config flag to enable. unstable_tseries=enable
        BEGIN { @m[1] = 1; @a = tseries(1, 1s, 5); }
                                ~~~~~~~~~~~~~~~~~

        """)
    }

    func testDeclarationErrors() {
        XCTAssertEqual(rendered("""
        config = { unstable_map_decl=enable }
        let @a = hashmap(10);
        let @b = hash(10);
        let @b = hash(5);
        let @c = percpuhash(10);
        let @d = hash(10);
        let @e = lruhash(0);
        BEGIN { @b[1] = count(); @c[1] = 5; }
        """), """
        stdin:2:10-17: ERROR: Invalid bpf map type: hashmap
        let @a = hashmap(10);
                 ~~~~~~~
        HINT: Valid map types: hash, lruhash, percpuhash, percpulruhash
        stdin:8:9-24: ERROR: Incompatible map types. Type from declaration: hash. Type from value/key type: percpuhash
        BEGIN { @b[1] = count(); @c[1] = 5; }
                ~~~~~~~~~~~~~~~
        HINT: aggregations such as count() need percpuhash or percpulruhash
        stdin:4:1-17: ERROR: Map @b is already declared
        let @b = hash(5);
        ~~~~~~~~~~~~~~~~
        HINT: declare each map once
        stdin:8:26-35: ERROR: Incompatible map types. Type from declaration: percpuhash. Type from value/key type: hash
        BEGIN { @b[1] = count(); @c[1] = 5; }
                                 ~~~~~~~~~
        HINT: plain values need hash or lruhash
        stdin:7:1-20: ERROR: Max entries of a map must be between 1 and 2147483647
        let @e = lruhash(0);
        ~~~~~~~~~~~~~~~~~~~
        stdin:6:1-18: WARNING: Unused map: @d
        let @d = hash(10);
        ~~~~~~~~~~~~~~~~~

        """)
    }
}
