#!/bin/sh
# Regenerates the completion scripts of every executable from its argument parser
# (swift-argument-parser's --generate-completion-script). Run after changing any option:
#   swift build && sh Completions/generate.sh [BIN_DIR [OUT_DIR]]
# OUT_DIR (default: this directory) gets bash/, zsh/ and fish/; the tests regenerate into a
# temporary one and compare.
#
# One fix-up follows generation: swift-argument-parser 1.8 adds a `help` subcommand to every
# command's scripts although none of these executables has subcommands (`opensnoop help` is an
# error). Offered as a completion it is wrong, and in zsh its `(-)*:: :->arg` rest argument next
# to swtrace's own rest positional makes _arguments fail ("doubled rest argument definition")
# on every TAB. The lines that offer it are removed; the code behind them is then unreachable.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../.build/debug}
out=${2:-$here}
mkdir -p "$out/bash" "$out/zsh" "$out/fish"
for executable in swtrace opensnoop syscount readhist vfsreadlat; do
    "$bin/$executable" --generate-completion-script bash |
        sed "/^        COMPREPLY+=(\$(compgen -W 'help' -- \"\${cur}\"))\$/d" > "$out/bash/$executable"
    "$bin/$executable" --generate-completion-script zsh |
        sed "/^        '(-): :->command'\$/d; /^        '(-)\*:: :->arg'\$/d" > "$out/zsh/_$executable"
    "$bin/$executable" --generate-completion-script fish |
        sed "/ -fa 'help' -d 'Show subcommand help information.'\$/d" > "$out/fish/$executable.fish"
done
