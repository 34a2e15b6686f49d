#!/usr/bin/env bash
# Golden outputs on the sample: every command with its main options (and a whole pack with its
# report), each output reduced to a stable text form (GeoTIFF: gdalinfo with checksums and
# metadata; GeoPackage: ogrinfo of every feature and its metadata; a QGIS project: its .qgs;
# a manifest: its timings masked; text files as they are), with the generator's version and
# the temporary folder's name masked, then hashed. The hashes must equal sample.sha256; the
# texts are kept beside it (sample/NAME/FILE.txt.gz), so a difference is shown as a diff.
#   run.sh BIN SRC            compare (CTest)
#   run.sh BIN SRC --update   rewrite sample.sha256 and the texts (only when an issue says
#                             outputs change)
# HOTSPOTS_LOCALE runs hotspots (only) in that locale: the outputs must not change
# (tests/cli/test_locale.sh).
set -uo pipefail
bin=$1
src=$(cd "$2" && pwd)
mode=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src"
export LC_ALL=C

x=(sample_data/police_export.csv --crs EPSG:27700)
ex=(sample_data/police_export.csv --x easting --y northing --crs EPSG:27700 --date committed_from
    --date-to committed_to --type offence --id crime_ref --location street)
wards=sample_data/areas/wards.geojson,as=ward
bcu=sample_data/areas/bcu.geojson
areas=(--areas "$wards" --areas sample_data/areas/boroughs.geojson,as=borough --areas "$bcu",as=bcu)

runs=(
  "info|info sample_data/police_uk -q"
  "info_areas|info ${x[*]} --areas $wards --crime-type burglary -q"
  "map_gpkg|map ${ex[*]} ${areas[*]} -o OUT/incidents.gpkg --summary OUT/summary.csv --rejects OUT/rejects.csv -q"
  "map_geojson|map sample_data/police_uk --areas $wards --crime-type burglary --from 2023-06 --to 2024-05 -o OUT/uk.geojson -q"
  "map_csv|map ${ex[*]} --areas $wards --within Z05000010 -o OUT/within.csv -q"
  "kde|kde ${x[*]} --areas $wards --areas $bcu,as=bcu --mask $bcu --bandwidth 300 --cell 10 -o OUT/density.tif --hotspots OUT/hotspots.geojson -q"
  "kde_auto|kde ${x[*]} --crime-type burglary --hotspots OUT/auto.gpkg -o OUT/auto.tif -q"
  "kde_rate|kde ${x[*]} --bandwidth 400 --cell 50 --denominator-points sample_data/addresses.csv -o OUT/rate.tif --no-style -q"
  "kde_raw|kde ${x[*]} --bandwidth 250 --cell 25 --output-value raw --kernel epanechnikov --extent 440000,300000,450000,306000 -o OUT/raw.tif -q"
  "repeats_field|repeats ${x[*]} --by address_ref --csv OUT/repeats.csv -o OUT/repeats.geojson --areas $wards -q"
  "repeats_point|repeats ${x[*]} --tolerance 5 --min-count 3 -o OUT/repeats_pt.gpkg -q"
  "repeats_uk|repeats sample_data/police_uk --by location --csv OUT/repeats_uk.csv -q"
  "nearrepeat|nearrepeat ${x[*]} --crime-type burglary --permutations 99 -o OUT/knox.csv --json OUT/knox.json --chains OUT/chains.csv -q"
  "nearrepeat_months|nearrepeat sample_data/police_uk --crime-type burglary --time-unit months --time-bands 0,1,2,3 --permutations 49 -o OUT/knox_m.csv -q"
  "cocoon|cocoon ${x[*]} --since 2024-12-01 --addresses sample_data/addresses.csv --areas $wards -o OUT/cocoon.geojson -q"
  "gistar_cells|gistar ${x[*]} --areas $wards --mask $bcu --cell 100 -o OUT/gi.csv --hotspots OUT/gi_hot.geojson -q"
  "gistar_gpkg|gistar ${x[*]} --crime-type burglary --cell 200 --neighbours band:450 --spatial-weights row -o OUT/gi.gpkg -q"
  "gistar_wards|gistar ${x[*]} --areas $wards --per ward --neighbours knn:4 --permutations 99 -o OUT/gi_wards.geojson -q"
  "gistar_auto|gistar ${x[*]} --crime-type burglary --auto -o OUT/gi_auto.csv -q"
  "lisa_cells|lisa ${x[*]} --mask $bcu --cell 200 --permutations 0 -o OUT/lisa.gpkg -q"
  "lisa_wards|lisa ${x[*]} --areas $wards --per ward --population-field population --smooth eb --permutations 499 -o OUT/lisa_wards.csv -q"
  "change_wards|change ${x[*]} --areas $wards --per ward --before 2023-01..2023-12 --after 2024-01..2024-12 -o OUT/change.csv -q"
  "change_cells|change ${x[*]} --cell 500 --before 2023-01..2023-06 --after 2024-01..2024-06 -o OUT/change_cells.geojson -q"
  "trend_cells|trend ${x[*]} --crime-type burglary --cell 250 --step quarter -o OUT/trend.csv -q"
  "trend_wards|trend ${x[*]} --areas $wards --per ward --neighbours queen -o OUT/trend_wards.geojson -q"
  "dashboard|dashboard ${x[*]} --areas $wards --areas sample_data/areas/boroughs.geojson,as=borough --per ward --crime-type burglary --month 2024-12 --population sample_data/ward_population.csv -o OUT/board.csv --tidy OUT/tidy.csv --series OUT/series.csv -q"
  "dashboard_report|dashboard ${x[*]} --areas $wards --per ward --crime-type burglary --month 2024-12 --population sample_data/ward_population.csv -o OUT/board.gpkg --report OUT/board.html -q"
  "profile|profile ${ex[*]} -o OUT/week.csv --monthly OUT/monthly.csv --seasonal OUT/seasonal.csv -q"
  "site|site ${ex[*]} --crime-type violent-crime --candidates sample_data/street_lights.csv --existing sample_data/cameras.csv --radius 75 --count 5 -o OUT/sites.geojson --curve OUT/curve.csv -q"
  "walk|walk ${ex[*]} --crime-type violent-crime --night --network sample_data/streets.geojson --start 447067,300681 --max-length 2.5km --return --lights sample_data/street_lights.csv --cameras sample_data/cameras.csv -o OUT/walk.geojson --route OUT/route.geojson --gpx OUT/walk.gpx --sheet OUT/walk.html -q"
  "risk|risk ${x[*]} --crime-type public-order --areas $wards --mask $bcu --factor licensed_premises=sample_data/licensed_premises.csv --factor decoy_points=sample_data/decoy_points.csv --factor streets=sample_data/streets.geojson -o OUT/risk.csv --risk-surface OUT/risk.tif --places OUT/risk_places.geojson -q"
  "evaluate|evaluate ${x[*]} --crime-type burglary --mask $bcu --methods kde:h=200,400 --train 3m --shares 1%,5% --from 2024-01 -o OUT/ev.csv --recommend OUT/rec.json -q"
  "kde_report|kde ${x[*]} --crime-type burglary --areas $wards --bandwidth 300 --cell 20 --hotspots OUT/h.geojson -o OUT/d.tif --report OUT/kde.html -q"
  "pack|pack sample_data/packs/sample.toml -o OUT/pack -q"
  "pack_report|report OUT/../pack/pack -o OUT/report.html -q"
)

normalise() {
  sed -e "s#$tmp/#OUT/#g" -e 's/"generator": *"hotspots [^"]*"/"generator":"hotspots"/g' \
      -e 's/hotspots [0-9][0-9.]*[-+a-z0-9.]*\( (\|<\|"\|$\)/hotspots VERSION\1/g'
}
stable() {  # one output file as stable text
  case "$1" in
    *.tif) gdalinfo -checksum -mdd all "$1" | grep -v '^Files:\|^  *OUT/\|^Driver:\|^Size is\b' ;;
    *.gpkg) ogrinfo -ro -al -mdd all "$1" | grep -v '^INFO: Open of' ;;
    *.qgz) unzip -p "$1" '*.qgs' ;;
    */manifest.json) /usr/bin/python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
m["seconds"] = {k: "masked" for k in m.get("seconds", {})}
for s in m.get("steps", []): s["seconds"] = "masked"
print(json.dumps(m, indent=1, sort_keys=True))' "$1" ;;
    *) cat "$1" ;;
  esac
}

list="$tmp/list"
texts="$tmp/texts"
: > "$list"
status=0
for r in "${runs[@]}"; do
  name=${r%%|*}
  cmd=${r#*|}
  mkdir -p "$tmp/$name"
  # shellcheck disable=SC2086
  LC_ALL=${HOTSPOTS_LOCALE:-C} "$bin" ${cmd//OUT/$tmp\/$name} > "$tmp/$name.stdout" 2> "$tmp/$name.stderr"
  rc=$?
  echo "$name exit $rc" >> "$list"
  [ $rc -eq 0 ] || { echo "$name: exit $rc: $(cat "$tmp/$name.stderr")"; status=1; }
  mkdir -p "$texts/$name"
  normalise < "$tmp/$name.stdout" > "$texts/$name/stdout.txt"
  echo "$name/stdout $(sha256sum < "$texts/$name/stdout.txt" | cut -c1-16)" >> "$list"
  for f in $(cd "$tmp/$name" && find . -type f | sed 's#^\./##' | LC_ALL=C sort); do
    mkdir -p "$(dirname "$texts/$name/$f")"
    stable "$tmp/$name/$f" | normalise > "$texts/$name/$f.txt"
    echo "$name/$f $(sha256sum < "$texts/$name/$f.txt" | cut -c1-16)" >> "$list"
  done
done
golden="$src/tests/golden/sample.sha256"
kept="$src/tests/golden/sample"
if [ "$mode" = "--update" ]; then
  cp "$list" "$golden"
  rm -rf "$kept"
  (cd "$texts" && find . -type f -name '*.txt' | while read -r f; do
     mkdir -p "$kept/$(dirname "$f")"; gzip -9n < "$f" > "$kept/$f.gz"; done)
  echo "wrote $golden and $kept/"
  exit $status
fi
if ! diff "$golden" "$list" > "$tmp/diff"; then
  echo "FAIL: outputs differ from the golden hashes (< golden, > now):"
  cat "$tmp/diff"
  # The differences themselves, 40 lines an output at most.
  grep '^>' "$tmp/diff" | while read -r _ out _; do
    [ -f "$texts/$out.txt" ] || continue
    echo "--- $out (golden) / +++ now:"
    if [ -f "$kept/$out.txt.gz" ]; then
      diff <(gzip -dc "$kept/$out.txt.gz") "$texts/$out.txt" | cut -c1-200 | head -40
    else
      echo "(a new output: no golden text)"
    fi
  done
  exit 1
fi
[ $status -eq 0 ] && echo "ok: $(wc -l < "$list") golden hashes match"
exit $status
