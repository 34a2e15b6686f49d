#!/bin/bash
# Submits a pack as N shards (a Slurm job array) and the merge that waits for all of them:
#   deploy/slurm/submit.sh HOTSPOTS PACK.toml OUT N [MONTH]
# OUT must be on a file system every node sees. Checks the pack for shard N-1 of N here first
# (pack --check), then prints the two job ids (array, merge); each task's log is
# OUT/hotspots-shard-ARRAY_TASK.log, the merge's OUT/hotspots-merge-JOB.log.
# Extra sbatch options (partition, account, time) through SBATCH_* variables, e.g.
# SBATCH_PARTITION=short. SHARD_BY=tile splits the tiles of the pack's tiled kde (docs/scale.md).
set -euo pipefail
[ $# -ge 4 ] || { echo "usage: $0 HOTSPOTS PACK.toml OUT N [MONTH]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
export HOTSPOTS=$(realpath "$1") PACK=$(realpath "$2") OUT=$(realpath -m "$3") SHARDS=$4 MONTH=${5:-} SHARD_BY=${SHARD_BY:-theme}
[[ $SHARDS =~ ^[1-9][0-9]*$ ]] || { echo "N '$SHARDS': give the number of shards (1 or more)" >&2; exit 2; }
# Checked here, before anything is queued: a pack, month or N the shards would refuse (more
# shards than themes, --shard-by tile without a tiled kde) fails every task and cancels the merge.
"$HOTSPOTS" pack "$PACK" ${MONTH:+--month "$MONTH"} --shard-by "$SHARD_BY" --shard "$((SHARDS - 1))/$SHARDS" --check -q ||
  { echo "$0: nothing submitted" >&2; exit 2; }
mkdir -p "$OUT"
array=$(sbatch --parsable --chdir="$OUT" --array=0-$((SHARDS - 1)) --export=ALL "$here/pack-shard.sbatch")
array=${array%%;*}  # "id;cluster" on a federation
merge=$(sbatch --parsable --chdir="$OUT" --dependency=afterok:"$array" --kill-on-invalid-dep=yes --export=ALL \
  "$here/merge.sbatch")
echo "$array ${merge%%;*}"
