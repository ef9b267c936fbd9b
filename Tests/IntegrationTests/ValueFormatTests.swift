// Values end to end as bpftrace prints them, from values the program itself feeds in:
// hist(n, k) histograms with k bits per power of two; pointers in hex (printf's %d and %x still
// see the number); C arrays as [1,2,3] wherever they appear; bools as true/false (bpftrace's
// runtime tests "bool" and "boolcast", in one program); named tuples as bpftrace prints its
// records ({ .a = 1, .b = x }, runtime test "record": fields written in another order are
// stored in the first order); tuples resized field by field; in text and JSON.
import Foundation
import XCTest

final class ValueFormatTests: XCTestCase {
    override func setUpWithError() throws {
        try Executables.requireRoot()
    }

    // k = 2: single values up to 7, then four buckets per power of two; k = 1 with a negative
    // value, empty buckets between filled ones, and one bucket filled twice.
    func testFineGrainedHistogramsInText() throws {
        let result = try Swtrace.runToEnd(["-q", "-e", """
            BEGIN {
              $i = 0; while ($i < 40) { @h = hist($i, 2); $i++; }
              @k[1] = hist(-1, 1); @k[1] = hist(3, 1); @k[1] = hist(40, 1); @k[1] = hist(47, 1);
              exit();
            }
            """], timeout: 60)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdout, """


            @h:
            [0]                    1 |@@@@@@                                              |
            [1]                    1 |@@@@@@                                              |
            [2]                    1 |@@@@@@                                              |
            [3]                    1 |@@@@@@                                              |
            [4]                    1 |@@@@@@                                              |
            [5]                    1 |@@@@@@                                              |
            [6]                    1 |@@@@@@                                              |
            [7]                    1 |@@@@@@                                              |
            [8, 10)                2 |@@@@@@@@@@@@@                                       |
            [10, 12)               2 |@@@@@@@@@@@@@                                       |
            [12, 14)               2 |@@@@@@@@@@@@@                                       |
            [14, 16)               2 |@@@@@@@@@@@@@                                       |
            [16, 20)               4 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
            [20, 24)               4 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
            [24, 28)               4 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
            [28, 32)               4 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
            [32, 40)               8 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|

            @k[1]:
            (..., 0)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
            [0]                    0 |                                                    |
            [1]                    0 |                                                    |
            [2]                    0 |                                                    |
            [3]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
            [4, 6)                 0 |                                                    |
            [6, 8)                 0 |                                                    |
            [8, 12)                0 |                                                    |
            [12, 16)               0 |                                                    |
            [16, 24)               0 |                                                    |
            [24, 32)               0 |                                                    |
            [32, 48)               2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|


            """, result.transcript)
    }

    // bpftrace's runtime test outputs/hist_2args.json: hist($i, 3) of 0...1023 is 16 single
    // values, then eight buckets per power of two up to [960, 1023].
    func testFineGrainedHistogramInJSONIsBpftracesHist2Args() throws {
        let result = try Swtrace.runToEnd(["-q", "-f", "json", "-e",
            "BEGIN { $i = 0; while ($i < 1024) { @ = hist($i, 3); $i++; } exit(); }"], timeout: 60)
        XCTAssertEqual(result.status, 0, result.transcript)
        var expected: [[String: Int]] = (0...15).map { ["min": $0, "max": $0, "count": 1] }
        for power in 4...9 {
            let width = 1 << (power - 3)
            for step in 0..<8 {
                let low = (1 << power) + step * width
                expected.append(["min": low, "max": low + width - 1, "count": width])
            }
        }
        let line = try XCTUnwrap(result.stdoutLines.first { $0.contains("\"hist\"") }, result.transcript)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let rows = try XCTUnwrap((object["data"] as? [String: Any])?["@"] as? [[String: Int]], line)
        XCTAssertEqual(rows, expected)
    }

    static let pointersAndArrays = """
        BEGIN {
          @p = (uint8 *)0x10; @keys[(int32 *)0x20, 1] = (int8 *)0; @t = ((uint8 *)0x30, 5);
          printf("%d %p %x\\n", (uint8 *)0x10, (uint8 *)0x10, (uint8 *)0x10);
          print((uint8 *)0xff);
          @a = (int8[4])(int32)0x01020304; @ak[(uint16[2])(uint32)7] = 1; @at = (1, (uint8[2])(uint16)258, "x");
          print((uint8[4])(uint32)0x01020304);
          exit();
        }
        """

    func testPointersAndArraysInText() throws {
        let result = try Swtrace.runToEnd(["-q", "-e", Self.pointersAndArrays], timeout: 60)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdout, """
            16 0x10 10
            0xff
            [4,3,2,1]


            @a: [4,3,2,1]
            @ak[[7,0]]: 1
            @at: (1, [2,1], x)
            @keys[0x20, 1]: 0x0
            @p: 0x10
            @t: (0x30, 5)

            """, result.transcript)
    }

    func testPointersAndArraysInJSON() throws {
        let result = try Swtrace.runToEnd(["-q", "-f", "json", "-e", Self.pointersAndArrays], timeout: 60)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdoutLines, [
            #"{"type": "printf", "data": "16 0x10 10\n"}"#,
            #"{"type": "value", "data": 255}"#,
            #"{"type": "value", "data": [4,3,2,1]}"#,
            #"{"type": "map", "data": {"@a": [4,3,2,1]}}"#,
            #"{"type": "map", "data": {"@ak": {"[7,0]": 1}}}"#,
            #"{"type": "map", "data": {"@at": [1,[2,1],"x"]}}"#,
            #"{"type": "map", "data": {"@keys": {"0x20,1": 0}}}"#,
            #"{"type": "map", "data": {"@p": 16}}"#,
            #"{"type": "map", "data": {"@t": [48,5]}}"#,
        ], result.transcript)
    }

    static let booleans = """
        fn flip($x: bool): bool { return !$x; }
        BEGIN {
          let $d: bool = 1 < 2; print((flip(true), $d));
          print((true, false));
          if (true) { print(1); } if (false) { print(2); }
          $b = true; $c = false; print(($b, $c));
          print(((bool)1, (bool)0));
          print(((bool)"hello", (bool)""));
          $p0 = (int64 *)0; $p1 = (int64 *)1; print(((bool)$p1, (bool)$p0));
          @n = count(); @z = sum(0); print(((bool)@n, (bool)@z));
          print(((int64)true, (int64)false));
          print((!0, !10));
          printf("%d %d\\n", 1 < 2, 2 < 1);
          @a[true] = false;
          @k[false, 1, true] = 1; @k[true, (int32)2, false] = 2;
          @ka[1] = 1; print((has_key(@ka, 1), strcontains("abc", "x"), (1, 2) == (1, 2), curtask == curtask));
          @ba = (bool[2])(uint16)1;
          exit();
        }
        """

    func testBooleansInText() throws {
        let result = try Swtrace.runToEnd(["-q", "-e", Self.booleans], timeout: 60)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdout, """
            (false, true)
            (true, false)
            1
            (true, false)
            (true, false)
            (true, false)
            (true, false)
            (true, false)
            (1, 0)
            (true, false)
            1 0
            (true, false, true, true)


            @a[true]: false
            @ba: [true,false]
            @k[false, 1, true]: 1
            @k[true, 2, false]: 2
            @ka[1]: 1
            @n: 1
            @z: 0

            """, result.transcript)
    }

    func testBooleansInJSON() throws {
        let result = try Swtrace.runToEnd(["-q", "-f", "json", "-e", Self.booleans], timeout: 60)
        XCTAssertEqual(result.status, 0, result.transcript)
        let pair = #"{"type": "value", "data": [true,false]}"#
        XCTAssertEqual(result.stdoutLines, [
            #"{"type": "value", "data": [false,true]}"#,
            pair, #"{"type": "value", "data": 1}"#, pair, pair, pair, pair, pair,
            #"{"type": "value", "data": [1,0]}"#, pair,
            #"{"type": "printf", "data": "1 0\n"}"#,
            #"{"type": "value", "data": [true,false,true,true]}"#,
            #"{"type": "map", "data": {"@a": {"true": false}}}"#,
            #"{"type": "map", "data": {"@ba": [true,false]}}"#,
            #"{"type": "map", "data": {"@k": {"false,1,true": 1, "true,2,false": 2}}}"#,
            #"{"type": "map", "data": {"@ka": {"1": 1}}}"#,
            #"{"type": "map", "data": {"@n": 1}}"#,
            #"{"type": "map", "data": {"@z": 0}}"#,
        ], result.transcript)
    }

    static let namedTuples = """
        BEGIN {
          $v = 99; $t = (a=0, b=1, c="str", d=(5, 6), e=$v);
          printf("%d %d %s %d %d %d\\n", $t.a, $t.b, $t.c, $t.d.0, $t.d.1, $t.e);
          $w = (x=1, y=2); print((a=0, b=1, c="str", d=(5, 6), e=$w));
          @r[(a=1, b="hello", c=(7, (x=100, y=120)))] = ("bye", (m=(x=3, y=4), n=10));
          $o = (foo={ printf("hello"); 1 }, bar={ printf("world"); 2 });
          $o = (bar={ printf("hello"); 1 }, foo={ printf("world\\n"); 2 });
          print($o);
          $s = ("abcdefghijk", 2); $s = ("a", 1); print($s);
          @k[(a=1, b="xyzxyzxyz")] = (c=(int8)1, d="q"); @k[(b="k", a=2)] = (d="longer string", c=3);
          exit();
        }
        """

    func testNamedTuplesInText() throws {
        let result = try Swtrace.runToEnd(["-q", "-e", Self.namedTuples], timeout: 60)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdout, """
            0 1 str 5 6 99
            { .a = 0, .b = 1, .c = str, .d = (5, 6), .e = { .x = 1, .y = 2 } }
            helloworldhelloworld
            { .foo = 2, .bar = 1 }
            (a, 1)


            @k[{ .a = 1, .b = xyzxyzxyz }]: { .c = 1, .d = q }
            @k[{ .a = 2, .b = k }]: { .c = 3, .d = longer string }
            @r[{ .a = 1, .b = hello, .c = (7, { .x = 100, .y = 120 }) }]: (bye, { .m = { .x = 3, .y = 4 }, .n = 10 })

            """, result.transcript)
    }

    func testNamedTuplesInJSON() throws {
        let result = try Swtrace.runToEnd(["-q", "-f", "json", "-e", Self.namedTuples], timeout: 60)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdoutLines, [
            #"{"type": "printf", "data": "0 1 str 5 6 99\n"}"#,
            #"{"type": "value", "data": {"a": 0, "b": 1, "c": "str", "d": [5,6], "e": {"x": 1, "y": 2}}}"#,
            #"{"type": "printf", "data": "hello"}"#, #"{"type": "printf", "data": "world"}"#,
            #"{"type": "printf", "data": "hello"}"#, #"{"type": "printf", "data": "world\n"}"#,
            #"{"type": "value", "data": {"foo": 2, "bar": 1}}"#,
            #"{"type": "value", "data": ["a",1]}"#,
            #"{"type": "map", "data": {"@k": {"{.a=1,.b=xyzxyzxyz}": {"c": 1, "d": "q"}, "{.a=2,.b=k}": {"c": 3, "d": "longer string"}}}}"#,
            #"{"type": "map", "data": {"@r": {"{.a=1,.b=hello,.c=(7,{.x=100,.y=120})}": ["bye",{"m": {"x": 3, "y": 4}, "n": 10}]}}}"#,
        ], result.transcript)
    }
}
