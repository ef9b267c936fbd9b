// BPF C sources standing in for codegen output in the runtime tests, compiled at test time with
// the toolchain's clang (`-target bpf`). They follow the codegen contract: programs found by function
// name, in sections libbpf cannot classify ("s_" + name: LLVM refuses a section named like a
// function), BTF-defined maps, one ring buffer, GPL license.

import Foundation
import XCTest

enum BPFFixtures {
    /// Programs over syscalls the test process makes itself, filtered on TARGET_PID (-D).
    ///
    /// Ring buffer events: 0 = printf("%d %s %s", offset, comm, probe), 1 = exit,
    /// 2 = printf("%s", "BEGIN"), 3 = print(u32).
    static let probes = #"""
    #include <linux/bpf.h>
    #include <bpf/bpf_helpers.h>

    typedef unsigned long long u64;
    typedef long long s64;

    struct hist_key { u64 zero; u64 bucket; };
    struct comm_key { char comm[16]; };
    struct lhist_key { char comm[16]; u64 bucket; };
    struct pair { s64 value; u64 second; };

    struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 1 << 16); } events SEC(".maps");
    struct { __uint(type, BPF_MAP_TYPE_PERCPU_HASH); __type(key, u64); __type(value, u64); __uint(max_entries, 1); } map_calls SEC(".maps");
    struct { __uint(type, BPF_MAP_TYPE_PERCPU_HASH); __type(key, struct hist_key); __type(value, u64); __uint(max_entries, 128); } map_hist SEC(".maps");
    struct { __uint(type, BPF_MAP_TYPE_PERCPU_HASH); __type(key, struct lhist_key); __type(value, u64); __uint(max_entries, 128); } map_lhist SEC(".maps");
    struct { __uint(type, BPF_MAP_TYPE_PERCPU_HASH); __type(key, struct comm_key); __type(value, u64); __uint(max_entries, 16); } map_by_comm SEC(".maps");
    struct { __uint(type, BPF_MAP_TYPE_PERCPU_HASH); __type(key, u64); __type(value, struct pair); __uint(max_entries, 1); } map_min SEC(".maps");
    struct { __uint(type, BPF_MAP_TYPE_PERCPU_HASH); __type(key, u64); __type(value, struct pair); __uint(max_entries, 1); } map_max SEC(".maps");
    struct { __uint(type, BPF_MAP_TYPE_PERCPU_HASH); __type(key, u64); __type(value, struct pair); __uint(max_entries, 1); } map_avg SEC(".maps");
    struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, u64); __type(value, u64); __uint(max_entries, 4); } map_began SEC(".maps");
    struct { __uint(type, BPF_MAP_TYPE_PERCPU_HASH); __type(key, u64); __type(value, u64); __uint(max_entries, 1); } map_ticks SEC(".maps");

    struct { __uint(type, BPF_MAP_TYPE_PERCPU_HASH); __type(key, u64); __type(value, u64); __uint(max_entries, 1); } map_uprobe SEC(".maps");

    // Stands in for codegen's lost-event counter: here it counts getppid calls.
    struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __type(key, unsigned int); __type(value, u64); __uint(max_entries, 1); } lost_events SEC(".maps");

    struct lseek_args { u64 common; int nr; u64 fd; s64 offset; u64 whence; };

    static __always_inline int mine(void) {
        return (bpf_get_current_pid_tgid() >> 32) == TARGET_PID;
    }

    static __always_inline void add(void *map, void *key, u64 amount) {
        u64 *value = bpf_map_lookup_elem(map, key);
        if (!value) {
            u64 zero = 0;
            bpf_map_update_elem(map, key, &zero, BPF_NOEXIST);
            value = bpf_map_lookup_elem(map, key);
            if (!value) return;
        }
        *value += amount;
    }

    static __always_inline struct pair *pair_for(void *map) {
        u64 key = 0;
        struct pair *value = bpf_map_lookup_elem(map, &key);
        if (!value) {
            struct pair zero = {0, 0};
            bpf_map_update_elem(map, &key, &zero, BPF_NOEXIST);
            value = bpf_map_lookup_elem(map, &key);
        }
        return value;
    }

    static __always_inline u64 log2_index(s64 v) {
        if (v < 0) return 0;
        if (v == 0) return 1;
        u64 index = 2;
        for (int i = 0; i < 63; i++) {
            if (((u64)v >> (i + 1)) == 0) break;
            index++;
        }
        return index;
    }

    SEC("s_count_getppid")
    int count_getppid(void *ctx) {
        if (!mine()) return 0;
        u64 key = 0;
        add(&map_calls, &key, 1);
        unsigned int zero = 0;
        u64 *lost = bpf_map_lookup_elem(&lost_events, &zero);
        if (lost) *lost += 1;
        return 0;
    }

    SEC("s_on_lseek")
    int on_lseek(struct lseek_args *args) {
        if (!mine()) return 0;
        s64 offset = args->offset;
        struct hist_key hkey = { 0, log2_index(offset) };
        add(&map_hist, &hkey, 1);

        struct lhist_key lkey = {};
        bpf_get_current_comm(lkey.comm, sizeof(lkey.comm));
        lkey.bucket = offset < 0 ? 0 : offset >= 100 ? 11 : (u64)offset / 10 + 1;
        add(&map_lhist, &lkey, 1);

        struct comm_key ckey = {};
        bpf_get_current_comm(ckey.comm, sizeof(ckey.comm));
        add(&map_by_comm, &ckey, 1);

        struct pair *p = pair_for(&map_min);
        if (p && (!p->second || offset < p->value)) { p->value = offset; p->second = 1; }
        p = pair_for(&map_max);
        if (p && (!p->second || offset > p->value)) { p->value = offset; p->second = 1; }
        p = pair_for(&map_avg);
        if (p) { p->value += offset; p->second += 1; }

        if (offset == 4242) {
            u64 *exit_event = bpf_ringbuf_reserve(&events, 8, 0);
            if (exit_event) { *exit_event = 1; bpf_ringbuf_submit(exit_event, 0); }
            return 0;
        }
        struct { u64 id; s64 offset; char comm[16]; u64 probe; } *record;
        record = bpf_ringbuf_reserve(&events, sizeof(*record), 0);
        if (!record) return 0;
        record->id = 0;
        record->offset = offset;
        bpf_get_current_comm(record->comm, sizeof(record->comm));
        record->probe = 0;
        bpf_ringbuf_submit(record, 0);
        return 0;
    }

    SEC("s_begin_program")
    int begin_program(void *ctx) {
        u64 key = 0, one = 1;
        bpf_map_update_elem(&map_began, &key, &one, BPF_ANY);
        struct { u64 id; char text[8]; } *record = bpf_ringbuf_reserve(&events, sizeof(*record), 0);
        if (!record) return 0;
        record->id = 2;
        __builtin_memcpy(record->text, "BEGIN\0\0", 8);
        bpf_ringbuf_submit(record, 0);
        struct { u64 id; unsigned int value; unsigned int pad; } *value = bpf_ringbuf_reserve(&events, 16, 0);
        if (!value) return 0;
        value->id = 3;
        value->value = 77;
        value->pad = 0;
        bpf_ringbuf_submit(value, 0);
        return 0;
    }

    SEC("s_tick")
    int tick(void *ctx) {
        u64 key = 0;
        add(&map_ticks, &key, 1);
        return 0;
    }

    SEC("s_on_uprobe")
    int on_uprobe(void *ctx) {
        if (!mine()) return 0;
        u64 key = 0;
        add(&map_uprobe, &key, 1);
        return 0;
    }

    char LICENSE[] SEC("license") = "GPL";
    """#

    /// A program the verifier rejects: it dereferences a map value without a NULL check.
    static let rejected = #"""
    #include <linux/bpf.h>
    #include <bpf/bpf_helpers.h>
    struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, unsigned long long); __type(value, unsigned long long); __uint(max_entries, 1); } map_x SEC(".maps");
    SEC("s_bad_program")
    int bad_program(void *ctx) {
        unsigned long long key = 0;
        unsigned long long *value = bpf_map_lookup_elem(&map_x, &key);
        *value += 1;
        return 0;
    }
    char LICENSE[] SEC("license") = "GPL";
    """#

    static let clang = "/opt/swift/usr/bin/clang"

    /// Compiles BPF C to an ELF object, skipping the test where that is impossible.
    static func compile(_ source: String, defines: [String: String] = [:]) throws -> [UInt8] {
        guard FileManager.default.isExecutableFile(atPath: clang) else {
            throw XCTSkip("no clang at \(clang)")
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("swtrace-runtime-tests-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("program.bpf.c")
        let output = directory.appendingPathComponent("program.bpf.o")
        try source.write(to: input, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: clang)
        process.arguments = ["-target", "bpf", "-O2", "-g", "-I/usr/include/x86_64-linux-gnu", "-c", input.path,
                             "-o", output.path] + defines.map { "-D\($0.key)=\($0.value)" }
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            if message.contains("No available targets") || message.contains("unknown target") {
                throw XCTSkip("clang lacks the BPF target")
            }
            XCTFail("clang failed: \(message)")
            throw XCTSkip("fixture did not compile")
        }
        return [UInt8](try Data(contentsOf: output))
    }

    /// Skips tests that need root and BPF.
    static func requireRoot() throws {
        if geteuid() != 0 { throw XCTSkip("needs root for BPF") }
    }
}
