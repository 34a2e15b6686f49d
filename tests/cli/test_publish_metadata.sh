#!/usr/bin/env bash
# What a published release's metadata says beside its hidden counts (docs/publish.md,
# "Attacked", routes 14 to 20), attacked with tests/cli/publish_attack.py; each run also made
# without --publish, for the true values. Each check failed on the binary before the fix
# (2026-12-07):
# - evaluate over one test month: its metadata's mean hit rate per method and share is n / N at
#   full precision; the robbery's 4 of 19 in the kde's 1% was 0.2105263157894737, hidden as <5
#   in the table and read back as the only fraction of a whole n below 5 with N up to the step's
#   incidents.
# - predict over one back-test month: its metadata's back-test mean hit rate, 2/69 for vehicle
#   crime in 0.1% of the area (n hidden as <5): 2 or 4.
# - a pack's theme of two kde maps sharing one colour scale: scale-max (the step's parameter, in
#   the manifest and every output's metadata) is the theme's largest max_value, which the
#   metadata withholds.
# - lisa --smooth eb: the global EB Moran's I of the ward rates (a test statistic of every count)
#   beside 17 wards at <5.
# - site's curve (written without --keep-points): its metadata's solution.covered_by_existing
#   was 2.0, the existing cameras' count hidden as <5 in the curve (a float escaped the rule for
#   counts below N).
# - facilities with --keep-points: eleven pubs at <5 and summary.incidents_attributed 11 (each
#   was 1).
# - a pack of burglary with predict and evaluate on a mask of two wards beside the dashboard's
#   series by ward: each back-test month's N (linked to no incident) less the shown ward was
#   the hidden one (28 - 26 = 2, six months in a row).
# - gistar --report on an extract of 3 robberies (its count <5): rows read and loaded 3 in the
#   metadata and the report's appendix, and the report's period their first and last dates.
# - nearrepeat on an extract of 4 burglaries (route 20): pairs 6, beside incidents <5.
# - gistar --auto (route 15): the Moran's z of each band tried, and the incidents' mean and median
#   nearest-neighbour distances, in its parameters.
# - the same extract in a published pack's input beside March's burglaries (route 19): the
#   manifest's input rows and loaded (each file's too), the burglary products' rows loaded, and the
#   report's appendix, less the burglaries' shown count, were the 3 (the robbery step's <5).
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
atk="$py $src/tests/cli/publish_attack.py"
S=$(pwd)/sample_data
run() { "$@" -q > /dev/null 2> "$tmp/err" || fail "$*: $(cat "$tmp/err")"; }
failed=()
attack() {  # attack NAME COMMAND...: runs one attack, keeps going when it recovers something
  local name=$1; shift
  if "$@" > "$tmp/atk.out" 2>&1; then sed "s/^/  /" "$tmp/atk.out"; else
    echo "ATTACK $name recovered hidden figures:"; sed "s/^/  /" "$tmp/atk.out"; failed+=("$name"); fi
}
base=("$S/police_export.csv" --crs EPSG:27700 --date committed_from --type offence --mask "$S/areas/bcu.geojson")

# evaluate: one test month of robbery (every n of the table below 5).
e=("${base[@]}" --crime-type robbery --methods "kde:h=200 grid:cell=50 repeats" --train 3m --shares 1%,5% --from 2024-12 --to 2024-12)
run "$bin" evaluate "${e[@]}" -o "$tmp/ev_pub.csv" --publish
run "$bin" evaluate "${e[@]}" -o "$tmp/ev_open.csv"
attack evaluate-means $atk means "$tmp/ev_pub.csv" "$tmp/ev_open.csv" 5
# Where every count is shown, the hit rate is made again from them (n / N).
f=("${base[@]}" --crime-type burglary --methods "grid:cell=250" --train 3m --shares 5% --from 2024-12 --to 2024-12)
run "$bin" evaluate "${f[@]}" -o "$tmp/ev_shown.csv" --publish
$py - "$tmp/ev_shown.csv" << 'PY' || fail "a published evaluate with every count shown has no hit rate made from them"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert rows and all(r["n"] and r["N"] and not r["n"].startswith("<") for r in rows), rows
for r in rows:
    assert abs(float(r["hit_rate"]) - float(r["n"]) / float(r["N"])) < 1e-5, r
PY

# Figures that are not counts are shown as they are (before roles, a whole number below 5 was
# hidden as a count whatever it was): with every n shown, the orders of evaluate's two methods
# (won 1, lost 2 over three months), and cluster's number of clusters (2, beside 80 incidents).
run "$bin" evaluate "${base[@]}" --crime-type burglary --methods "kde:h=200,400" --train 3m --shares 5% --from 2024-10 \
  --to 2024-12 -o "$tmp/ev_orders.csv" --publish
run "$bin" cluster "$S/police_export.csv" --crs EPSG:27700 --crime-type burglary --from 2024-12 --to 2024-12 \
  -o "$tmp/cl.geojson" --keep-points --publish
$py - "$tmp/ev_orders.csv" "$tmp/cl.geojson" << 'PY' || fail "a published figure that is no count was hidden as one"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert all(r["n"] and not r["n"].startswith("<") for r in rows), rows
means = json.load(open(sys.argv[1] + ".meta.json"))["means"]
loser = [m for m in means if not m["best"]]
assert loser and all(isinstance(m[k], int) for m in loser for k in ("won", "lost", "tied")), means
assert sum(m["won"] + m["lost"] + m["tied"] for m in loser) == 3, means  # three test months
meta = json.load(open(sys.argv[2]))["metadata"]
assert isinstance(meta["incidents"], int) and meta["summary"]["clusters"] == len(json.load(open(sys.argv[2]))["features"]), meta
PY
# predict: one back-test month of vehicle crime in 0.1% of the area.
p=("${base[@]}" --crime-type vehicle-crime --cell 100 --half-lives 14,28 --half-distances 100,200 --as-of 2024-12
   --share 0.001 --test-months 1)
run "$bin" predict "${p[@]}" --backtest "$tmp/pr_pub.csv" --publish
run "$bin" predict "${p[@]}" --backtest "$tmp/pr_open.csv"
attack predict-means $atk means "$tmp/pr_pub.csv" "$tmp/pr_open.csv" 5

# A pack's theme of two kde maps on one colour scale.
cat > "$tmp/pack.toml" << TOML
month = "2024-12"
period = "last 3 months"
[inputs]
files = ["$S/police_export.csv"]
crs = "EPSG:27700"
date = "committed_from"
type = "offence"
[[theme]]
name = "robbery"
crime-type = ["robbery"]
[[step]]
run = "kde"
bandwidth = 300
cell = 50
mask = "$S/areas/bcu.geojson"
[[step]]
run = "kde"
name = "kde-last-year"
period = "same period last year"
bandwidth = 300
cell = 50
mask = "$S/areas/bcu.geojson"
TOML
run "$bin" pack "$tmp/pack.toml" -o "$tmp/pack_pub" --publish
run "$bin" pack "$tmp/pack.toml" -o "$tmp/pack_open"
attack pack-withheld $atk withheld "$tmp/pack_pub" "$tmp/pack_open"
attack evaluate-withheld $atk withheld "$tmp/ev_pub.csv.meta.json" "$tmp/ev_open.csv.meta.json"
# lisa on ward rates, EB smoothed: a quarter's robberies (17 of 21 wards <5) beside the global
# EB Moran's I of every ward's rate.
l=("$S/police_export.csv" --crs EPSG:27700 --crime-type robbery --from 2024-10 --to 2024-12 --areas "$S/areas/wards.geojson,as=ward"
   --per ward --population-field population --smooth eb --permutations 19)
run "$bin" lisa "${l[@]}" -o "$tmp/lisa_pub.csv" --publish
run "$bin" lisa "${l[@]}" -o "$tmp/lisa_open.csv"
attack lisa-withheld $atk withheld "$tmp/lisa_pub.csv.meta.json" "$tmp/lisa_open.csv.meta.json"

# site: robbery near street lights, with the existing cameras.
si=("$S/police_export.csv" --crs EPSG:27700 --date committed_from --type offence --crime-type robbery
    --candidates "$S/street_lights.csv" --existing "$S/cameras.csv" --radius 75 --count 5)
mkdir -p "$tmp/site_pub" "$tmp/site_open" "$tmp/fac_pub" "$tmp/fac_open"
run "$bin" site "${si[@]}" -o "$tmp/site_pub/sites.geojson" --curve "$tmp/site_pub/curve.csv" --publish
run "$bin" site "${si[@]}" -o "$tmp/site_open/sites.geojson" --curve "$tmp/site_open/curve.csv"
attack site-totals $atk totals "$tmp/site_pub" "$tmp/site_open" 5 covered
# facilities: robbery within 150 m of the licensed premises, the table kept.
fa=("$S/police_export.csv" --crs EPSG:27700 --crime-type robbery --facilities "$S/licensed_premises.csv" --radius 150)
run "$bin" facilities "${fa[@]}" -o "$tmp/fac_pub/fac.csv" --publish --keep-points
run "$bin" facilities "${fa[@]}" -o "$tmp/fac_open/fac.csv"
attack facilities-totals $atk totals "$tmp/fac_pub" "$tmp/fac_open" 5 incidents
# A command on an extract holding only its incidents: 3 robberies of 5-7 March 2024.
mkdir -p "$tmp/few"
{ head -1 "$S/police_export.csv"; grep ',Robbery of personal property,2024-03-0[5-7]' "$S/police_export.csv"; } > "$tmp/few.csv"
run "$bin" gistar "$tmp/few.csv" --crs EPSG:27700 --date committed_from --type offence --cell 500 -o "$tmp/few/gi.csv" \
  --report "$tmp/few.html" --marking OFFICIAL --publish
attack extract-total $atk total "$tmp/few" "$tmp/few.html" "$tmp/few.csv" 5
# nearrepeat on an extract of 4 burglaries (its count <5): n incidents make n (n - 1) / 2 pairs.
{ head -1 "$S/police_export.csv"; grep ',Burglary - residential,2024-03-0[1-4]' "$S/police_export.csv" | head -4; } > "$tmp/four.csv"
run "$bin" nearrepeat "$tmp/four.csv" --crs EPSG:27700 --date committed_from --type offence --permutations 19 -o "$tmp/nr.csv" --publish
attack nearrepeat-pairs $atk pairs "$tmp/nr.csv.meta.json" "$tmp/four.csv" 5
# gistar --auto: the Moran's z of every count at each band tried, and the incidents' mean and
# median nearest-neighbour distances (statistics of them), in its parameters.
g=("$S/police_export.csv" --crs EPSG:27700 --crime-type robbery --from 2024-10 --to 2024-12 --auto)
run "$bin" gistar "${g[@]}" -o "$tmp/gi_pub.csv" --publish
run "$bin" gistar "${g[@]}" -o "$tmp/gi_open.csv"
attack gistar-auto-withheld $atk withheld "$tmp/gi_pub.csv.meta.json" "$tmp/gi_open.csv.meta.json"
# The same extract as a published pack's input, beside March's burglaries (a theme each, one
# step): the manifest's input rows and loaded, each file's, each product's rows, and the report's
# appendix, less the burglaries' shown count.
{ cat "$tmp/few.csv"; grep ',Burglary - residential,2024-03' "$S/police_export.csv"; } > "$tmp/mixed.csv"
cat > "$tmp/few.toml" << TOML
month = "2024-03"
period = "last 1 month"
publish = true
[inputs]
files = ["$tmp/mixed.csv"]
crs = "EPSG:27700"
date = "committed_from"
type = "offence"
[[theme]]
name = "robbery"
crime-type = ["robbery"]
[[theme]]
name = "burglary"
crime-type = ["burglary"]
[[step]]
run = "gistar"
cell = 500
TOML
run "$bin" pack "$tmp/few.toml" -o "$tmp/few_pack"
run "$bin" report "$tmp/few_pack" -o "$tmp/few_pack.html" --marking OFFICIAL
attack pack-extract-total $atk total "$tmp/few_pack" "$tmp/few_pack.html" "$tmp/few.csv" 5
# A pack: predict and evaluate on a mask of two wards, the dashboard by ward beside them.
$py - "$S/areas/wards.geojson" "$tmp/pair.geojson" << 'PY'
import json, sys
j = json.load(open(sys.argv[1]))
j["features"] = [f for f in j["features"] if f["properties"]["code"] in ("Z05000017", "Z05000020")]
assert len(j["features"]) == 2
json.dump(j, open(sys.argv[2], "w"))
PY
cat > "$tmp/backtest.toml" << TOML
month = "2024-12"
period = "last 12 months"
[inputs]
files = ["$S/police_export.csv"]
crs = "EPSG:27700"
date = "committed_from"
type = "offence"
[[areas]]
path = "$S/areas/wards.geojson"
as = "ward"
from = "2019-05"
[[theme]]
name = "burglary"
crime-type = ["burglary"]
[[step]]
run = "predict"
mask = "$tmp/pair.geojson"
cell = 100
half-lives = "14,28"
half-distances = "100,200"
[[step]]
run = "evaluate"
mask = "$tmp/pair.geojson"
methods = "grid:cell=250"
train = "3m"
shares = "5%"
period = "last 6 months"
[[step]]
run = "dashboard"
per = "ward"
TOML
run "$bin" pack "$tmp/backtest.toml" -o "$tmp/bt_pub" --publish
run "$bin" pack "$tmp/backtest.toml" -o "$tmp/bt_open"
attack backtest-N $atk backtestN "$tmp/bt_pub" "$tmp/bt_open" burglary Z05000017,Z05000020 5

((${#failed[@]} == 0)) || fail "attacks that recovered hidden figures: ${failed[*]}"
echo "publish metadata: nothing recovered from evaluate's and predict's means, a pack's shared scale, lisa's EB Moran's I, site's or facilities' totals, an extract's rows (by command or in a pack), or a back-test's N"
