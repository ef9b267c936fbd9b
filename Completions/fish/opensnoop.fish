function __opensnoop_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __opensnoop_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __opensnoop_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __opensnoop_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __opensnoop_parse_tokens -S
    set -l unparsed_tokens (__opensnoop_tokens -pc)
    switch $unparsed_tokens[1]
    case 'opensnoop'
        __opensnoop_parse_subcommand 0 'p/pid=' 'd/duration=' 'f/format=' 'o/output=' 'emit' 'v/verbose' 'V/version' 't/tid=' 'u/uid=' 'n/name=' 'x/failed' 'T/timestamp' 'U/print-uid' 'e/extended-fields' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __opensnoop_parse_subcommand -r 1 
        end
    end
end

function __opensnoop_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __opensnoop_parse_subcommand -S -a positional_count
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

function __opensnoop_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __opensnoop_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__opensnoop_tokens -p)
    if test -z "$(__opensnoop_tokens -t)"
        set -l index (count (__opensnoop_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'opensnoop' -f
complete -c 'opensnoop' -n '__opensnoop_should_offer_completions_for_flags_or_options "opensnoop" p pid' -s 'p' -l 'pid' -d 'Trace only process <pid>; the tool exits when it exits.' -rfka '(__opensnoop_custom_completion ---completion -- --pid (count (__opensnoop_tokens -pc)) (__opensnoop_tokens -tC))'
complete -c 'opensnoop' -n '__opensnoop_should_offer_completions_for_flags_or_options "opensnoop" d duration' -s 'd' -l 'duration' -d 'Trace for <seconds>, then print the results and exit.' -rfka ''
complete -c 'opensnoop' -n '__opensnoop_should_offer_completions_for_flags_or_options "opensnoop" f format' -s 'f' -l 'format' -d 'Output format: text or json (one JSON object per line).' -rfka 'text json'
complete -c 'opensnoop' -n '__opensnoop_should_offer_completions_for_flags_or_options "opensnoop" o output' -s 'o' -l 'output' -d 'Write the output to <file> instead of stdout.' -rF
complete -c 'opensnoop' -n '__opensnoop_should_offer_completions_for_flags_or_options "opensnoop" emit' -l 'emit' -d 'Print the swtrace program the tool would run with these options, and exit.'
complete -c 'opensnoop' -n '__opensnoop_should_offer_completions_for_flags_or_options "opensnoop" v verbose' -s 'v' -l 'verbose' -d 'Print libbpf\'s debug output while loading.'
complete -c 'opensnoop' -n '__opensnoop_should_offer_completions_for_flags_or_options "opensnoop" V version' -s 'V' -l 'version' -d 'Print the version and exit.'
complete -c 'opensnoop' -n '__opensnoop_should_offer_completions_for_flags_or_options "opensnoop" t tid' -s 't' -l 'tid' -d 'Trace only thread <tid>.' -rfka '(__opensnoop_custom_completion ---completion -- --tid (count (__opensnoop_tokens -pc)) (__opensnoop_tokens -tC))'
complete -c 'opensnoop' -n '__opensnoop_should_offer_completions_for_flags_or_options "opensnoop" u uid' -s 'u' -l 'uid' -d 'Trace only opens by user <uid>.' -rfka ''
complete -c 'opensnoop' -n '__opensnoop_should_offer_completions_for_flags_or_options "opensnoop" n name' -s 'n' -l 'name' -d 'Print only processes whose name contains <name>.' -rfka '(__opensnoop_custom_completion ---completion -- --name (count (__opensnoop_tokens -pc)) (__opensnoop_tokens -tC))'
complete -c 'opensnoop' -n '__opensnoop_should_offer_completions_for_flags_or_options "opensnoop" failed x' -s 'x' -l 'failed' -d 'Print only failed opens.'
complete -c 'opensnoop' -n '__opensnoop_should_offer_completions_for_flags_or_options "opensnoop" T timestamp' -s 'T' -l 'timestamp' -d 'Print a timestamp (HH:MM:SS) column.'
complete -c 'opensnoop' -n '__opensnoop_should_offer_completions_for_flags_or_options "opensnoop" U print-uid' -s 'U' -l 'print-uid' -d 'Print a UID column.'
complete -c 'opensnoop' -n '__opensnoop_should_offer_completions_for_flags_or_options "opensnoop" e extended-fields' -s 'e' -l 'extended-fields' -d 'Print extended fields: the open flags, in octal.'
complete -c 'opensnoop' -n '__opensnoop_should_offer_completions_for_flags_or_options "opensnoop" h help' -s 'h' -l 'help' -d 'Show help information.'
