function __syscount_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __syscount_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __syscount_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __syscount_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __syscount_parse_tokens -S
    set -l unparsed_tokens (__syscount_tokens -pc)
    switch $unparsed_tokens[1]
    case 'syscount'
        __syscount_parse_subcommand 0 'p/pid=' 'd/duration=' 'f/format=' 'o/output=' 'emit' 'v/verbose' 'V/version' 'c/cgroup=' 'comm=' 'i/interval=' 'T/top=' 'L/latency' 'P/process' 'x/failures' 'e/errno=' 'l/list' 'm/milliseconds' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __syscount_parse_subcommand -r 1 
        end
    end
end

function __syscount_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __syscount_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __syscount_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __syscount_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__syscount_tokens -p)
    if test -z "$(__syscount_tokens -t)"
        set -l index (count (__syscount_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'syscount' -f
complete -c 'syscount' -n '__syscount_should_offer_completions_for_flags_or_options "syscount" p pid' -s 'p' -l 'pid' -d 'Trace only process <pid>; the tool exits when it exits.' -rfka '(__syscount_custom_completion ---completion -- --pid (count (__syscount_tokens -pc)) (__syscount_tokens -tC))'
complete -c 'syscount' -n '__syscount_should_offer_completions_for_flags_or_options "syscount" d duration' -s 'd' -l 'duration' -d 'Trace for <seconds>, then print the results and exit.' -rfka ''
complete -c 'syscount' -n '__syscount_should_offer_completions_for_flags_or_options "syscount" f format' -s 'f' -l 'format' -d 'Output format: text or json (one JSON object per line).' -rfka 'text json'
complete -c 'syscount' -n '__syscount_should_offer_completions_for_flags_or_options "syscount" o output' -s 'o' -l 'output' -d 'Write the output to <file> instead of stdout.' -rF
complete -c 'syscount' -n '__syscount_should_offer_completions_for_flags_or_options "syscount" emit' -l 'emit' -d 'Print the swtrace program the tool would run with these options, and exit.'
complete -c 'syscount' -n '__syscount_should_offer_completions_for_flags_or_options "syscount" v verbose' -s 'v' -l 'verbose' -d 'Print libbpf\'s debug output while loading.'
complete -c 'syscount' -n '__syscount_should_offer_completions_for_flags_or_options "syscount" V version' -s 'V' -l 'version' -d 'Print the version and exit.'
complete -c 'syscount' -n '__syscount_should_offer_completions_for_flags_or_options "syscount" c cgroup' -s 'c' -l 'cgroup' -d 'Trace only processes in the cgroup (v2) at <path>.' -rfa '(__syscount_complete_directories)'
complete -c 'syscount' -n '__syscount_should_offer_completions_for_flags_or_options "syscount" comm' -l 'comm' -d 'Trace only processes named <name> (the comm, at most 15 bytes).' -rfka '(__syscount_custom_completion ---completion -- --comm (count (__syscount_tokens -pc)) (__syscount_tokens -tC))'
complete -c 'syscount' -n '__syscount_should_offer_completions_for_flags_or_options "syscount" i interval' -s 'i' -l 'interval' -d 'Print the summary every <seconds>, then start counting again (0: only at the end).' -rfka ''
complete -c 'syscount' -n '__syscount_should_offer_completions_for_flags_or_options "syscount" T top' -s 'T' -l 'top' -d 'Print only the top <count> rows.' -rfka ''
complete -c 'syscount' -n '__syscount_should_offer_completions_for_flags_or_options "syscount" L latency' -s 'L' -l 'latency' -d 'Also measure the time spent in the system calls, and sort by it.'
complete -c 'syscount' -n '__syscount_should_offer_completions_for_flags_or_options "syscount" P process' -s 'P' -l 'process' -d 'Count by process (pid and comm) instead of by system call.'
complete -c 'syscount' -n '__syscount_should_offer_completions_for_flags_or_options "syscount" failures x' -s 'x' -l 'failures' -d 'Count only failed system calls.'
complete -c 'syscount' -n '__syscount_should_offer_completions_for_flags_or_options "syscount" e errno' -s 'e' -l 'errno' -d 'Count only system calls that failed with <errno> (a number or a name like ENOENT).' -rfka 'E2BIG EACCES EADDRINUSE EADDRNOTAVAIL EADV EAFNOSUPPORT EAGAIN EALREADY EBADE EBADF EBADFD EBADMSG EBADR EBADRQC EBADSLT EBFONT EBUSY ECANCELED ECHILD ECHRNG ECOMM ECONNABORTED ECONNREFUSED ECONNRESET EDEADLK EDEADLOCK EDESTADDRREQ EDOM EDOTDOT EDQUOT EEXIST EFAULT EFBIG EHOSTDOWN EHOSTUNREACH EHWPOISON EIDRM EILSEQ EINPROGRESS EINTR EINVAL EIO EISCONN EISDIR EISNAM EKEYEXPIRED EKEYREJECTED EKEYREVOKED EL2HLT EL2NSYNC EL3HLT EL3RST ELIBACC ELIBBAD ELIBEXEC ELIBMAX ELIBSCN ELNRNG ELOOP EMEDIUMTYPE EMFILE EMLINK EMSGSIZE EMULTIHOP ENAMETOOLONG ENAVAIL ENETDOWN ENETRESET ENETUNREACH ENFILE ENOANO ENOBUFS ENOCSI ENODATA ENODEV ENOENT ENOEXEC ENOKEY ENOLCK ENOLINK ENOMEDIUM ENOMEM ENOMSG ENONET ENOPKG ENOPROTOOPT ENOSPC ENOSR ENOSTR ENOSYS ENOTBLK ENOTCONN ENOTDIR ENOTEMPTY ENOTNAM ENOTRECOVERABLE ENOTSOCK ENOTTY ENOTUNIQ ENXIO EOPNOTSUPP EOVERFLOW EOWNERDEAD EPERM EPFNOSUPPORT EPIPE EPROTO EPROTONOSUPPORT EPROTOTYPE ERANGE EREMCHG EREMOTE EREMOTEIO ERESTART ERFKILL EROFS ESHUTDOWN ESOCKTNOSUPPORT ESPIPE ESRCH ESRMNT ESTALE ESTRPIPE ETIME ETIMEDOUT ETOOMANYREFS ETXTBSY EUCLEAN EUNATCH EUSERS EWOULDBLOCK EXDEV EXFULL'
complete -c 'syscount' -n '__syscount_should_offer_completions_for_flags_or_options "syscount" l list' -s 'l' -l 'list' -d 'List the system calls syscount knows by name, and exit.'
complete -c 'syscount' -n '__syscount_should_offer_completions_for_flags_or_options "syscount" m milliseconds' -s 'm' -l 'milliseconds' -d 'Show latency in milliseconds (default: microseconds).'
complete -c 'syscount' -n '__syscount_should_offer_completions_for_flags_or_options "syscount" h help' -s 'h' -l 'help' -d 'Show help information.'
