#!/usr/bin/env bash
# The attacker's tests of --publish (issue 25, docs/publish.md "Attacked"): each route by which
# an earlier version gave back hidden counts or places, tried on the sample with
# tests/cli/publish_attack.py (numpy/scipy/GDAL, independent of the engine's GLPK audit). Every
# attack also reads the same run made without --publish, so it knows the true hidden values:
# it targets real small counts, and checks what it recovers. Every route runs; the test fails
# listing each one that recovered anything. Route 4 (surfaces) is test_publish_surface_attack.sh;
# 10 and 11 are test_report_inject.sh and test_report_paths.sh; 12 is the report's front page;
# 13 risk's model fit.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
atk="$py $src/tests/cli/publish_attack.py"
S=$src/sample_data
failed=()
attack() {  # attack NAME COMMAND...: runs one attack, keeps going when it recovers something
  local name=$1; shift
  local t0=$SECONDS
  if "$@" > "$tmp/atk.out" 2>&1; then sed "s/^/  /" "$tmp/atk.out"; else
    echo "ATTACK $name recovered hidden figures:"; sed "s/^/  /" "$tmp/atk.out"; failed+=("$name"); fi
  echo "  ($name: $((SECONDS - t0)) s)"
}
run() { "$@" -q > /dev/null 2> "$tmp/err" || fail "$*: $(cat "$tmp/err")"; }

# The sample pack, published and not, and the published pack's report.
sed "s|\"\.\./|\"$S/|g" sample_data/packs/sample.toml > "$tmp/pack.toml"
run "$bin" pack "$tmp/pack.toml" --publish -o "$tmp/pub"
run "$bin" pack "$tmp/pack.toml" -o "$tmp/open"
run "$bin" report "$tmp/pub" -o "$tmp/pub/report.html" --marking OFFICIAL
# The board with its texts (CSV and XLSX), tidy table and series, for two months in a row.
d=("$S/police_export.csv" --crs EPSG:27700 --date committed_from --date-to committed_to --type offence --id crime_ref
   --location street --areas "$S/areas/wards.geojson,as=ward" --per ward --population "$S/ward_population.csv")
printf 'a secret of the attack test, not a real one\n' > "$tmp/secret"
for m in 2024-11 2024-12; do
  run "$bin" dashboard "${d[@]}" --month $m -o "$tmp/db_pub_$m.csv" --tidy "$tmp/db_pub_tidy_$m.csv" --series "$tmp/db_pub_series_$m.csv" --publish
  run "$bin" dashboard "${d[@]}" --month $m -o "$tmp/db_open_$m.csv" --tidy "$tmp/db_open_tidy_$m.csv" --series "$tmp/db_open_series_$m.csv"
  run "$bin" dashboard "${d[@]}" --month $m --series "$tmp/ck_$m.csv" -o "$tmp/ck_board_$m.csv" --publish --disclosure cell-key \
    --publish-secret "$tmp/secret"
done
run "$bin" dashboard "${d[@]}" --month 2024-12 -o "$tmp/db_pub.xlsx" --publish
# map --summary: ward, borough and BCU rows.
a=(--areas "$S/areas/wards.geojson,as=ward" --areas "$S/areas/boroughs.geojson,as=borough" --areas "$S/areas/bcu.geojson,as=bcu")
run "$bin" map "$S/police_export.csv" --crs EPSG:27700 "${a[@]}" --summary "$tmp/sum_pub.csv" -o "$tmp/m1.gpkg" --publish
run "$bin" map "$S/police_export.csv" --crs EPSG:27700 "${a[@]}" --summary "$tmp/sum_open.csv" -o "$tmp/m2.gpkg"
# Gi* on a handful of robberies (its step count is below 5).
g=("$S/police_export.csv" --crs EPSG:27700 --date committed_from --type offence --period 2024-03-05..2024-03-07 --crime-type robbery --cell 500)
mkdir -p "$tmp/few_pub" "$tmp/few_open"
run "$bin" gistar "${g[@]}" -o "$tmp/few_pub/few.csv" --publish
run "$bin" gistar "${g[@]}" -o "$tmp/few_open/few.csv"

# Route 1: texts and ranks.
attack texts $atk texts "$tmp/db_pub_2024-12.csv" "$tmp/db_open_2024-12.csv" 5
attack texts-xlsx $atk texts "$tmp/db_pub.xlsx" "$tmp/db_open_2024-12.csv" 5
# Route 2: no count 1..4 in any table, layer, text or the report's JSON.
attack scan-pack $atk scan "$tmp/pub" "$tmp/open" 5
attack scan-summary $atk scan "$tmp/sum_pub.csv" "$tmp/sum_open.csv" 5
# Route 3: the Gi* layers' z-scores as a linear system.
attack zscores $atk zscores "$tmp/pub/pack.gpkg" "$tmp/open/pack.gpkg" 5
# Route 5: p-values beside hidden counts.
attack pvalues $atk pvalues "$tmp/pub" "$tmp/open" 5
# Route 6: LP and MILP over the pack's board, tidy table, series, change and trend tables; the
# dashboard's (with its texts' directions); map --summary's wards, boroughs and BCU; and
# differencing: the dashboards of two months in a row together.
$py - "$tmp" "$S" << 'PY'
import json, sys
t, S = sys.argv[1:]
def spec(name, releases): json.dump({"name": name, "n": 5, "protection": 3, "releases": releases}, open(f"{t}/{name}.json", "w"))
tables = []
for th in ("burglary", "violence"):
    for kind, f in (("series", "dashboard-series"), ("tidy", "dashboard-tidy"), ("board", "dashboard-board"),
                    ("change", "change-units"), ("trend", "trend-units")):
        tables.append({"kind": kind, "pub": f"{t}/pub/{th}/{f}.csv", "open": f"{t}/open/{th}/{f}.csv", "theme": th, "month": "2024-12"})
spec("pack", [{"name": "pack", "tables": tables}])
db = lambda m: {"name": f"dashboard {m}", "tables": [
    {"kind": k, "pub": f"{t}/db_pub{s}_{m}.csv", "open": f"{t}/db_open{s}_{m}.csv", "month": m}
    for k, s in (("series", "_series"), ("tidy", "_tidy"), ("board", ""))]}
spec("dashboard", [db("2024-12")])
spec("differencing", [db("2024-11"), db("2024-12")])
spec("summary", [{"name": "map", "tables": [{"kind": "summary", "pub": f"{t}/sum_pub.csv", "open": f"{t}/sum_open.csv",
     "areas": [["ward", f"{S}/areas/wards.geojson"], ["borough", f"{S}/areas/boroughs.geojson"], ["bcu", f"{S}/areas/bcu.geojson"]]}]}])
PY
for s in pack dashboard summary; do attack "intervals-$s" $atk intervals "$tmp/$s.json"; done
# Two suppressed releases of overlapping periods, differenced: suppression chooses the hidden
# cells of each release on its own, so the pair gives some back. docs/publish.md says so and
# points a series of releases to --disclosure cell-key (next); asserted, so that warning stays true.
if $atk intervals "$tmp/differencing.json" > "$tmp/diff.out" 2>&1; then
  echo "ATTACK differencing: two suppressed releases recovered nothing: docs/publish.md's warning is stale"
  failed+=("differencing-warning")
else
  echo "  differencing two suppressed releases: $(grep -c LEAK "$tmp/diff.out") hidden counts narrowed (docs/publish.md: use cell-key for series)"
fi
# Differencing cell-key releases: the same cell, the same published count.
attack cellkey $atk cellkey "$tmp/ck_2024-11.csv" "$tmp/ck_2024-12.csv" 5 area_code,theme,month
# Route 7: a command's report embeds only what the run wrote: an old unpublished file with
# exact points left in the folder first.
mkdir -p "$tmp/r7" "$tmp/r7base"
run "$bin" kde "$S/police_export.csv" --crs EPSG:27700 --date committed_from --type offence --crime-type burglary \
  --bandwidth 300 --cell 50 -o "$tmp/r7base/density.tif" --hotspots "$tmp/r7base/hotspots.geojson" --report "$tmp/r7base/report.html" --publish
run "$bin" repeats "$S/police_export.csv" --crs EPSG:27700 --date committed_from --type offence --location street \
  --crime-type burglary -o "$tmp/r7/repeats.geojson"
cp "$tmp/open/burglary/repeats-locations.csv" "$tmp/r7/old-repeats.csv"
run "$bin" kde "$S/police_export.csv" --crs EPSG:27700 --date committed_from --type offence --crime-type burglary \
  --bandwidth 300 --cell 50 -o "$tmp/r7/density.tif" --hotspots "$tmp/r7/hotspots.geojson" --report "$tmp/r7/report.html" --publish
attack embedded-command $atk embedded "$tmp/r7/report.html" "$tmp/r7base/report.html" "$tmp/r7/repeats.geojson" "$tmp/r7/old-repeats.csv"
cp "$tmp/open/burglary/repeats-locations.csv" "$tmp/pub/burglary/repeats-locations.csv"
run "$bin" report "$tmp/pub" -o "$tmp/planted.html" --marking OFFICIAL
rm "$tmp/pub/burglary/repeats-locations.csv"
attack embedded-pack $atk embedded "$tmp/planted.html" "$tmp/pub/report.html" "$tmp/open/burglary/repeats-locations.csv"
# Route 8: rows with a hidden count keep no dates, peaks, hours or streets.
attack rows $atk rows "$tmp/pub" "$tmp/open" 5 "$S/police_export.csv"
# Route 9: metadata.
attack metadata-pack $atk metadata "$tmp/pub" "$tmp/open" 5
attack metadata-gistar $atk metadata "$tmp/few_pub" "$tmp/few_open" 5
# Route 13: risk's model fit over its published cell table (issue 37 #2).
r=("$S/police_export.csv" --crs EPSG:27700 --crime-type public-order --mask "$S/areas/bcu.geojson"
   --factor "licensed_premises=$S/licensed_premises.csv" --factor "decoy_points=$S/decoy_points.csv")
mkdir -p "$tmp/risk_pub" "$tmp/risk_open"
run "$bin" risk "${r[@]}" -o "$tmp/risk_pub/factors.csv" --cells "$tmp/risk_pub/cells.csv" --publish
run "$bin" risk "${r[@]}" -o "$tmp/risk_open/factors.csv" --cells "$tmp/risk_open/cells.csv"
attack riskfit $atk riskfit "$tmp/risk_pub" "$tmp/risk_open" 5
# Route 12: the report's front page leads with published figures only (issue 33).
run "$bin" report "$tmp/open" -o "$tmp/open-report.html" --marking OFFICIAL
attack front $atk front "$tmp/pub/report.html" "$tmp/open-report.html" "$tmp/pub" "$tmp/open" 5

((${#failed[@]} == 0)) || fail "attacks that recovered hidden figures: ${failed[*]}"
echo "publish attack: nothing recovered by any route"
