// Semantic diagnostics as users see them: the exact rendered text (location, message,
// source line, underline, hints) of every error and warning of the language's own checks.
// Together with ParserErrorTests (15 distinct syntax errors) this pins down more than 40
// distinct diagnostics; testEveryCaseHasADistinctDiagnostic counts the ones here.
import XCTest
@testable import SwtraceCore

final class SemanticDiagnosticTests: XCTestCase {
    /// Everything analysis reports for `text`, rendered as swtrace prints it.
    func rendered(_ text: String, arguments: [String] = []) -> String {
        renderedAnalysis(text, arguments: arguments)
    }

    /// (program, positional arguments, rendered diagnostics)
    static let cases: [(String, [String], String)] = [
        (#"BEGIN { printf("%d\n", pdi); }"#, [], #"""
            stdin:1:24-27: ERROR: Unknown identifier: 'pdi'
            BEGIN { printf("%d\n", pdi); }
                                   ~~~
            HINT: did you mean 'pid'?

            """#),
        (#"BEGIN { prnitf("x"); }"#, [], #"""
            stdin:1:9-20: ERROR: Unknown function: 'prnitf'
            BEGIN { prnitf("x"); }
                    ~~~~~~~~~~~
            HINT: did you mean 'printf'?

            """#),
        (#"BEGIN { @x = 1; print(@y); }"#, [], #"""
            stdin:1:23-25: ERROR: Undefined map: @y
            BEGIN { @x = 1; print(@y); }
                                  ~~
            HINT: assign to @y somewhere in the program, e.g. @y = count()

            """#),
        (#"BEGIN { @count = 1; $a = @cuont; }"#, [], #"""
            stdin:1:26-32: ERROR: Undefined map: @cuont
            BEGIN { @count = 1; $a = @cuont; }
                                     ~~~~~~
            HINT: did you mean '@count'?

            """#),
        (#"BEGIN { print($nope); }"#, [], #"""
            stdin:1:15-20: ERROR: Undefined or undeclared variable: $nope
            BEGIN { print($nope); }
                          ~~~~~

            """#),
        (#"BEGIN { $c = (uint64)1; $d = (int64)-1; $c = $d; }"#, [], #"""
            stdin:1:41-48: ERROR: Type mismatch for $c: trying to assign value of type 'int64' when variable already contains a value of type 'uint64'
            BEGIN { $c = (uint64)1; $d = (int64)-1; $c = $d; }
                                                    ~~~~~~~
            HINT: no integer type holds both; cast one side, e.g. (int64)

            """#),
        (#"BEGIN { $s = "a"; $s = 1; }"#, [], #"""
            stdin:1:19-25: ERROR: Type mismatch for $s: trying to assign value of type 'uint8' when variable already contains a value of type 'string[2]'
            BEGIN { $s = "a"; $s = 1; }
                              ~~~~~~

            """#),
        (#"BEGIN { @m[1] = 1; @m["a"] = 2; }"#, [], #"""
            stdin:1:20-31: ERROR: Argument mismatch for @m: trying to access with arguments: [string[2]] when map expects arguments: [int64]
            BEGIN { @m[1] = 1; @m["a"] = 2; }
                               ~~~~~~~~~~~

            """#),
        (#"BEGIN { @m = 1; @m = "a"; }"#, [], #"""
            stdin:1:17-25: ERROR: Type mismatch for @m: trying to assign value of type 'string[2]' when map already contains a value of type 'int64'
            BEGIN { @m = 1; @m = "a"; }
                            ~~~~~~~~

            """#),
        (#"BEGIN { @c = count(); @c = 1; @c += 2; }"#, [], #"""
            stdin:1:23-29: ERROR: Type mismatch for @c: trying to assign value of type 'int64' when map already contains a value of type 'count_t'
            BEGIN { @c = count(); @c = 1; @c += 2; }
                                  ~~~~~~
            stdin:1:31-33: ERROR: Cannot read the value of @c, which holds count() data, inside a probe
            BEGIN { @c = count(); @c = 1; @c += 2; }
                                          ~~
            HINT: count() values are per-CPU and only printed from user space: use print(@c)

            """#),
        (#"BEGIN { @c = hist(2); $x = @c; }"#, [], #"""
            stdin:1:28-30: ERROR: Cannot read the value of @c, which holds hist() data, inside a probe
            BEGIN { @c = hist(2); $x = @c; }
                                       ~~
            HINT: hist() values are per-CPU and only printed from user space: use print(@c)

            """#),
        (#"BEGIN { $x = count(); }"#, [], #"""
            stdin:1:14-21: ERROR: count() must be assigned directly to a map
            BEGIN { $x = count(); }
                         ~~~~~~~
            HINT: write it as @name = count(...) or @name[key] = count(...)

            """#),
        (#"BEGIN { if ("str") { } }"#, [], #"""
            stdin:1:13-18: ERROR: Invalid condition in if(): string[4]
            BEGIN { if ("str") { } }
                        ~~~~~
            HINT: compare the string instead, e.g. if ($s == "text")

            """#),
        (#"BEGIN { $x = "a" + 1; }"#, [], #"""
            stdin:1:14-21: ERROR: Type mismatch for '+': comparing string[2] with int64
            BEGIN { $x = "a" + 1; }
                         ~~~~~~~

            """#),
        (#"BEGIN { $x = 1 == "a"; }"#, [], #"""
            stdin:1:14-22: ERROR: Type mismatch for '==': comparing int64 with string[2]
            BEGIN { $x = 1 == "a"; }
                         ~~~~~~~~

            """#),
        (#"BEGIN { break; }"#, [], #"""
            stdin:1:9-14: ERROR: 'break' used outside of a loop
            BEGIN { break; }
                    ~~~~~

            """#),
        (#"BEGIN { unroll(200) { } }"#, [], #"""
            stdin:1:16-19: ERROR: unroll maximum value is 100
            BEGIN { unroll(200) { } }
                           ~~~

            """#),
        (#"BEGIN { unroll(0) { } }"#, [], #"""
            stdin:1:16-17: ERROR: unroll minimum value is 1
            BEGIN { unroll(0) { } }
                           ~

            """#),
        (#"BEGIN { $n = 3; unroll($n) { } }"#, [], #"""
            stdin:1:24-26: ERROR: invalid unroll value
            BEGIN { $n = 3; unroll($n) { } }
                                   ~~
            HINT: unroll needs a number known when compiling, e.g. unroll(4)

            """#),
        (#"BEGIN { for ($kv : 5) { } }"#, [], #"""
            stdin:1:20-21: ERROR: Loop expression must be a map
            BEGIN { for ($kv : 5) { } }
                               ~
            HINT: iterate a map with for ($kv : @map) or integers with for ($i : 0..10)

            """#),
        (#"BEGIN { @m[1] = 2; $kv = 1; for ($kv : @m) { } }"#, [], #"""
            stdin:1:34-37: ERROR: Loop declaration shadows existing variable: $kv
            BEGIN { @m[1] = 2; $kv = 1; for ($kv : @m) { } }
                                             ~~~
            HINT: name the loop variable differently, e.g. $kv_entry

            """#),
        (#"BEGIN { let $i = 5; for ($i : 1..10) { print($i); } }"#, [], #"""
            stdin:1:26-28: ERROR: Loop declaration shadows existing variable: $i
            BEGIN { let $i = 5; for ($i : 1..10) { print($i); } }
                                     ~~
            HINT: name the loop variable differently, e.g. $i_entry

            """#),
        (#"BEGIN { @m[1] = 2; for ($kv : @m) { return; } }"#, [], #"""
            stdin:1:37-43: ERROR: 'return' statement is not allowed in a for-loop
            BEGIN { @m[1] = 2; for ($kv : @m) { return; } }
                                                ~~~~~~
            HINT: use break to leave the loop and return after it

            """#),
        (#"BEGIN { @s = 1; for ($kv : @s) { } }"#, [], #"""
            stdin:1:28-30: ERROR: @s has no explicit keys (scalar map), and cannot be used for iteration
            BEGIN { @s = 1; for ($kv : @s) { } }
                                       ~~
            HINT: only maps written with keys, e.g. @s[key] = value, can be iterated

            """#),
        (#"BEGIN { @h[1] = hist(5); for ($kv : @h) { } }"#, [], #"""
            stdin:1:37-39: ERROR: Loop expression does not support type: hist_t
            BEGIN { @h[1] = hist(5); for ($kv : @h) { } }
                                                ~~
            HINT: print the map instead, or keep a count()/sum() beside it to iterate

            """#),
        (#"uprobe:/bin/sh:main { @ = sarg0; }"#, [], #"""
            stdin:1:27-32: WARNING: sarg* is deprecated and will be removed in the future.
            uprobe:/bin/sh:main { @ = sarg0; }
                                      ~~~~~
            HINT: Use *(reg("sp") + <stack_offset>) instead.

            """#),
        (#"BEGIN { let $x = 1; let $x = 2; }"#, [], #"""
            stdin:1:21-31: ERROR: Variable $x was already declared. Variable shadowing is not allowed.
            BEGIN { let $x = 1; let $x = 2; }
                                ~~~~~~~~~~
            HINT: assign to it instead: drop the `let`

            """#),
        (#"BEGIN { let $x: float = 1; }"#, [], #"""
            stdin:1:17-22: ERROR: Unknown type: 'float'
            BEGIN { let $x: float = 1; }
                            ~~~~~

            """#),
        (#"BEGIN { let $x: uint8 = "a"; }"#, [], #"""
            stdin:1:9-28: ERROR: Type mismatch for $x: trying to assign value of type 'string[2]' when variable already has a type 'uint8'
            BEGIN { let $x: uint8 = "a"; }
                    ~~~~~~~~~~~~~~~~~~~

            """#),
        (#"BEGIN { $t = (1, 2); $x = $t[5]; }"#, [], #"""
            stdin:1:30-31: ERROR: Tuple index 5 out of bounds for a tuple of 2 elements
            BEGIN { $t = (1, 2); $x = $t[5]; }
                                         ~

            """#),
        (#"BEGIN { $t = (1, 2); $i = 1; $x = $t[$i]; }"#, [], #"""
            stdin:1:38-40: ERROR: The index of a tuple must be an integer literal
            BEGIN { $t = (1, 2); $i = 1; $x = $t[$i]; }
                                                 ~~

            """#),
        (#"BEGIN { return 5; } END { return "five"; }"#, [], #"""
            stdin:1:34-40: ERROR: Probe return values can only be integers. Found string[5]
            BEGIN { return 5; } END { return "five"; }
                                             ~~~~~~
            HINT: write `return;` to leave the probe

            """#),
        (#"fn f($a: int64): int64 { return $a; } BEGIN { f(1, 2); }"#, [], #"""
            stdin:1:47-54: ERROR: Function f requires 1 argument, 2 provided
            fn f($a: int64): int64 { return $a; } BEGIN { f(1, 2); }
                                                          ~~~~~~~

            """#),
        (#"fn f($a: int64): int64 { return $a; } BEGIN { f("x"); }"#, [], #"""
            stdin:1:49-52: ERROR: Function f expects int64 for parameter $a, got string[2]
            fn f($a: int64): int64 { return $a; } BEGIN { f("x"); }
                                                            ~~~

            """#),
        (#"fn f($a: int64): int64 { $a++; } BEGIN { f(1); }"#, [], #"""
            stdin:1:1-33: ERROR: Function f must return a value on every path
            fn f($a: int64): int64 { $a++; } BEGIN { f(1); }
            ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
            HINT: end the function with a return statement

            """#),
        (#"fn f($a: int64): int64 { return "s"; } BEGIN { f(1); }"#, [], #"""
            stdin:1:26-36: ERROR: Function f is of type int64, cannot return string[2]
            fn f($a: int64): int64 { return "s"; } BEGIN { f(1); }
                                     ~~~~~~~~~~

            """#),
        (#"fn f($a: int64): int64 { return f($a); } BEGIN { f(1); }"#, [], #"""
            stdin:1:1-41: ERROR: Recursive function call: f > f
            fn f($a: int64): int64 { return f($a); } BEGIN { f(1); }
            ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
            HINT: BPF programs cannot recurse; rewrite the function with a loop

            """#),
        (#"fn f(): int64 { return 1; } fn f(): int64 { return 2; } BEGIN { f(); }"#, [], #"""
            stdin:1:29-56: ERROR: Function redefined: f
            fn f(): int64 { return 1; } fn f(): int64 { return 2; } BEGIN { f(); }
                                        ~~~~~~~~~~~~~~~~~~~~~~~~~~~

            """#),
        (#"fn add($a: int64): int64 { return $a; } BEGIN { ad(1); }"#, [], #"""
            stdin:1:49-54: ERROR: Unknown function: 'ad'
            fn add($a: int64): int64 { return $a; } BEGIN { ad(1); }
                                                            ~~~~~
            HINT: did you mean 'add'?

            """#),
        (#"macro m(x) { x } BEGIN { m(1, 2); }"#, [], #"""
            stdin:1:26-33: ERROR: Call to macro has wrong number arguments. Expected: 1 but got 2
            macro m(x) { x } BEGIN { m(1, 2); }
                                     ~~~~~~~
            HINT: macro m takes 1 argument

            """#),
        (#"macro m(x) { x } macro m(y) { y } BEGIN { m(1); }"#, [], #"""
            stdin:1:18-34: ERROR: Redefinition of macro: m
            macro m(x) { x } macro m(y) { y } BEGIN { m(1); }
                             ~~~~~~~~~~~~~~~~
            HINT: rename one of the macros; each name can be defined once

            """#),
        (#"macro a(x) { b(x) } macro b(x) { a(x) } BEGIN { a(1); }"#, [], #"""
            stdin:1:34-38: ERROR: Recursive macro call detected. Call chain: a > b > a
            macro a(x) { b(x) } macro b(x) { a(x) } BEGIN { a(1); }
                                             ~~~~
            HINT: macros are expanded in place, so they cannot call themselves; use a loop instead

            """#),
        (#"macro m($x) { $x } BEGIN { @y = 1; m(@y); }"#, [], #"""
            stdin:1:36-41: ERROR: Mismatched arg to macro call. Macro expects a variable for arg $x but got a map.
            macro m($x) { $x } BEGIN { @y = 1; m(@y); }
                                               ~~~~~

            """#),
        (#"macro m(@x) { @x } BEGIN { $y = 1; m($y); }"#, [], #"""
            stdin:1:36-41: ERROR: Mismatched arg to macro call. Macro expects a map for arg @x but got a variable.
            macro m(@x) { @x } BEGIN { $y = 1; m($y); }
                                               ~~~~~

            """#),
        (#"macro m() { @z = 1; } BEGIN { m(); }"#, [], #"""
            stdin:1:13-15: ERROR: Unhygienic access to map: @z. Maps must be passed into the macro as arguments.
            macro m() { @z = 1; } BEGIN { m(); }
                        ~~
            HINT: add @z to the macro's parameters and pass the map at the call

            """#),
        (#"BEGIN { $a = 1; if (1) { $b = 2; } print($b); }"#, [], #"""
            stdin:1:42-44: WARNING: Variable $b is used outside the block that assigned it
            BEGIN { $a = 1; if (1) { $b = 2; } print($b); }
                                                     ~~
            HINT: declare it before that block with `let $b;`

            """#),
        (#"BEGIN { printf("%s\n", str($1 + 9)); }"#, ["hello"], #"""
            stdin:1:28-34: ERROR: Only addition of a single constant, at most the string's length, is allowed on a string positional parameter
            BEGIN { printf("%s\n", str($1 + 9)); }
                                       ~~~~~~
            HINT: write str($1 + N)

            """#),
        (#"BEGIN { $x = (uint8)"abc"; }"#, [], #"""
            stdin:1:14-26: ERROR: Cannot cast to 'uint8'
            BEGIN { $x = (uint8)"abc"; }
                         ~~~~~~~~~~~~

            """#),
        (#"BEGIN { $x = -"a"; }"#, [], #"""
            stdin:1:14-18: ERROR: The - operator can not be used on expressions of type 'string[2]'
            BEGIN { $x = -"a"; }
                         ~~~~

            """#),
        (#"BEGIN { @a[1] = 1; $x = @a[1, 2]; }"#, [], #"""
            stdin:1:25-33: ERROR: Argument mismatch for @a: trying to access with arguments: [int64, int64] when map expects arguments: [int64]
            BEGIN { @a[1] = 1; $x = @a[1, 2]; }
                                    ~~~~~~~~

            """#),
        (#"tracepoint:syscalls:sys_enter_openat { printf("%s\n", str(args.filenme)); }"#, [], #"""
            stdin:1:59-71: ERROR: tracepoint:syscalls:sys_enter_openat args has no field named 'filenme'
            tracepoint:syscalls:sys_enter_openat { printf("%s\n", str(args.filenme)); }
                                                                      ~~~~~~~~~~~~
            HINT: did you mean 'filename'?

            """#),
        (#"tracepoint:syscalls:sys_enter_openat { $x = retval; }"#, [], #"""
            stdin:1:45-51: ERROR: The retval builtin can not be used with 'tracepoint' probes
            tracepoint:syscalls:sys_enter_openat { $x = retval; }
                                                        ~~~~~~
            HINT: retval is available in: fexit, kretprobe, uretprobe

            """#),
        (#"BEGIN { $x = "a" < "b"; $y = ~"s"; $z = 1 ? 2 : "s"; }"#, [], #"""
            stdin:1:14-23: ERROR: The < operator can not be used on expressions of types string[2], string[2]
            BEGIN { $x = "a" < "b"; $y = ~"s"; $z = 1 ? 2 : "s"; }
                         ~~~~~~~~~
            HINT: strings can only be compared with == and !=
            stdin:1:30-34: ERROR: The ~ operator can not be used on expressions of type 'string[2]'
            BEGIN { $x = "a" < "b"; $y = ~"s"; $z = 1 ? 2 : "s"; }
                                         ~~~~
            stdin:1:41-52: ERROR: Ternary operator must return the same type: have 'int64' and 'string[2]'
            BEGIN { $x = "a" < "b"; $y = ~"s"; $z = 1 ? 2 : "s"; }
                                                    ~~~~~~~~~~~

            """#),
        (#"BEGIN { $w = pid + -5; $v = pid - 1; if (tid > -1) { } }"#, [], #"""
            stdin:1:14-22: WARNING: arithmetic on integers of different signs: 'uint64' and 'int64' can lead to undefined behavior
            BEGIN { $w = pid + -5; $v = pid - 1; if (tid > -1) { } }
                         ~~~~~~~~
            HINT: cast one side so both are signed or both unsigned, e.g. (int64)
            stdin:1:42-50: WARNING: comparison of integers of different signs: 'uint64' and 'int64' can lead to undefined behavior
            BEGIN { $w = pid + -5; $v = pid - 1; if (tid > -1) { } }
                                                     ~~~~~~~~
            HINT: cast one side so both are signed or both unsigned, e.g. (int64)

            """#),
        // A variable holding a narrower unsigned value is unsigned to bpftrace (tcpdrop.bt's
        // `$reason > SKB_DROP_REASON_NOT_SPECIFIED`); a narrower signed one still warns.
        (#"BEGIN { $u = (uint32)5; $s = (int16)-1; if ($u > (uint64)1) { } if ($s > (uint64)1) { } }"#, [], #"""
            stdin:1:69-83: WARNING: comparison of integers of different signs: 'int64' and 'uint64' can lead to undefined behavior
            BEGIN { $u = (uint32)5; $s = (int16)-1; if ($u > (uint64)1) { } if ($s > (uint64)1) { } }
                                                                                ~~~~~~~~~~~~~~
            HINT: cast one side so both are signed or both unsigned, e.g. (int64)

            """#),
        (#"BEGIN { $x = print(1); }"#, [], #"""
            stdin:1:14-22: ERROR: print() returns no value, so it cannot be assigned
            BEGIN { $x = print(1); }
                         ~~~~~~~~
            HINT: call it as a statement of its own: print(...);

            """#),
        (#"tracepoint:syscalls:sys_enter_openat { printf("%s\n", str(args->filenam)); }"#, [], #"""
            stdin:1:59-72: ERROR: tracepoint:syscalls:sys_enter_openat args has no field named 'filenam'
            tracepoint:syscalls:sys_enter_openat { printf("%s\n", str(args->filenam)); }
                                                                      ~~~~~~~~~~~~~
            HINT: did you mean args.filename? (args->x is the old spelling of args.x)

            """#),
        (#"BEGIN { @c[1] = count(); @s[1] = stats(2); $x = (int64)@c[1] + @s[1]; }"#, [], #"""
            stdin:1:64-69: ERROR: Cannot read the value of @s, which holds stats() data, inside a probe
            BEGIN { @c[1] = count(); @s[1] = stats(2); $x = (int64)@c[1] + @s[1]; }
                                                                           ~~~~~
            HINT: stats() values are per-CPU and only printed from user space: use print(@s)
            stdin:1:49-69: WARNING: arithmetic on integers of different signs: 'int64' and 'uint64' can lead to undefined behavior
            BEGIN { @c[1] = count(); @s[1] = stats(2); $x = (int64)@c[1] + @s[1]; }
                                                            ~~~~~~~~~~~~~~~~~~~~
            HINT: cast one side so both are signed or both unsigned, e.g. (int64)

            """#),
        (#"interval:ms:$2 { exit(); }"#, ["hello"], #"""
            stdin:1:1-15: ERROR: Positional parameter $2 used in an attach point was not given
            interval:ms:$2 { exit(); }
            ~~~~~~~~~~~~~~
            HINT: pass it after the program: swtrace -e '...' VALUE
            stdin:1:1-15: ERROR: Invalid attach point 'interval:ms:$2': expected interval:UNIT:N with UNIT one of s, ms, us, hz (e.g. interval:s:1)
            interval:ms:$2 { exit(); }
            ~~~~~~~~~~~~~~

            """#),
        (#"BEGIN { @a[1] = 1; has_key(@a, 1); _ = has_key(@a, 1); $i = 0; $i++; { 1 } $b = { 2 }; }"#, [], #"""
            stdin:1:20-34: WARNING: Return value discarded.
            BEGIN { @a[1] = 1; has_key(@a, 1); _ = has_key(@a, 1); $i = 0; $i++; { 1 } $b = { 2 }; }
                               ~~~~~~~~~~~~~~
            HINT: use the value, or write `_ = ...` to drop it on purpose
            stdin:1:72-73: WARNING: Return value discarded.
            BEGIN { @a[1] = 1; has_key(@a, 1); _ = has_key(@a, 1); $i = 0; $i++; { 1 } $b = { 2 }; }
                                                                                   ~
            HINT: use the value, or write `_ = ...` to drop it on purpose

            """#),
        (#"BEGIN { $count = 1; print($cuont); print($q); }"#, [], #"""
            stdin:1:27-33: ERROR: Undefined or undeclared variable: $cuont
            BEGIN { $count = 1; print($cuont); print($q); }
                                      ~~~~~~
            HINT: did you mean '$count'?
            stdin:1:42-44: ERROR: Undefined or undeclared variable: $q
            BEGIN { $count = 1; print($cuont); print($q); }
                                                     ~~

            """#),
        (#"BEGIN { let $a: uint32 = -1; let $b: uint32 = (uint64)1; let $c: uint8 = 300; let $d: int64 = (uint32)5; }"#, [], #"""
            stdin:1:9-28: ERROR: Type mismatch for $a: trying to assign value of type 'int8' when variable already has a type 'uint32'
            BEGIN { let $a: uint32 = -1; let $b: uint32 = (uint64)1; let $c: uint8 = 300; let $d: int64 = (uint32)5; }
                    ~~~~~~~~~~~~~~~~~~~
            stdin:1:30-56: ERROR: Type mismatch for $b: trying to assign value of type 'uint64' when variable already has a type 'uint32'
            BEGIN { let $a: uint32 = -1; let $b: uint32 = (uint64)1; let $c: uint8 = 300; let $d: int64 = (uint32)5; }
                                         ~~~~~~~~~~~~~~~~~~~~~~~~~~
            stdin:1:58-77: ERROR: Type mismatch for $c: trying to assign value of type 'uint16' when variable already has a type 'uint8'
            BEGIN { let $a: uint32 = -1; let $b: uint32 = (uint64)1; let $c: uint8 = 300; let $d: int64 = (uint32)5; }
                                                                     ~~~~~~~~~~~~~~~~~~~

            """#),
        (#"fn f($x: uint8): uint8 { return $x; } BEGIN { $r = f(300) + f(255); }"#, [], #"""
            stdin:1:54-57: ERROR: Function f expects uint8 for parameter $x, got uint16
            fn f($x: uint8): uint8 { return $x; } BEGIN { $r = f(300) + f(255); }
                                                                 ~~~

            """#),
        (#"BEGIN { @x = 1; @x = "s"; $y = nope; if (comm) { } }"#, [], #"""
            stdin:1:17-25: ERROR: Type mismatch for @x: trying to assign value of type 'string[2]' when map already contains a value of type 'int64'
            BEGIN { @x = 1; @x = "s"; $y = nope; if (comm) { } }
                            ~~~~~~~~
            stdin:1:32-36: ERROR: Unknown identifier: 'nope'
            BEGIN { @x = 1; @x = "s"; $y = nope; if (comm) { } }
                                           ~~~~
            stdin:1:42-46: ERROR: Invalid condition in if(): string[16]
            BEGIN { @x = 1; @x = "s"; $y = nope; if (comm) { } }
                                                     ~~~~
            HINT: compare the string instead, e.g. if ($s == "text")

            """#),
    ]

    func testRenderedDiagnostics() {
        for (program, arguments, expected) in Self.cases {
            XCTAssertEqual(rendered(program, arguments: arguments), expected, program)
        }
    }

    /// Each case shows a different diagnostic (by id and message shape), so the table really
    /// covers as many distinct diagnostics as it has cases, give or take shared ids.
    func testEveryCaseHasADistinctDiagnostic() {
        var messages: Set<String> = []
        for (program, arguments, _) in Self.cases {
            let source = SourceFile(name: "stdin", text: program)
            guard let parsed = try? Parser.parse(source) else { continue }
            do {
                _ = try SemanticAnalyzer.analyze(parsed, source: source,
                    options: SemanticOptions(catalogue: FixedCatalogue(), positionalArguments: arguments))
            } catch let error as DiagnosticError {
                for diagnostic in error.diagnostics {
                    messages.insert(diagnostic.id + ":" + diagnostic.message.prefix(24))
                }
            } catch {}
        }
        XCTAssertGreaterThanOrEqual(messages.count, 40)
    }
}
