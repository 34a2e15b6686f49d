#!/bin/bash
# Runs one bad-input case (a .case file; see README.md) against the binary: in a fresh folder,
# its set-up makes the inputs, then the command must exit with the expected code, its stderr
# must hold the expected fragment, and a failed run must leave no new file behind.
set -uo pipefail
case_file=$1
export HOTSPOTS=$2
export SAMPLE=$3/sample_data
field() { sed -n "s/^$1: //p" "$case_file"; }
setup=$(field setup)
run=$(field run)
want_exit=$(field exit)
want_message=$(field message)
[[ -n $run && -n $want_exit && -n $want_message ]] || { echo "FAIL: $case_file needs run:, exit: and message:"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
if [[ -n $setup ]]; then
    bash -c "set -e; $setup" || { echo "FAIL: set-up failed: $setup"; exit 1; }
fi
before=$(find . | sort)
eval "\"\$HOTSPOTS\" $run" >stdout.txt 2>stderr.txt
got=$?
after=$(find . ! -name stdout.txt ! -name stderr.txt | sort)
echo "hotspots $run"
echo "exit $got; stderr:"
cat stderr.txt
[[ $got == "$want_exit" ]] || { echo "FAIL: exit $got, expected $want_exit"; exit 1; }
grep -qF -- "$want_message" stderr.txt || { echo "FAIL: stderr does not hold: $want_message"; exit 1; }
if [[ $got != 0 && $before != "$after" ]]; then
    echo "FAIL: a failed run left files behind:"
    diff <(echo "$before") <(echo "$after")
    exit 1
fi
echo "ok"
