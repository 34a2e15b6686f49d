#!/usr/bin/env bash
# deploy/kubernetes: kubectl parses every manifest (client-side dry run, when kubectl is here
# and reaches a cluster: even a client dry run maps kinds through the server), check_kubernetes.py checks the fields
# batch/v1 Job (completionMode Indexed) and the claim need (the back-test of every force too: its
# Jobs Indexed, with one SHARDS, its pods the merge's forces x SHARDS), then runs each pod's command as the
# pod would (JOB_COMPLETION_INDEX 0..N-1, then the merge) on the sample pack, and the merged
# folder must equal the unsharded pack. Not a test on a cluster (docs/scale.md says so).
# Skipped (77) without python3-yaml.
source "$(dirname "$0")/lib.sh"
/usr/bin/python3 -c 'import yaml' 2> /dev/null || { echo "skipped: no python3-yaml (apt-get install python3-yaml)"; exit 77; }
cd "$src"
if command -v kubectl > /dev/null; then
  for f in deploy/kubernetes/*.yaml; do
    if ! kubectl create --dry-run=client --validate=false -f "$f" -o name > /dev/null 2> "$tmp/err"; then
      # Even a client-side dry run maps kinds through a server's API list.
      grep -q 'connection refused\|unable to recognize\|no configuration' "$tmp/err" || fail "kubectl: $f: $(cat "$tmp/err")"
      echo "kubectl needs a cluster to dry-run $f here: the schema check only"
    fi
  done
else
  echo "no kubectl: the schema check only"
fi
mkdir -p "$tmp/bin" "$tmp/work/packs"
ln -s "$bin" "$tmp/bin/hotspots"
# The pack file on the volume: the sample's, its paths made absolute.
sed 's#"\.\./#"'"$PWD"'/sample_data/#g' sample_data/packs/sample.toml > "$tmp/work/packs/pack.toml"
PATH=$tmp/bin:$PATH /usr/bin/python3 tests/cli/check_kubernetes.py deploy/kubernetes "$tmp/work" "$tmp/work/packs/pack.toml" \
  || fail "deploy/kubernetes"
"$bin" pack "$tmp/work/packs/pack.toml" -o "$tmp/full" -q > /dev/null 2>&1 || fail "the unsharded pack failed"
bash tests/cli/compare_packs.sh "$tmp/full" "$tmp/work/out/pack" || fail "the pack merged as on Kubernetes differs"
echo "ok"
