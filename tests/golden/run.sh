#!/usr/bin/env bash
# Golden outputs on the sample: every command with its main options, each output reduced to
# a stable text form (GeoTIFF: gdalinfo with checksums and metadata; GeoPackage: ogrinfo of
# every feature and its metadata; text files as they are), with the generator's version and
# the temporary folder's name masked, then hashed. The hashes must equal sample.sha256.
#   run.sh BIN SRC            compare (CTest)
#   run.sh BIN SRC --update   rewrite sample.sha256 (only when an issue says outputs change)
# HOTSPOTS_LOCALE runs hotspots (only) in that locale: the outputs must not change
# (tests/cli/test_locale.sh).
set -uo pipefail
bin=$1
src=$2
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
  "change_wards|change ${x[*]} --areas $wards --per ward --before 2023-01..2023-12 --after 2024-01..2024-12 -o OUT/change.csv -q"
  "change_cells|change ${x[*]} --cell 500 --before 2023-01..2023-06 --after 2024-01..2024-06 -o OUT/change_cells.geojson -q"
  "trend_cells|trend ${x[*]} --crime-type burglary --cell 250 --step quarter -o OUT/trend.csv -q"
  "trend_wards|trend ${x[*]} --areas $wards --per ward --neighbours queen -o OUT/trend_wards.geojson -q"
)

normalise() { sed -e "s#$tmp/#OUT/#g" -e 's/"generator": *"hotspots [^"]*"/"generator":"hotspots"/g'; }
stable() {  # one output file as stable text
  case "$1" in
    *.tif) gdalinfo -checksum -mdd all "$1" | grep -v '^Files:\|^  *OUT/\|^Driver:\|^Size is\b' ;;
    *.gpkg) ogrinfo -ro -al -mdd all "$1" | grep -v '^INFO: Open of' ;;
    *) cat "$1" ;;
  esac
}

list="$tmp/list"
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
  echo "$name/stdout $(normalise < "$tmp/$name.stdout" | sha256sum | cut -c1-16)" >> "$list"
  for f in $(cd "$tmp/$name" && ls); do
    echo "$name/$f $(stable "$tmp/$name/$f" | normalise | sha256sum | cut -c1-16)" >> "$list"
  done
done
golden="$src/tests/golden/sample.sha256"
if [ "$mode" = "--update" ]; then
  cp "$list" "$golden"
  echo "wrote $golden"
  exit $status
fi
if ! diff "$golden" "$list" > "$tmp/diff"; then
  echo "FAIL: outputs differ from the golden hashes (< golden, > now):"
  cat "$tmp/diff"
  exit 1
fi
[ $status -eq 0 ] && echo "ok: $(wc -l < "$list") golden hashes match"
exit $status
