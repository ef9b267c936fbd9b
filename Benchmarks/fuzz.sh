#!/usr/bin/env bash
# Fuzzes the language front end (parser, semantic analysis, codegen) for a while:
#   Benchmarks/fuzz.sh [SECONDS] [SEED]      (default: 600 s, a seed from the clock)
# Random programs, mutations of valid ones and token soup must never crash or hang. The input
# being tried is kept in $SWTRACE_FUZZ_CURRENT (default /tmp/swtrace-fuzz-current.bt), so after
# a crash it holds the program that caused it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
seed="${2:-$(date +%s)}"
export SWTRACE_FUZZ_SECONDS="$seconds" SWTRACE_FUZZ_SEED="$seed"
export SWTRACE_FUZZ_CURRENT="${SWTRACE_FUZZ_CURRENT:-/tmp/swtrace-fuzz-current.bt}"
swift build --build-tests >/dev/null
echo "fuzzing for ${seconds} s with seed ${seed} (current input: ${SWTRACE_FUZZ_CURRENT})"
if ! swift test --skip-build --filter LanguageFuzzTests.testRandomProgramsNeverCrashOrHang 2>&1 | tee /tmp/swtrace-fuzz.log | grep -E "^fuzz:|error:|Fatal|crash"; then
    :
fi
if grep -q "with 0 failures" /tmp/swtrace-fuzz.log; then
    echo "fuzz: no crash, no hang"
else
    echo "fuzz: FAILED; the last input is in ${SWTRACE_FUZZ_CURRENT}; log in /tmp/swtrace-fuzz.log" >&2
    exit 1
fi
