// Kernel functions people trace with kprobe/fentry and the stable tracepoints that see the same
// events, so that a kernel without kprobes or trampolines can point users at something that works.

enum StableTracepointEquivalents {
    /// Function -> tracepoints at its entry and at its return (category:name).
    private static let table: [String: (entry: [String], exit: [String])] = [
        "vfs_read": (["syscalls:sys_enter_read"], ["syscalls:sys_exit_read"]),
        "ksys_read": (["syscalls:sys_enter_read"], ["syscalls:sys_exit_read"]),
        "vfs_write": (["syscalls:sys_enter_write"], ["syscalls:sys_exit_write"]),
        "ksys_write": (["syscalls:sys_enter_write"], ["syscalls:sys_exit_write"]),
        "vfs_readv": (["syscalls:sys_enter_readv"], ["syscalls:sys_exit_readv"]),
        "vfs_writev": (["syscalls:sys_enter_writev"], ["syscalls:sys_exit_writev"]),
        "do_sys_open": (["syscalls:sys_enter_openat"], ["syscalls:sys_exit_openat"]),
        "do_sys_openat2": (["syscalls:sys_enter_openat", "syscalls:sys_enter_openat2"],
                           ["syscalls:sys_exit_openat", "syscalls:sys_exit_openat2"]),
        "vfs_open": (["syscalls:sys_enter_openat"], ["syscalls:sys_exit_openat"]),
        "do_filp_open": (["syscalls:sys_enter_openat"], ["syscalls:sys_exit_openat"]),
        "vfs_unlink": (["syscalls:sys_enter_unlinkat"], ["syscalls:sys_exit_unlinkat"]),
        "do_unlinkat": (["syscalls:sys_enter_unlinkat"], ["syscalls:sys_exit_unlinkat"]),
        "vfs_mkdir": (["syscalls:sys_enter_mkdirat"], ["syscalls:sys_exit_mkdirat"]),
        "vfs_rename": (["syscalls:sys_enter_renameat2"], ["syscalls:sys_exit_renameat2"]),
        "vfs_fsync": (["syscalls:sys_enter_fsync"], ["syscalls:sys_exit_fsync"]),
        "do_nanosleep": (["syscalls:sys_enter_nanosleep", "syscalls:sys_enter_clock_nanosleep"],
                         ["syscalls:sys_exit_nanosleep", "syscalls:sys_exit_clock_nanosleep"]),
        "do_execveat_common": (["syscalls:sys_enter_execve"], ["sched:sched_process_exec"]),
        "bprm_execve": (["syscalls:sys_enter_execve"], ["sched:sched_process_exec"]),
        "kernel_clone": (["sched:sched_process_fork"], ["sched:sched_process_fork"]),
        "_do_fork": (["sched:sched_process_fork"], ["sched:sched_process_fork"]),
        "do_exit": (["sched:sched_process_exit"], ["sched:sched_process_exit"]),
        "schedule": (["sched:sched_switch"], ["sched:sched_switch"]),
        "__schedule": (["sched:sched_switch"], ["sched:sched_switch"]),
        "try_to_wake_up": (["sched:sched_waking"], ["sched:sched_wakeup"]),
        "wake_up_new_task": (["sched:sched_wakeup_new"], ["sched:sched_wakeup_new"]),
        "__kmalloc": (["kmem:kmalloc"], ["kmem:kmalloc"]),
        "kmalloc": (["kmem:kmalloc"], ["kmem:kmalloc"]),
        "kfree": (["kmem:kfree"], ["kmem:kfree"]),
        "kmem_cache_alloc": (["kmem:kmem_cache_alloc"], ["kmem:kmem_cache_alloc"]),
        "kmem_cache_free": (["kmem:kmem_cache_free"], ["kmem:kmem_cache_free"]),
        "handle_mm_fault": (["exceptions:page_fault_user"], ["exceptions:page_fault_user"]),
        "blk_mq_start_request": (["block:block_rq_issue"], ["block:block_rq_issue"]),
        "blk_account_io_start": (["block:block_io_start"], ["block:block_io_start"]),
        "blk_account_io_done": (["block:block_rq_complete"], ["block:block_rq_complete"]),
        "tcp_retransmit_skb": (["tcp:tcp_retransmit_skb"], ["tcp:tcp_retransmit_skb"]),
        "tcp_set_state": (["sock:inet_sock_set_state"], ["sock:inet_sock_set_state"]),
        "kill_pid_info": (["signal:signal_generate"], ["signal:signal_generate"]),
        "do_send_sig_info": (["signal:signal_generate"], ["signal:signal_generate"]),
        "oom_kill_process": (["oom:mark_victim"], ["oom:mark_victim"]),
    ]

    /// Candidate tracepoints (category:name) for a kernel function, at its entry or its return.
    /// Syscall entry points (`__x64_sys_read`, `__se_sys_read`, `ksys_read`) map to their syscall
    /// tracepoints.
    static func candidates(for function: String, atReturn: Bool) -> [String] {
        if let known = table[function] { return atReturn ? known.exit : known.entry }
        for prefix in ["__x64_sys_", "__ia32_sys_", "__arm64_sys_", "__se_sys_", "__do_sys_", "ksys_", "sys_"]
        where function.hasPrefix(prefix) && function.count > prefix.count {
            let syscall = function.dropFirst(prefix.count)
            return ["syscalls:sys_\(atReturn ? "exit" : "enter")_\(syscall)"]
        }
        return []
    }
}
