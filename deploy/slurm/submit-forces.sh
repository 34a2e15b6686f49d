#!/bin/bash
# Submits a back-test of every force as one job array (FORCES x N tasks: force f's shard s is
# task f x N + s) and a merge array (one task a force) that waits for all of it:
#   deploy/slurm/submit-forces.sh HOTSPOTS ARGS FORCES OUT N [MAX_AT_ONCE]
# ARGS: evaluate's inputs and options, one argument a line, with --mask LAYER (the forces'
# polygons); FORCES: the codes of LAYER to back-test, one a line; OUT on a file system every
# node sees. Prints the two job ids (evaluate array, merge array). Partition, account and time
# through SBATCH_* variables (SBATCH_PARTITION=short). Each force's task is checked first
# (evaluate --check); one that fails queues nothing (exit 2).
set -euo pipefail
[ $# -ge 5 ] || { echo "usage: $0 HOTSPOTS ARGS FORCES OUT N [MAX_AT_ONCE]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
export HOTSPOTS=$(realpath "$1") ARGS=$(realpath "$2") FORCES=$(realpath "$3") OUT=$(realpath -m "$4") SHARDS=$5
limit=${6:+%$6}
forces=$(grep -cv '^[[:space:]]*$' "$FORCES") || true
[ "$forces" -gt 0 ] || { echo "$FORCES: no force codes (one a line)" >&2; exit 2; }
[[ $SHARDS =~ ^[1-9][0-9]*$ ]] || { echo "N '$SHARDS': give the number of shards a force is split into (1 or more)" >&2; exit 2; }
# Every force's task checked as it will run (evaluate --check: options, the mask and its code,
# the inputs' names; nothing read or written), so that a bad argument or code queues nothing.
mapfile -t args < "$ARGS"
scratch=$(mktemp -d)  # the outputs' folders are made by the tasks: checked against an empty one
trap 'rm -rf "$scratch"' EXIT
while read -r code; do
  [ -n "${code//[[:space:]]/}" ] || continue
  "$HOTSPOTS" evaluate "${args[@]}" --mask-code "$code" --shard "$((SHARDS - 1))/$SHARDS" --part "$scratch/part.json" \
    -o "$scratch/rows.csv" --check -q || { echo "force $code: the check above failed; nothing submitted" >&2; exit 2; }
done < "$FORCES"
mkdir -p "$OUT"
array=$(sbatch --parsable --chdir="$OUT" --array=0-$((forces * SHARDS - 1))$limit --export=ALL "$here/evaluate-forces.sbatch")
array=${array%%;*}  # "id;cluster" on a federation
merge=$(sbatch --parsable --chdir="$OUT" --array=0-$((forces - 1))$limit --dependency=afterok:"$array" \
  --kill-on-invalid-dep=yes --export=ALL "$here/evaluate-forces-merge.sbatch")
echo "$array ${merge%%;*}"
