// libbpf (load, attach, maps, ring buffer) and libelf (user-space symbols).
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <libelf.h>
#include <gelf.h>
#include <linux/perf_event.h>
#include <linux/bpf.h>
#include <sys/syscall.h>
#include <sys/mount.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

// Swift cannot call variadic C functions nor use va_copy: these wrappers do it for it.

/// Formats a libbpf log message into a malloc'ed string (caller frees); NULL on failure.
static inline char *swtrace_vformat(const char *format, va_list args) {
    va_list copy;
    va_copy(copy, args);
    int length = vsnprintf(NULL, 0, format, copy);
    va_end(copy);
    if (length < 0) return NULL;
    char *buffer = (char *)malloc((size_t)length + 1);
    if (buffer == NULL) return NULL;
    vsnprintf(buffer, (size_t)length + 1, format, args);
    return buffer;
}

/// perf_event_open(2), which glibc does not wrap.
static inline int swtrace_perf_event_open(struct perf_event_attr *attr, int pid, int cpu,
                                          int group_fd, unsigned long flags) {
    return (int)syscall(__NR_perf_event_open, attr, pid, cpu, group_fd, flags);
}

// Signal flag for SIGINT/SIGTERM: set from the handler, polled by the run loop. Use these from a
// single Swift file only (each object file including this header gets its own copy).
static volatile sig_atomic_t swtrace_received_signal = 0;

static void swtrace_signal_handler(int signal_number) {
    swtrace_received_signal = signal_number;
}

static inline int swtrace_install_signal_handler(int signal_number) {
    struct sigaction action;
    action.sa_handler = swtrace_signal_handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return sigaction(signal_number, &action, NULL);
}

static inline int swtrace_take_received_signal(void) {
    int value = swtrace_received_signal;
    swtrace_received_signal = 0;
    return value;
}

static inline int swtrace_peek_received_signal(void) {
    return swtrace_received_signal;
}
