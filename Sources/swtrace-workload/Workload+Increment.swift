// The `increment` and `increment-each` steps: calls of a real, never-inlined function
// `increment(int *)`, for watchpoint tests that name a function and the argument holding the
// address to watch (`watchpoint:increment+arg0:4:w`).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The one int every `increment` step of a run passes, on the heap (allocated during set-up).
let sharedCounter: UnsafeMutablePointer<Int32> = {
    let pointer = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    pointer.initialize(to: 0)
    return pointer
}()

/// Adds one to `*counter`: one 4-byte store. The symbol is exactly `increment` so a uprobe can
/// name it; the first argument arrives in the first argument register (rdi, x0) as in C.
/// Unoptimized, so no optimized build calls a specialized copy instead.
@_silgen_name("increment")
@inline(never)
@_optimize(none)
public func increment(_ counter: UnsafeMutablePointer<Int32>) {
    counter.pointee &+= 1
}

func incrementStep(_ count: Int) -> Step {
    _ = sharedCounter
    _ = opaqueCall
    return .increment(counters: [sharedCounter], count: count)
}

/// `increment-each K`: K ints of their own, each 8-byte aligned, each incremented once.
func incrementEachStep(_ count: Int) -> Step {
    _ = opaqueCall
    let counters = (0..<count).map { _ -> UnsafeMutablePointer<Int32> in
        let raw = UnsafeMutableRawPointer.allocate(byteCount: 8, alignment: 8)
        return raw.initializeMemory(as: Int32.self, repeating: 0, count: 2)
    }
    return .increment(counters: counters, count: 1)
}

/// `count` calls of increment on each counter in turn; the opaque call between them keeps the
/// optimizer from merging or dropping any call.
@_optimize(none)
func performIncrements(_ counters: [UnsafeMutablePointer<Int32>], _ count: Int) {
    for counter in counters {
        for _ in 0..<count {
            increment(counter)
            _ = opaqueCall("")
        }
    }
}
