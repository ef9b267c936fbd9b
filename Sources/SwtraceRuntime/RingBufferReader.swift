// Polls the program's one BPF ring buffer and hands decoded events to the caller's handler.

import CLibbpf
import Glibc
import SwtraceCore

final class RingBufferReader {
    /// What the C callback reaches through its context pointer.
    private final class Context {
        let decoder: EventDecoder
        var handler: ((RuntimeEvent) -> Void)?
        var error: Error?
        init(decoder: EventDecoder) { self.decoder = decoder }
    }

    private let ring: OpaquePointer
    private let context: Context

    init(mapFD: Int32, decoder: EventDecoder) throws {
        context = Context(decoder: decoder)
        let callback: ring_buffer_sample_fn = { contextPointer, data, size in
            guard let contextPointer, let data else { return 0 }
            let context = Unmanaged<Context>.fromOpaque(contextPointer).takeUnretainedValue()
            do {
                let event = try context.decoder.decode(UnsafeRawBufferPointer(start: data, count: size))
                context.handler?(event)
            } catch {
                if context.error == nil { context.error = error }
            }
            return 0
        }
        guard let ring = ring_buffer__new(mapFD, callback, Unmanaged.passUnretained(context).toOpaque(), nil) else {
            throw RuntimeError.ringBufferFailed(reason: errnoDescription(errno))
        }
        self.ring = ring
    }

    deinit { ring_buffer__free(ring) }

    /// Waits up to `timeoutMilliseconds` for records and handles all available; a signal
    /// interrupting the wait is not an error.
    func poll(timeoutMilliseconds: Int32, _ handler: (RuntimeEvent) -> Void) throws {
        try run(handler) { ring_buffer__poll(ring, timeoutMilliseconds) }
    }

    /// Handles every record already in the buffer without waiting.
    func drain(_ handler: (RuntimeEvent) -> Void) throws {
        try run(handler) { ring_buffer__consume(ring) }
    }

    private func run(_ handler: (RuntimeEvent) -> Void, _ body: () -> Int32) throws {
        try withoutActuallyEscaping(handler) { escapable in
            context.handler = escapable
            context.error = nil
            defer { context.handler = nil }
            let result = body()
            if let error = context.error { throw error }
            if result < 0 && result != -EINTR {
                throw RuntimeError.ringBufferFailed(reason: errnoDescription(result))
            }
        }
    }
}
