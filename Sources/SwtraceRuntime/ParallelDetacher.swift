// Destroys many libbpf links concurrently. Each tracepoint detach blocks in the kernel on RCU
// grace periods (~30-70 ms for syscall tracepoints); part of that work is serialised by the
// kernel, but a few threads still halve the total (360 syscall tracepoints: 26 s alone, ~11 s
// with 2-64 threads), so a small pool is used.

import CLibbpf
import Foundation

enum ParallelDetacher {
    static let maximumThreads = 8

    /// Destroys the links (`struct bpf_link *` as integers) and returns when all are gone.
    static func destroy(_ links: [UInt]) {
        guard links.count > 1 else {
            links.forEach { bpf_link__destroy(OpaquePointer(bitPattern: $0)) }
            return
        }
        let threadCount = min(links.count, maximumThreads)
        let group = DispatchGroup()
        for index in 0..<threadCount {
            group.enter()
            let slice = Array(stride(from: index, to: links.count, by: threadCount).map { links[$0] })
            let thread = Thread {
                slice.forEach { bpf_link__destroy(OpaquePointer(bitPattern: $0)) }
                group.leave()
            }
            thread.stackSize = 256 * 1024
            thread.start()
        }
        group.wait()
    }
}
