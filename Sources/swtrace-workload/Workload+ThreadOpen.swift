// The `thread-open` step: the openat() happens in a second thread of the process, so a tracer
// can tell a filter on the thread id (-t) from one on the process id (-p).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The thread's body: one openat of the path it is given (and a close when it succeeds).
private func openInThread(_ argument: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    let fd = rawSyscall(SyscallNumber.openat, Int(AT_FDCWD), Int(bitPattern: argument), Int(O_RDONLY))
    if fd >= 0 { rawSyscall(SyscallNumber.close, fd) }
    return nil
}

func threadOpenStep(_ path: String?) -> Step {
    guard let path else { fail("thread-open needs a PATH\n\n\(usage)") }
    return .threadOpen(path: strdup(path))
}

/// Starts the thread and waits for it to end.
func performThreadOpen(_ path: UnsafeMutablePointer<CChar>) {
    var thread = pthread_t()
    guard pthread_create(&thread, nil, { openInThread($0) }, UnsafeMutableRawPointer(path)) == 0 else {
        fail("pthread_create failed")
    }
    pthread_join(thread, nil)
}
