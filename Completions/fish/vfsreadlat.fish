function __vfsreadlat_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __vfsreadlat_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __vfsreadlat_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __vfsreadlat_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __vfsreadlat_parse_tokens -S
    set -l unparsed_tokens (__vfsreadlat_tokens -pc)
    switch $unparsed_tokens[1]
    case 'vfsreadlat'
        __vfsreadlat_parse_subcommand 0 'p/pid=' 'd/duration=' 'f/format=' 'o/output=' 'emit' 'v/verbose' 'V/version' 'm/milliseconds' 'u/microseconds' 'i/interval=' 'probe-type=' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __vfsreadlat_parse_subcommand -r 1 
        end
    end
end

function __vfsreadlat_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __vfsreadlat_parse_subcommand -S -a positional_count
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

function __vfsreadlat_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __vfsreadlat_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__vfsreadlat_tokens -p)
    if test -z "$(__vfsreadlat_tokens -t)"
        set -l index (count (__vfsreadlat_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'vfsreadlat' -f
complete -c 'vfsreadlat' -n '__vfsreadlat_should_offer_completions_for_flags_or_options "vfsreadlat" p pid' -s 'p' -l 'pid' -d 'Trace only process <pid>; the tool exits when it exits.' -rfka '(__vfsreadlat_custom_completion ---completion -- --pid (count (__vfsreadlat_tokens -pc)) (__vfsreadlat_tokens -tC))'
complete -c 'vfsreadlat' -n '__vfsreadlat_should_offer_completions_for_flags_or_options "vfsreadlat" d duration' -s 'd' -l 'duration' -d 'Trace for <seconds>, then print the results and exit.' -rfka ''
complete -c 'vfsreadlat' -n '__vfsreadlat_should_offer_completions_for_flags_or_options "vfsreadlat" f format' -s 'f' -l 'format' -d 'Output format: text or json (one JSON object per line).' -rfka 'text json'
complete -c 'vfsreadlat' -n '__vfsreadlat_should_offer_completions_for_flags_or_options "vfsreadlat" o output' -s 'o' -l 'output' -d 'Write the output to <file> instead of stdout.' -rF
complete -c 'vfsreadlat' -n '__vfsreadlat_should_offer_completions_for_flags_or_options "vfsreadlat" emit' -l 'emit' -d 'Print the swtrace program the tool would run with these options, and exit.'
complete -c 'vfsreadlat' -n '__vfsreadlat_should_offer_completions_for_flags_or_options "vfsreadlat" v verbose' -s 'v' -l 'verbose' -d 'Print libbpf\'s debug output while loading.'
complete -c 'vfsreadlat' -n '__vfsreadlat_should_offer_completions_for_flags_or_options "vfsreadlat" V version' -s 'V' -l 'version' -d 'Print the version and exit.'
complete -c 'vfsreadlat' -n '__vfsreadlat_should_offer_completions_for_flags_or_options "vfsreadlat" m milliseconds' -s 'm' -l 'milliseconds' -d 'Histogram in milliseconds.'
complete -c 'vfsreadlat' -n '__vfsreadlat_should_offer_completions_for_flags_or_options "vfsreadlat" microseconds u' -s 'u' -l 'microseconds' -d 'Histogram in microseconds (the default).'
complete -c 'vfsreadlat' -n '__vfsreadlat_should_offer_completions_for_flags_or_options "vfsreadlat" i interval' -s 'i' -l 'interval' -d 'Print the histogram every <seconds>, then start again (0: only at the end).' -rfka ''
complete -c 'vfsreadlat' -n '__vfsreadlat_should_offer_completions_for_flags_or_options "vfsreadlat" probe-type' -l 'probe-type' -d 'Time vfs_read() with fentry, kprobe or tracepoint probes (default: the first this kernel has).' -rfka 'fentry kprobe tracepoint'
complete -c 'vfsreadlat' -n '__vfsreadlat_should_offer_completions_for_flags_or_options "vfsreadlat" h help' -s 'h' -l 'help' -d 'Show help information.'
