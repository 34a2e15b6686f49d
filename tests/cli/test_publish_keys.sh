#!/usr/bin/env bash
# Every metadata key a published release writes (docs/publish.md, "Metadata"): each command that
# takes --publish on the sample, commands' --report (their manifests) and a published pack, every
# key of every .meta.json, layer and raster metadata, manifest.json and the report's JSON, listed
# and compared with tests/cli/publish_keys.txt. Publishing keeps only the metadata keys whose
# role is declared (steps' StepInfo::metadata); a key that appears here and is not in the list
# (a new step's figure, a role declared carelessly) fails the test by its name, before it can
# leak. After a reviewed change: HOTSPOTS_KEYS_UPDATE=1 rewrites the list.
source "$(dirname "$0")/lib.sh"
cd "$src"
S=sample_data
x=($S/police_export.csv --crs EPSG:27700 --from 2024-10 --to 2024-12)
x0=($S/police_export.csv --crs EPSG:27700)
ex=($S/police_export.csv --crs EPSG:27700 --date committed_from --type offence --from 2024-10 --to 2024-12)
wards=$S/areas/wards.geojson,as=ward
bcu=$S/areas/bcu.geojson
net=(--network $S/streets.geojson)
runs=(
  "info|info ${x[*]} --report OUT/info.html --marking OFFICIAL"
  "map|map ${x[*]} --areas $wards --summary OUT/summary.csv --counts OUT/counts.csv --per ward -o OUT/inc.csv --keep-points"
  "kde|kde ${x[*]} --crime-type burglary --mask $bcu --bandwidth 300 --cell 50 -o OUT/d.tif --hotspots OUT/h.gpkg"
  "kde_network|kde ${x[*]} --crime-type burglary ${net[*]} --lixels OUT/lix.gpkg"
  "repeats|repeats ${x[*]} --by address_ref --csv OUT/r.csv --keep-points"
  "nearrepeat|nearrepeat ${x[*]} --crime-type burglary --permutations 19 -o OUT/knox.csv"
  "cocoon|cocoon ${x[*]} --since 2024-12-01 --addresses $S/addresses.csv -o OUT/c.geojson --keep-points"
  "gistar|gistar ${x[*]} --crime-type burglary --auto -o OUT/gi.csv"
  "lisa|lisa ${x[*]} --crime-type burglary --areas $wards --per ward --population-field population --smooth eb --permutations 19 -o OUT/l.csv"
  "cluster|cluster ${x[*]} --crime-type burglary -o OUT/cl.geojson --keep-points"
  "scan|scan ${ex[*]} --crime-type burglary --max-radius 500 --max-duration 14 --permutations 19 --csv OUT/s.csv --keep-points"
  "compare|compare ${x[*]} --extent 440000,298000,456000,312000 --cell 100 --bandwidth 300 --after 2024-12..2024-12 --before 2024-11..2024-11 -o OUT/cmp.tif"
  "change|change ${x[*]} --areas $wards --per ward --before 2024-10..2024-11 --after 2024-12..2024-12 -o OUT/ch.csv"
  "trend|trend ${x[*]} --crime-type burglary --cell 500 -o OUT/t.csv"
  "streets|streets ${x[*]} --crime-type burglary ${net[*]} -o OUT/st.csv"
  "dashboard|dashboard ${x[*]} --areas $wards --per ward --crime-type burglary --month 2024-12 --population $S/ward_population.csv -o OUT/b.csv --series OUT/se.csv --report OUT/b.html --marking OFFICIAL"
  "dashboard_cells|dashboard ${x[*]} --crime-type burglary --cell 500 --month 2024-12 -o OUT/bc.csv"
  "dashboard_streets|dashboard ${x[*]} --crime-type burglary --units streets ${net[*]} --within Z05000010 --areas $wards --month 2024-12 -o OUT/bs.csv"
  "profile|profile ${ex[*]} -o OUT/week.csv"
  "site|site ${ex[*]} --crime-type robbery --candidates $S/street_lights.csv --existing $S/cameras.csv --radius 75 --count 5 -o OUT/sites.geojson --curve OUT/curve.csv"
  "facilities|facilities ${x[*]} --crime-type robbery --facilities $S/licensed_premises.csv --radius 150 -o OUT/f.csv --keep-points"
  "risk|risk ${x[*]} --crime-type public-order --mask $bcu --factor licensed_premises=$S/licensed_premises.csv -o OUT/risk.csv"
  "walk|walk ${ex[*]} --crime-type violent-crime ${net[*]} --start 447067,300681 --max-length 2km -o OUT/w.geojson --keep-points"
  "evaluate|evaluate ${x0[*]} --crime-type burglary --mask $bcu --methods kde:h=200 --train 3m --shares 5% --from 2024-12 --to 2024-12 -o OUT/ev.csv"
  "evaluate_streets|evaluate ${x0[*]} --crime-type burglary --mask $bcu --units streets ${net[*]} --train 3m --shares 5% --from 2024-12 --to 2024-12 -o OUT/evs.csv"
  "predict|predict ${x0[*]} --crime-type burglary --mask $bcu --cell 200 --half-lives 14 --half-distances 100 --as-of 2024-12 --test-months 1 --backtest OUT/bt.csv --summary OUT/sum.csv"
)
for r in "${runs[@]}"; do
  name=${r%%|*}; cmd=${r#*|}
  mkdir -p "$tmp/$name"
  # shellcheck disable=SC2086
  "$bin" ${cmd//OUT/$tmp\/$name} --publish -q > /dev/null 2> "$tmp/err" || fail "$name: $(cat "$tmp/err")"
done
cat > "$tmp/pack.toml" << TOML
month = "2024-12"
period = "last 3 months"
publish = true
[inputs]
files = ["$src/$S/police_export.csv"]
crs = "EPSG:27700"
[[areas]]
path = "$src/$S/areas/wards.geojson"
as = "ward"
[[theme]]
name = "burglary"
crime-type = ["burglary"]
[[step]]
run = "kde"
bandwidth = 300
cell = 50
mask = "$src/$bcu"
[[step]]
run = "dashboard"
per = "ward"
[[step]]
run = "predict"
mask = "$src/$bcu"
cell = 200
half-lives = "14"
half-distances = "100"
TOML
mkdir -p "$tmp/pack"
"$bin" pack "$tmp/pack.toml" -o "$tmp/pack/out" -q > /dev/null 2> "$tmp/err" || fail "pack: $(cat "$tmp/err")"
/usr/bin/python3 "$src/tests/cli/publish_attack.py" keys "$tmp" > "$tmp/keys.txt" || fail "could not list the keys"
want="$src/tests/cli/publish_keys.txt"
if [ "${HOTSPOTS_KEYS_UPDATE:-}" = 1 ]; then cp "$tmp/keys.txt" "$want"; echo "wrote $want"; exit 0; fi
if ! diff "$want" "$tmp/keys.txt" > "$tmp/diff"; then
  echo "metadata keys published that the list does not hold (>), or that it holds and are no longer published (<):"
  cat "$tmp/diff"
  fail "the published metadata's keys changed: declare each new key's role (steps' StepInfo::metadata) and review tests/cli/publish_keys.txt"
fi
echo "publish keys: $(wc -l < "$want") keys of $(( ${#runs[@]} + 1 )) published runs as listed"
