#!/usr/bin/env bash
# Measures swtrace with the shared benchmark kit (../shared/bench): start-up time and memory,
# per-event overhead next to hand-written libbpf, printf throughput, map printing at exit.
# bpftrace is measured in the same run when it is installed, so ratios hold on a noisy machine.
#
#   Benchmarks/run.sh [all|startup|overhead|throughput|mapprint ...]   (as root)
#   QUICK=1 Benchmarks/run.sh startup                                   (smoke run, noisier)
#
# Results (JSONL + markdown summary) go to Benchmarks/results/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$PATH:/opt/swift/usr/bin"

kit_source=${BENCH_KIT:-../shared/bench}
[ -x "$kit_source/run_kit.sh" ] || { echo "Benchmarks/run.sh: no benchmark kit at $kit_source (set BENCH_KIT)" >&2; exit 1; }

swift build -c release --product swtrace >&2
swtrace=$(pwd)/.build/release/swtrace

# The kit builds its workload and baseline in place: work on a private copy.
kit=.build/bench-kit
rm -rf "$kit" && mkdir -p "$kit" && cp -r "$kit_source"/. "$kit"/ && chmod -R u+w "$kit"

tracers="swtrace=$swtrace"
if [ "${WITH_BPFTRACE:-1}" = 1 ] && command -v bpftrace >/dev/null; then
	tracers="bpftrace=$(command -v bpftrace) $tracers"
fi

mkdir -p Benchmarks/results
stamp=$(date +%Y%m%d-%H%M%S)
results=$(pwd)/Benchmarks/results/$stamp.jsonl
TRACERS="$tracers" RESULTS="$results" "$kit/run_kit.sh" "$@" > /dev/null
python3 "$kit/summarize.py" "$results" > "${results%.jsonl}.md"
echo "summary: ${results%.jsonl}.md" >&2
