#!/bin/bash
# Submits a pack as N shards (a Slurm job array) and the merge that waits for all of them:
#   deploy/slurm/submit.sh HOTSPOTS PACK.toml OUT N [MONTH]
# OUT must be on a file system every node sees. Prints the two job ids (array, merge).
# Extra sbatch options (partition, account, time) through SBATCH_* variables, e.g.
# SBATCH_PARTITION=short. SHARD_BY=tile splits the tiles of the pack's tiled kde (docs/scale.md).
set -euo pipefail
[ $# -ge 4 ] || { echo "usage: $0 HOTSPOTS PACK.toml OUT N [MONTH]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
export HOTSPOTS=$(realpath "$1") PACK=$(realpath "$2") OUT=$(realpath -m "$3") SHARDS=$4 MONTH=${5:-} SHARD_BY=${SHARD_BY:-theme}
mkdir -p "$OUT"
array=$(sbatch --parsable --chdir="$OUT" --array=0-$((SHARDS - 1)) --export=ALL "$here/pack-shard.sbatch")
array=${array%%;*}  # "id;cluster" on a federation
merge=$(sbatch --parsable --chdir="$OUT" --dependency=afterok:"$array" --kill-on-invalid-dep=yes --export=ALL \
  "$here/merge.sbatch")
echo "$array ${merge%%;*}"
