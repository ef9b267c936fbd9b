#!/bin/bash
# The one way swtrace's tests boot the guest kernel (../shared/kvm/kvm-run.sh): boots never
# overlap. Two emulated guests on a two-core machine each run several times slower and both hit
# their time-outs, so this takes an exclusive lock first, waits for any guest started by hand
# (outside this lock) to finish, and only then starts kvm-run.sh, whose time-out therefore
# counts the guest's own run and none of the waiting.
# usage: guest-run.sh [--timeout SECONDS] -- COMMAND [ARG...]
# Exit codes are kvm-run.sh's (124: timed out, 125: the guest could not start), and 125 when the
# lock could not be had within SWTRACE_GUEST_LOCK_WAIT seconds (default 1200).
set -u
here=$(cd "$(dirname "$0")" && pwd)
runner=${KVM_RUN:-$here/../../shared/kvm/kvm-run.sh}
lock=${SWTRACE_GUEST_LOCK:-/tmp/swtrace-guest.lock}
wait_s=${SWTRACE_GUEST_LOCK_WAIT:-1200}

[[ -x $runner ]] || { echo "guest-run: no guest kernel runner at $runner" >&2; exit 125; }

exec 9>>"$lock"
if ! flock -n 9; then
  echo "guest-run: waiting for another guest boot to finish ($lock)" >&2
  flock -w "$wait_s" 9 || { echo "guest-run: no turn for the guest within $wait_s s" >&2; exit 125; }
fi
# A guest started without this script (by hand) holds no lock; it ends within its own time-out.
waited=0
while pgrep "^qemu-system" >/dev/null; do
  (( waited == 0 )) && echo "guest-run: waiting for a running qemu to exit" >&2
  (( waited >= wait_s )) && { echo "guest-run: qemu still running after $wait_s s" >&2; exit 125; }
  sleep 1; waited=$((waited + 1))
done
# The lock stays held (fd 9 is inherited) until the guest has powered off.
"$runner" "$@"
