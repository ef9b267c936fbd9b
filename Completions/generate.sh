#!/bin/sh
# Regenerates the completion scripts of every executable from its argument parser
# (swift-argument-parser's --generate-completion-script). Run after changing any option:
#   swift build && sh Completions/generate.sh [BIN_DIR]
set -eu
cd "$(dirname "$0")"
bin=${1:-../.build/debug}
for executable in swtrace opensnoop syscount readhist vfsreadlat; do
    "$bin/$executable" --generate-completion-script bash > "bash/$executable"
    "$bin/$executable" --generate-completion-script zsh > "zsh/_$executable"
    "$bin/$executable" --generate-completion-script fish > "fish/$executable.fish"
done
