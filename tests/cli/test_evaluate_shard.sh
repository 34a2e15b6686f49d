#!/usr/bin/env bash
# evaluate --shard i/N and --parts (issue 30, docs/scale.md): three shards' parts, given in any
# order, make the unsharded run's back-test, summary and recommendation byte for byte; each row
# is made by exactly one shard; a shard's part does not depend on the threads; a missing,
# doubled or foreign part and the options a shard cannot take are refused, saying what to do.
source "$(dirname "$0")/lib.sh"
cd "$src"
S=sample_data
ev=("$bin" evaluate "$S/police_export.csv" --crs EPSG:27700 --date committed_from --type offence --crime-type burglary
    --mask "$S/areas/bcu.geojson" --methods "kde:h=200,400 grid:cell=250 prospective:decay=14d,radius=200" -q)
"${ev[@]}" -o "$tmp/whole.csv" --summary "$tmp/whole_summary.csv" --recommend "$tmp/whole.json" > /dev/null 2> "$tmp/err" \
  || fail "unsharded: $(cat "$tmp/err")"
for i in 0 1 2; do
  "${ev[@]}" --shard $i/3 --part "$tmp/part$i.json" -o "$tmp/rows$i.csv" > "$tmp/out$i" 2> "$tmp/err" || fail "shard $i/3: $(cat "$tmp/err")"
done
"${ev[@]}" --shard 1/3 --part "$tmp/part1_t1.json" -o "$tmp/rows1_t1.csv" --threads 1 > /dev/null 2> "$tmp/err" || fail "$(cat "$tmp/err")"
cmp -s "$tmp/part1.json" "$tmp/part1_t1.json" || fail "shard 1/3's part differs between 1 thread and all"
"${ev[@]}" --parts "$tmp/part2.json" --parts "$tmp/part0.json" --parts "$tmp/part1.json" -o "$tmp/merged.csv" \
  --summary "$tmp/merged_summary.csv" --recommend "$tmp/merged.json" > /dev/null 2> "$tmp/err" || fail "--parts: $(cat "$tmp/err")"
for f in .csv .csv.meta.json _summary.csv .json; do
  cmp -s "$tmp/whole$f" "$tmp/merged$f" || fail "merged$f differs from the unsharded run's: $(diff "$tmp/whole$f" "$tmp/merged$f" | head -5)"
done
# Every row of the whole back-test made by one shard exactly.
/usr/bin/python3 - "$tmp" << 'PY' || fail "the shards' rows are not the whole run's, once each"
import csv, sys, collections
tmp = sys.argv[1]
whole = [tuple(r) for r in csv.reader(open(f"{tmp}/whole.csv"))][1:]
parts = collections.Counter()
sizes = []
for i in range(3):
    rows = [tuple(r) for r in csv.reader(open(f"{tmp}/rows{i}.csv"))][1:]
    sizes.append(len(rows))
    parts.update(rows)
assert parts == collections.Counter(whole), (len(whole), sum(parts.values()))
assert min(sizes) > 0 and max(sizes) - min(sizes) <= len(whole) // 3, sizes
PY
grep -q "shard 1 of 3" "$tmp/out1" || fail "a shard does not say which it is: $(cat "$tmp/out1")"

refused() {  # refused PATTERN ARGS...: exit 2 or 1 with PATTERN in the message, and no output
  local pattern=$1; shift
  rm -f "$tmp/x.csv"
  "${ev[@]}" "$@" -o "$tmp/x.csv" > /dev/null 2> "$tmp/err" && fail "accepted: $*"
  grep -q -- "$pattern" "$tmp/err" || fail "$*: expected '$pattern', got: $(cat "$tmp/err")"
  [ -e "$tmp/x.csv" ] && fail "$*: wrote an output"
  return 0
}
refused "shard 1/3 is missing" --parts "$tmp/part0.json" --parts "$tmp/part2.json"
refused "are both shard 0/3" --parts "$tmp/part0.json" --parts "$tmp/part0.json" --parts "$tmp/part1.json" --parts "$tmp/part2.json"
refused "give --part" --shard 0/3
refused "give --summary and --recommend to the run with --parts" --shard 0/3 --part "$tmp/p.json" --summary "$tmp/s.csv"
refused "only with --shard" --part "$tmp/p.json"
refused "evaluate: --shard 3/3: i must be below N" --shard 3/3 --part "$tmp/p.json"  # the option named once
refused "not i/N" --shard 3 --part "$tmp/p.json"
# A part made with other options (another cell size) or other inputs (another crime type).
"${ev[@]}" --cell 125 --shard 0/3 --part "$tmp/other.json" -o "$tmp/o.csv" > /dev/null 2>&1 || fail "shard with --cell 125"
refused "other inputs or options than this run (its 'parameters' differ)" --parts "$tmp/other.json" --parts "$tmp/part1.json" --parts "$tmp/part2.json"
echo '{"rows": []}' > "$tmp/junk.json"
refused "not a part written by evaluate" --parts "$tmp/junk.json"
echo ok
