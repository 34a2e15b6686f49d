#!/usr/bin/env bash
# Issue 26 item 1: area codes must name one area each. A layer without a code field whose
# names repeat (Edgware in Barnet and in Harrow) is refused, naming the file, the code and both
# features; unique=FIELD or unique=in:LABEL makes the repeated codes unique ("Edgware
# (Harrow)"), map --summary then has one row per code, and the dashboard joins each to its own
# population (a population table whose names repeat is never joined by name alone).
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
inc=(sample_data/police_export.csv --crs EPSG:27700 -q)
# The sample wards reduced to NAME and DISTRICT, with Ivybridge Road (borough Z09000002)
# renamed Ashcombe, the name of a ward of Z09000001.
ogr2ogr -f GeoJSON "$tmp/named.geojson" sample_data/areas/wards.geojson -dialect SQLite \
  -sql "SELECT geometry, CASE WHEN code = 'Z05000009' THEN 'Ashcombe' ELSE name END AS NAME, borough_code AS DISTRICT FROM wards" \
  || fail "ogr2ogr"

"$bin" map "${inc[@]}" --areas "$tmp/named.geojson" -o "$tmp/m.csv" --summary "$tmp/s.csv" 2> "$tmp/err" && fail "repeated codes accepted"
grep -q "have the same code 'Ashcombe'" "$tmp/err" || fail "no word of the repeated code: $(cat "$tmp/err")"
grep -q "named.geojson: features 0 and 8" "$tmp/err" || fail "the message does not name both features: $(cat "$tmp/err")"
grep -q "unique=FIELD" "$tmp/err" || fail "the message does not say how to make them unique: $(cat "$tmp/err")"
[ -e "$tmp/s.csv" ] && fail "a summary was written"

# The real codes give the reference counts.
"$bin" map "${inc[@]}" --areas sample_data/areas/wards.geojson -o "$tmp/m.csv" --summary "$tmp/ref.csv" || fail "reference map"
check_unique() {  # check_unique KEY [more --areas]: one summary row per code, each with its own counts
  local how=$1
  shift
  "$bin" map "${inc[@]}" --areas "$tmp/named.geojson,as=named,$how" "$@" -o "$tmp/m.csv" --summary "$tmp/u.csv" \
    2> "$tmp/err" || fail "$how: $(cat "$tmp/err")"
  $py - "$tmp/u.csv" "$tmp/ref.csv" "$how" << 'EOF' || fail "$how: summary"
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["layer"] == "named"]
ref = {r["code"]: int(r["incidents"]) for r in csv.DictReader(open(sys.argv[2]))}
codes = [r["code"] for r in rows]
assert len(codes) == len(set(codes)), codes
got = {r["code"]: int(r["incidents"]) for r in rows}
suffix = ("Z09000001", "Z09000002") if sys.argv[3] == "unique=DISTRICT" else ("Westbury", "Middleham")
assert got[f"Ashcombe ({suffix[0]})"] == ref["Z05000001"], got
assert got[f"Ashcombe ({suffix[1]})"] == ref["Z05000009"], got
assert "Ashcombe" not in got and len(rows) == 21, codes
assert got["Birchwood"] == ref["Z05000002"]  # a name used once stays as it is
EOF
}
check_unique unique=DISTRICT
check_unique unique=in:borough --areas sample_data/areas/boroughs.geojson,as=borough

# The dashboard joins populations by name only where a name is one row's: a table with the
# name twice is refused; with unique=, "Ashcombe (Z09000002)" takes the row of that borough.
$py - sample_data/ward_population.csv "$tmp/pop.csv" << 'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["code", "name", "borough", "population"])
    for r in rows:
        w.writerow([r["code"], "Ashcombe" if r["code"] == "Z05000009" else r["name"], r["borough_code"], r["population"]])
EOF
"$bin" dashboard "${inc[@]}" --areas "$tmp/named.geojson,as=ward,unique=DISTRICT" --population "$tmp/pop.csv" \
  -o "$tmp/d.csv" > /dev/null 2> "$tmp/err" || fail "dashboard with unique names: $(cat "$tmp/err")"
$py - "$tmp/d.csv" sample_data/ward_population.csv << 'EOF' || fail "dashboard populations"
import csv, sys
pop = {r["code"]: r["population"] for r in csv.DictReader(open(sys.argv[2]))}
got = {r["area_name"]: r["population"] for r in csv.DictReader(open(sys.argv[1]))}
assert float(got["Ashcombe (Z09000001)"]) == float(pop["Z05000001"]), got
assert float(got["Ashcombe (Z09000002)"]) == float(pop["Z05000009"]), got
EOF
# Codes that are names, and two population rows with one name: refused, never joined to the first.
ogr2ogr -f GeoJSON "$tmp/plain.geojson" sample_data/areas/wards.geojson -dialect SQLite \
  -sql "SELECT geometry, name AS NAME FROM wards" || fail "ogr2ogr"
"$bin" dashboard "${inc[@]}" --areas "$tmp/plain.geojson,as=ward" --population "$tmp/pop.csv" -o "$tmp/d3.csv" \
  > /dev/null 2> "$tmp/err" && fail "a population by a repeated name was joined"
grep -q "2 rows have its name" "$tmp/err" || fail "no word of the repeated population name: $(cat "$tmp/err")"
[ -e "$tmp/d3.csv" ] && fail "a board was written"
echo ok
