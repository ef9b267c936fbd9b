function __swtrace_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __swtrace_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __swtrace_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __swtrace_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __swtrace_parse_tokens -S
    set -l unparsed_tokens (__swtrace_tokens -pc)
    switch $unparsed_tokens[1]
    case 'swtrace'
        __swtrace_parse_subcommand -r 2 'e=' 'l' 'v' 'p=' 'c=' 'f/format=' 'live=' 'o=' 'q' 'B=' 'no-warnings' 'k' 'I=+' 'include=+' 'd=+' 'dry-run' 'unsafe' 'no-feature=+' 'usdt-file-activation' 'test' 'bench' 'mode=' 'info' 'V/version' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __swtrace_parse_subcommand -r 1 
        end
    end
end

function __swtrace_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __swtrace_parse_subcommand -S -a positional_count
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

function __swtrace_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __swtrace_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__swtrace_tokens -p)
    if test -z "$(__swtrace_tokens -t)"
        set -l index (count (__swtrace_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'swtrace' -f
complete -c 'swtrace' -n '__swtrace_should_offer_completions_for_flags_or_options "swtrace" e' -s 'e' -d 'Run <program> instead of reading the program from a file or stdin.' -rfka ''
complete -c 'swtrace' -n '__swtrace_should_offer_completions_for_flags_or_options "swtrace" l' -s 'l' -d 'List the probes matching <pattern> (wildcards as in probes; all probes if omitted), or the probes a program given with -e or a file would attach to.'
complete -c 'swtrace' -n '__swtrace_should_offer_completions_for_flags_or_options "swtrace" v' -s 'v' -d 'Verbose messages; with -l (also written -lv), show each probe\'s arguments.'
complete -c 'swtrace' -n '__swtrace_should_offer_completions_for_flags_or_options "swtrace" p' -s 'p' -d 'Filter events by (or attach only to) process <pid>; exit when it exits.' -rfka ''
complete -c 'swtrace' -n '__swtrace_should_offer_completions_for_flags_or_options "swtrace" c' -s 'c' -d 'Run <command> as a child process; exit when it exits. Its pid is the cpid builtin.' -rfka ''
complete -c 'swtrace' -n '__swtrace_should_offer_completions_for_flags_or_options "swtrace" f format' -s 'f' -l 'format' -d 'Output format: text, json (one JSON object per line) or csv (each map as a table: header line, one row per key, one row per histogram bucket).' -rfka 'text json csv'
complete -c 'swtrace' -n '__swtrace_should_offer_completions_for_flags_or_options "swtrace" live' -l 'live' -d 'Redraw all maps every <interval> (e.g. --live 500ms, --live=2s) in place on a terminal; elsewhere print them again each time.' -rfka ''
complete -c 'swtrace' -n '__swtrace_should_offer_completions_for_flags_or_options "swtrace" o' -s 'o' -d 'Write the tracing output to <file> instead of stdout (errors still go to stderr).' -rfka ''
complete -c 'swtrace' -n '__swtrace_should_offer_completions_for_flags_or_options "swtrace" q' -s 'q' -d 'Keep messages quiet (no "Attached N probes").'
complete -c 'swtrace' -n '__swtrace_should_offer_completions_for_flags_or_options "swtrace" B' -s 'B' -d 'Output buffering: line (written as events arrive, the default), full (written in large blocks) or none (every piece written at once).' -rfka 'line full none'
complete -c 'swtrace' -n '__swtrace_should_offer_completions_for_flags_or_options "swtrace" no-warnings' -l 'no-warnings' -d 'Do not print warnings.'
complete -c 'swtrace' -n '__swtrace_should_offer_completions_for_flags_or_options "swtrace"' -s 'k' -d 'Warn, with the call\'s location and the helper\'s return code, when a probe read or stack helper fails at run time.'
complete -c 'swtrace' -n '__swtrace_should_offer_completions_for_flags_or_options "swtrace"' -s 'I' -d 'Accepted for bpftrace compatibility: C headers are not read, kernel types come from BTF.' -rfka ''
complete -c 'swtrace' -n '__swtrace_should_offer_completions_for_flags_or_options "swtrace"' -l 'include' -d 'Read a header\'s constants (errno.h, fcntl.h, ...) as #include does; kernel types come from BTF.' -rfka ''
complete -c 'swtrace' -n '__swtrace_should_offer_completions_for_flags_or_options "swtrace"' -s 'd' -d 'Print the output of a stage: ast, codegen (or ir), plan, libbpf, verifier, or all; repeatable, or comma-separated.' -rfka ''
complete -c 'swtrace' -n '__swtrace_should_offer_completions_for_flags_or_options "swtrace" dry-run' -l 'dry-run' -d 'Compile and load the program, then stop without running it.'
complete -c 'swtrace' -n '__swtrace_should_offer_completions_for_flags_or_options "swtrace" unsafe' -l 'unsafe' -d 'Allow functions with dangerous side effects, such as system().'
complete -c 'swtrace' -n '__swtrace_should_offer_completions_for_flags_or_options "swtrace"' -l 'no-feature' -d 'Accepted for bpftrace compatibility: uprobe_multi, kprobe_multi or kprobe_session (swtrace attaches every probe through a link of its own and uses none of them).' -rfka ''
complete -c 'swtrace' -n '__swtrace_should_offer_completions_for_flags_or_options "swtrace" usdt-file-activation' -l 'usdt-file-activation' -d 'Accepted for bpftrace compatibility: without -p, a USDT probe already turns on its semaphore in every process that maps the file.'
complete -c 'swtrace' -n '__swtrace_should_offer_completions_for_flags_or_options "swtrace" test' -l 'test' -d 'Run the program\'s test:NAME probes, once each, and report which pass (return 0, no errorf(), no exit() with a non-zero code); no tracing probe is attached.'
complete -c 'swtrace' -n '__swtrace_should_offer_completions_for_flags_or_options "swtrace" bench' -l 'bench' -d 'Run the program\'s bench:NAME probes repeatedly and print each one\'s average time per run; no tracing probe is attached.'
complete -c 'swtrace' -n '__swtrace_should_offer_completions_for_flags_or_options "swtrace" mode' -l 'mode' -d 'Same as --test (test) or --bench (bench); bpftrace\'s other modes are not available.' -rfka ''
complete -c 'swtrace' -n '__swtrace_should_offer_completions_for_flags_or_options "swtrace" info' -l 'info' -d 'Print the kernel features and build details swtrace relies on, then exit.'
complete -c 'swtrace' -n '__swtrace_should_offer_completions_for_flags_or_options "swtrace" V version' -s 'V' -l 'version' -d 'Print the version and exit.'
complete -c 'swtrace' -n '__swtrace_should_offer_completions_for_positional "swtrace" -eq 1' -fka '(__swtrace_custom_completion ---completion -- positional@0 (count (__swtrace_tokens -pc)) (__swtrace_tokens -tC))'
complete -c 'swtrace' -n '__swtrace_should_offer_completions_for_positional "swtrace" -ge 2' -fka '(__swtrace_custom_completion ---completion -- positional@1 (count (__swtrace_tokens -pc)) (__swtrace_tokens -tC))'
complete -c 'swtrace' -n '__swtrace_should_offer_completions_for_flags_or_options "swtrace" h help' -s 'h' -l 'help' -d 'Show help information.'
