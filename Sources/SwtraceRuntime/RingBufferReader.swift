// Empties the program's one BPF ring buffer on a reader thread and hands the decoded events to
// the caller's handler on the caller's thread, in the order the kernel wrote them.
//
// Why a thread: the kernel drops records once the ring is full, and at a million printf events
// a second the default 1 MiB ring fills in about 20 ms. Decoding, formatting and writing an
// event costs a few hundred ns; on a busy machine the tracer does not get a whole CPU and the
// ring overflows. The reader thread only copies records out (tens of ns each), so it needs a
// few percent of a CPU to keep the ring empty while the caller works through the copies.
// Copies waiting in memory are bounded (`queueLimit`): past that the reader stops taking
// records and the kernel counts what it drops, as before.

import CLibbpf
import Glibc
import SwtraceCore

final class RingBufferReader {
    /// Bytes of copied records the caller may have waiting before the reader stops copying.
    static let queueLimit = 64 << 20
    /// The reader publishes what it copied at least every this many bytes.
    private static let chunkSize = 1 << 20
    /// What the record callback returns to end a consume pass early (the chunk is full).
    private static let chunkFull: Int32 = -0x5357
    /// Passes that copy fewer records than this are followed by a `gatherMicroseconds` pause.
    private static let trickleRecords = 256
    /// Short next to how long the default ring lasts at a million events a second (~20 ms).
    private static let gatherMicroseconds: UInt32 = 500

    /// Set at the end of init (its callback needs `self`); never nil afterwards.
    private var ring: OpaquePointer!
    private let mapFD: Int32
    private let decoder: EventDecoder

    /// Reader thread only: records copied in the current consume pass, each as a u64 length
    /// and the record's bytes padded to 8 so every record stays 8-byte aligned.
    private var staging: [UInt8] = []
    /// Reader thread only: records copied in the current consume pass.
    private var copiedRecords = 0

    // Shared between the threads, under `mutex`.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let spaceAvailable = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var chunks: [[UInt8]] = []
    private var queuedBytes = 0
    private var stopRequested = false
    /// Drain requests made and answered: the reader answers once it has emptied the ring
    /// after seeing the request.
    private var drainsRequested: UInt64 = 0
    private var drainsAnswered: UInt64 = 0
    private var readerFailure: Int32 = 0
    /// Set when the reader thread has ended (stop or failure): nobody answers drains any more.
    private var readerEnded = false
    /// The caller is about to wait for records: only then does the reader write to its pipe
    /// (a busy caller takes the queue on its next poll anyway).
    private var callerWaiting = false

    /// Non-blocking pipes (read end, write end): the caller wakes the reader (drain, stop),
    /// the reader wakes the caller (records).
    private let wakeReader: (read: Int32, write: Int32)
    private let wakeCaller: (read: Int32, write: Int32)
    private var thread: pthread_t?

    init(mapFD: Int32, decoder: EventDecoder) throws {
        self.mapFD = mapFD
        self.decoder = decoder
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(spaceAvailable, nil)
        wakeReader = Self.makePipe()
        wakeCaller = Self.makePipe()
        let callback: ring_buffer_sample_fn = { contextPointer, data, size in
            guard let contextPointer, let data else { return 0 }
            let reader = Unmanaged<RingBufferReader>.fromOpaque(contextPointer).takeUnretainedValue()
            return reader.copy(UnsafeRawBufferPointer(start: data, count: size))
        }
        guard wakeReader.read >= 0, wakeCaller.read >= 0,
              let ring = ring_buffer__new(mapFD, callback, Unmanaged.passUnretained(self).toOpaque(), nil) else {
            throw RuntimeError.ringBufferFailed(reason: errnoDescription(errno))
        }
        self.ring = ring
    }

    deinit {
        if let thread {
            pthread_mutex_lock(mutex)
            stopRequested = true
            pthread_cond_signal(spaceAvailable)
            pthread_mutex_unlock(mutex)
            Self.signal(wakeReader)
            pthread_join(thread, nil)
        }
        if let ring { ring_buffer__free(ring) }
        for fd in [wakeReader.read, wakeReader.write, wakeCaller.read, wakeCaller.write] where fd >= 0 { close(fd) }
        pthread_cond_destroy(spaceAvailable)
        pthread_mutex_destroy(mutex)
        spaceAvailable.deallocate()
        mutex.deallocate()
    }

    /// Waits up to `timeoutMilliseconds` for records and handles all that arrived; a signal
    /// interrupting the wait is not an error.
    func poll(timeoutMilliseconds: Int32, _ handler: (RuntimeEvent) -> Void) throws {
        try startIfNeeded()
        if !hasQueuedRecords() {
            var waiting = pollfd(fd: wakeCaller.read, events: Int16(POLLIN), revents: 0)
            _ = Glibc.poll(&waiting, 1, timeoutMilliseconds)
        }
        Self.reset(wakeCaller)
        try handleQueued(handler)
    }

    /// Handles every record already in the ring (and copied out) without waiting for more.
    func drain(_ handler: (RuntimeEvent) -> Void) throws {
        try startIfNeeded()
        pthread_mutex_lock(mutex)
        drainsRequested += 1
        let request = drainsRequested
        pthread_mutex_unlock(mutex)
        Self.signal(wakeReader)
        while true {
            pthread_mutex_lock(mutex)
            let answered = drainsAnswered >= request || readerEnded
            if !answered { callerWaiting = true }
            pthread_mutex_unlock(mutex)
            // The answer is published with the last records it covers: taking the queue after
            // seeing it gets them all.
            try handleQueued(handler)
            if answered { return }
            var waiting = pollfd(fd: wakeCaller.read, events: Int16(POLLIN), revents: 0)
            _ = Glibc.poll(&waiting, 1, 10)
            Self.reset(wakeCaller)
        }
    }

    // MARK: caller side

    /// Whether records (or a failure) wait; if not, the reader will wake the caller for them.
    private func hasQueuedRecords() -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        let queued = !chunks.isEmpty || readerFailure != 0 || readerEnded
        callerWaiting = !queued
        return queued
    }

    /// Decodes and handles every copied record; a record that does not decode is skipped and
    /// the first such error thrown after the others were handled.
    private func handleQueued(_ handler: (RuntimeEvent) -> Void) throws {
        pthread_mutex_lock(mutex)
        let taken = chunks
        chunks.removeAll()
        queuedBytes = 0
        let failure = readerFailure
        readerFailure = 0
        pthread_cond_signal(spaceAvailable)
        pthread_mutex_unlock(mutex)

        var firstError: Error?
        for chunk in taken {
            chunk.withUnsafeBytes { bytes in
                var offset = 0
                while offset + 8 <= bytes.count {
                    let size = Int(bytes.load(fromByteOffset: offset, as: UInt64.self))
                    let record = UnsafeRawBufferPointer(rebasing: bytes[(offset + 8)..<(offset + 8 + size)])
                    do {
                        handler(try decoder.decode(record))
                    } catch {
                        if firstError == nil { firstError = error }
                    }
                    offset += 8 + (size + 7) / 8 * 8
                }
            }
        }
        if let firstError { throw firstError }
        if failure != 0 { throw RuntimeError.ringBufferFailed(reason: errnoDescription(failure)) }
    }

    private func startIfNeeded() throws {
        guard thread == nil else { return }
        // The reader takes no signals: SIGINT/SIGTERM must interrupt the caller's wait.
        var all = sigset_t(), previous = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_SETMASK, &all, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        var created = pthread_t()
        let result = pthread_create(&created, nil, { argument in
            Unmanaged<RingBufferReader>.fromOpaque(argument!).takeUnretainedValue().readLoop()
            return nil
        }, Unmanaged.passUnretained(self).toOpaque())
        guard result == 0 else { throw RuntimeError.ringBufferFailed(reason: errnoDescription(result)) }
        thread = created
    }

    // MARK: reader side

    /// The record callback: appends one record to the chunk being filled.
    private func copy(_ record: UnsafeRawBufferPointer) -> Int32 {
        var size = UInt64(record.count)
        withUnsafeBytes(of: &size) { staging.append(contentsOf: $0) }
        staging.append(contentsOf: record.assumingMemoryBound(to: UInt8.self))
        copiedRecords += 1
        let padding = (8 - record.count % 8) % 8
        if padding > 0 { staging.append(contentsOf: repeatElement(0, count: padding)) }
        return staging.count >= Self.chunkSize ? Self.chunkFull : 0
    }

    private func readLoop() {
        defer {
            pthread_mutex_lock(mutex)
            readerEnded = true
            pthread_mutex_unlock(mutex)
            Self.signal(wakeCaller)
        }
        // The ring's map fd polls readable when records wait (the kernel wakes it once the
        // reader has caught up, not for every record).
        var waiting = [pollfd(fd: mapFD, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wakeReader.read, events: Int16(POLLIN), revents: 0)]
        var chunkWasFull = false
        staging.reserveCapacity(Self.chunkSize + 4096)
        while true {
            // A full chunk means more records are likely waiting: take them before sleeping.
            if !chunkWasFull {
                let count = Glibc.poll(&waiting, 2, -1)
                if count < 0 && errno != EINTR {
                    publish(failure: errno, drainAnswer: nil)
                    return
                }
            }
            Self.reset(wakeReader)
            pthread_mutex_lock(mutex)
            let stop = stopRequested
            let drainRequest = drainsRequested
            pthread_mutex_unlock(mutex)
            if stop { return }
            copiedRecords = 0
            let result = ring_buffer__consume(ring)
            chunkWasFull = result == Self.chunkFull
            let trickle = !chunkWasFull && copiedRecords > 0 && copiedRecords < Self.trickleRecords
            let failure = result < 0 && !chunkWasFull ? -result : 0
            // Only an emptied ring answers a drain request made before this pass.
            if !publish(failure: failure, drainAnswer: chunkWasFull ? nil : drainRequest) { return }
            // A few records per wake-up means the reader keeps catching up with a steady stream:
            // each record would cost the traced process a wake-up and the tracer two context
            // switches. Letting the stream gather for a moment makes batches; the first record
            // after a quiet spell is still copied (and printed) at once.
            if trickle { usleep(Self.gatherMicroseconds) }
        }
    }

    /// Hands the chunk to the caller and wakes it; waits while the caller has too much queued.
    /// false once the reader is asked to stop.
    @discardableResult
    private func publish(failure: Int32, drainAnswer: UInt64?) -> Bool {
        let copied = !staging.isEmpty
        pthread_mutex_lock(mutex)
        if copied {
            chunks.append(staging)
            queuedBytes += staging.count
        }
        if failure != 0 && readerFailure == 0 { readerFailure = failure }
        if let drainAnswer { drainsAnswered = max(drainsAnswered, drainAnswer) }
        while queuedBytes > Self.queueLimit && !stopRequested {
            pthread_cond_wait(spaceAvailable, mutex)
        }
        let stop = stopRequested
        let wake = callerWaiting && (copied || failure != 0 || drainAnswer != nil)
        if wake { callerWaiting = false }
        pthread_mutex_unlock(mutex)
        if copied {
            staging = []
            staging.reserveCapacity(Self.chunkSize + 4096)
        }
        if wake { Self.signal(wakeCaller) }
        return !stop
    }

    // MARK: wake-up pipes

    private static func makePipe() -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return (-1, -1) }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        return (fds[0], fds[1])
    }

    /// A full pipe already wakes its reader: a failed write loses nothing.
    private static func signal(_ pipe: (read: Int32, write: Int32)) {
        var byte: UInt8 = 1
        _ = write(pipe.write, &byte, 1)
    }

    private static func reset(_ pipe: (read: Int32, write: Int32)) {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(pipe.read, &buffer, buffer.count) == buffer.count {}
    }
}
