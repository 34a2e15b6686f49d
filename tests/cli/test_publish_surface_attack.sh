#!/usr/bin/env bash
# Route 4 of issue 25: a published density surface must not place an incident. Attacks (in
# tests/cli/publish_attack.py surface): an isolated blob of a published surface, integrated,
# gives no whole count of incidents and its weighted centre is no nearer than 100 m to an
# incident; two published surfaces that differ by one incident, differenced, do not place it
# within 100 m. The same runs without --publish show the attack works (the blob integrates to
# its incidents, the difference finds the incident).
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
atk="$py $src/tests/cli/publish_attack.py"
$py - "$tmp" << 'EOF2'
import random, sys
d = sys.argv[1]
rng = random.Random(7)
rows = ["ref,easting,northing,date,type"]
for _ in range(80):   # a busy area
    rows.append(f"R{len(rows)},{rng.gauss(500000, 300):.1f},{rng.gauss(200000, 300):.1f},2024-0{rng.randint(1, 6)}-10,Robbery")
for x, y in ((503000.0, 201500.0), (497000.0, 198200.0), (502600.0, 197400.0)):  # lone robberies
    rows.append(f"R{len(rows)},{x},{y},2024-03-14,Robbery")
open(f"{d}/inc.csv", "w").write("\n".join(rows) + "\n")
# the same with one robbery more inside the busy area
rows.append(f"R{len(rows)},500123.0,200077.0,2024-04-02,Robbery")
open(f"{d}/inc_plus.csv", "w").write("\n".join(rows) + "\n")
EOF2
x=(--crs EPSG:27700 --date date --type type --bandwidth 250 --cell 20 --extent 495000,195000,505000,205000)
for v in inc inc_plus; do
  "$bin" kde "$tmp/$v.csv" "${x[@]}" -o "$tmp/${v}_pub.tif" --publish -q > /dev/null 2> "$tmp/err" || fail "kde --publish: $(cat "$tmp/err")"
  "$bin" kde "$tmp/$v.csv" "${x[@]}" -o "$tmp/${v}_open.tif" -q > /dev/null 2> "$tmp/err" || fail "kde: $(cat "$tmp/err")"
done
# Teeth: on the unpublished surfaces the attacks place the incidents.
! $atk surface blobs "$tmp/inc_open.tif" "$tmp/inc_open.tif" "$tmp/inc.csv" easting northing 5 100 > "$tmp/out" 2>&1 \
  || fail "the blob attack finds nothing even on the unpublished surface: $(cat "$tmp/out")"
! $atk surface diff "$tmp/inc_open.tif" "$tmp/inc_plus_open.tif" 500123 200077 100 > "$tmp/out" 2>&1 \
  || fail "the difference attack finds nothing even on the unpublished surfaces: $(cat "$tmp/out")"
failed=()
$atk surface blobs "$tmp/inc_pub.tif" "$tmp/inc_open.tif" "$tmp/inc.csv" easting northing 5 100 || failed+=(blobs)
$atk surface diff "$tmp/inc_pub.tif" "$tmp/inc_plus_pub.tif" 500123 200077 100 || failed+=(difference)
((${#failed[@]} == 0)) || fail "published surfaces place incidents: ${failed[*]}"
echo "publish surface attack: no published surface places an incident"
