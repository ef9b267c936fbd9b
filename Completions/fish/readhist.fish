function __readhist_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __readhist_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __readhist_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __readhist_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __readhist_parse_tokens -S
    set -l unparsed_tokens (__readhist_tokens -pc)
    switch $unparsed_tokens[1]
    case 'readhist'
        __readhist_parse_subcommand 0 'p/pid=' 'd/duration=' 'f/format=' 'o/output=' 'emit' 'v/verbose' 'V/version' 'c/comm=' 'i/interval=' 'linear=' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __readhist_parse_subcommand -r 1 
        end
    end
end

function __readhist_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __readhist_parse_subcommand -S -a positional_count
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

function __readhist_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __readhist_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__readhist_tokens -p)
    if test -z "$(__readhist_tokens -t)"
        set -l index (count (__readhist_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'readhist' -f
complete -c 'readhist' -n '__readhist_should_offer_completions_for_flags_or_options "readhist" p pid' -s 'p' -l 'pid' -d 'Trace only process <pid>; the tool exits when it exits.' -rfka '(__readhist_custom_completion ---completion -- --pid (count (__readhist_tokens -pc)) (__readhist_tokens -tC))'
complete -c 'readhist' -n '__readhist_should_offer_completions_for_flags_or_options "readhist" d duration' -s 'd' -l 'duration' -d 'Trace for <seconds>, then print the results and exit.' -rfka ''
complete -c 'readhist' -n '__readhist_should_offer_completions_for_flags_or_options "readhist" f format' -s 'f' -l 'format' -d 'Output format: text or json (one JSON object per line).' -rfka 'text json'
complete -c 'readhist' -n '__readhist_should_offer_completions_for_flags_or_options "readhist" o output' -s 'o' -l 'output' -d 'Write the output to <file> instead of stdout.' -rF
complete -c 'readhist' -n '__readhist_should_offer_completions_for_flags_or_options "readhist" emit' -l 'emit' -d 'Print the swtrace program the tool would run with these options, and exit.'
complete -c 'readhist' -n '__readhist_should_offer_completions_for_flags_or_options "readhist" v verbose' -s 'v' -l 'verbose' -d 'Print libbpf\'s debug output while loading.'
complete -c 'readhist' -n '__readhist_should_offer_completions_for_flags_or_options "readhist" V version' -s 'V' -l 'version' -d 'Print the version and exit.'
complete -c 'readhist' -n '__readhist_should_offer_completions_for_flags_or_options "readhist" c comm' -s 'c' -l 'comm' -d 'Trace only processes named <name> (the comm, at most 15 bytes).' -rfka '(__readhist_custom_completion ---completion -- --comm (count (__readhist_tokens -pc)) (__readhist_tokens -tC))'
complete -c 'readhist' -n '__readhist_should_offer_completions_for_flags_or_options "readhist" i interval' -s 'i' -l 'interval' -d 'Print the histogram every <seconds>, then start again (0: only at the end).' -rfka ''
complete -c 'readhist' -n '__readhist_should_offer_completions_for_flags_or_options "readhist" linear' -l 'linear' -d 'Use linear buckets of <step> bytes from <min> to <max> instead of powers of two.' -rfka ''
complete -c 'readhist' -n '__readhist_should_offer_completions_for_flags_or_options "readhist" h help' -s 'h' -l 'help' -d 'Show help information.'
