#!/usr/bin/env bash
# gistar --tile-size on the sample: the cells (count, z, p, adjusted p, bin) and the merged hot
# and cold spots equal the untiled run's byte for byte, with tiles of 200 m (under the 300 m
# band) and with a tile edge through the planted hotspot H1 and 99 permutations; --tile-size
# with --per is refused.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
args=(sample_data/police_export.csv --crs EPSG:27700 --areas sample_data/areas/wards.geojson,as=ward
      --mask sample_data/areas/bcu.geojson --cell 100 --neighbours band:300 -q)
features() { $py -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["features"]))' "$1"; }

"$bin" gistar "${args[@]}" -o "$tmp/whole.csv" --hotspots "$tmp/whole.geojson" > /dev/null 2> "$tmp/err" \
  || fail "untiled: $(cat "$tmp/err")"
"$bin" gistar "${args[@]}" --tile-size 200m -o "$tmp/t200.csv" --hotspots "$tmp/t200.geojson" > /dev/null 2> "$tmp/err" \
  || fail "tiles of 200 m: $(cat "$tmp/err")"
cmp -s "$tmp/t200.csv" "$tmp/whole.csv" || fail "tiles of 200 m: the cells differ"
[ "$(features "$tmp/t200.geojson")" = "$(features "$tmp/whole.geojson")" ] || fail "tiles of 200 m: the hot spots differ"
echo "tiles of 200 m: $(($(wc -l < "$tmp/whole.csv") - 1)) cells and $(grep -o '"label"' "$tmp/whole.geojson" | wc -l) hot and cold spots equal"

# A tile (3-30 cells) whose column edge passes within half a cell of H1's centre.
read -r size < <($py - "$tmp/whole.csv" sample_data/truth/hotspots.csv << 'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
x0 = float(rows[0]["x"]) - (int(rows[0]["col"]) + 0.5) * 100
h1 = next(r for r in csv.DictReader(open(sys.argv[2])) if r["id"] == "H1")
col = (float(h1["x"]) - x0) / 100
print(next(s for s in range(3, 31) if abs(col - round(col / s) * s) <= 0.5 and round(col / s) >= 1))
PY
) || fail "no tile size puts an edge through H1"
"$bin" gistar "${args[@]}" --permutations 99 -o "$tmp/pw.csv" > /dev/null 2> "$tmp/err" || fail "untiled permutations: $(cat "$tmp/err")"
"$bin" gistar "${args[@]}" --permutations 99 --tile-size $((size * 100))m --threads 1 -o "$tmp/pt.csv" > /dev/null 2> "$tmp/err" \
  || fail "tiled permutations: $(cat "$tmp/err")"
cmp -s "$tmp/pt.csv" "$tmp/pw.csv" || fail "tiles of $((size * 100)) m with permutations: the cells differ"
echo "tiles of $((size * 100)) m, an edge through H1, 99 permutations: the cells equal"

"$bin" gistar "${args[@]}" --per ward --tile-size 1km -o "$tmp/bad.csv" 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "tiles square cells" "$tmp/err" || fail "--per with --tile-size: $(cat "$tmp/err")"
echo "ok"
