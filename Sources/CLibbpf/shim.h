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
#include <unistd.h>
