#!/usr/bin/env bash
# dashboard --outcome-column (issue 28): outcome groups' counts and shares per ward, theme and
# period on the sample's data.police.uk files equal a count made here with Python's csv module
# (each row's ward from map, joined by file and row); an edited groups table regroups; a bad
# one stops the run naming its row.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
wards=(--areas sample_data/areas/wards.geojson,as=ward)
run() {  # OUT [options...]
  local out=$1
  shift
  "$bin" dashboard sample_data/police_uk "${wards[@]}" --themes all --month 2024-12 --financial-year \
    --outcome-column "Last outcome category" --outcomes "$tmp/$out" -o "$tmp/board.csv" "$@" -q > /dev/null 2> "$tmp/err" ||
    fail "dashboard outcomes: $(cat "$tmp/err")"
}
run outcomes.csv
"$bin" map sample_data/police_uk "${wards[@]}" -o "$tmp/mapped.csv" -q || fail "map"
sed 's/^Local resolution,out-of-court disposal,yes$/Local resolution,community resolution,yes/' docs/outcome-groups.csv \
  > "$tmp/groups.csv"
grep -q "community resolution" "$tmp/groups.csv" || fail "cannot edit the groups table"
run edited.csv --outcome-groups "$tmp/groups.csv"
$py - "$tmp" << 'EOF' || fail "outcomes differ from the reference"
import csv, sys, gzip, glob, os, collections
tmp = sys.argv[1]
ward = {(r["source_file"], r["source_row"]): r["ward_code"] for r in csv.DictReader(open(f"{tmp}/mapped.csv"))}
def groups(path):
    rows = list(csv.DictReader(open(path)))
    return {r["category"].lower(): r["group"] for r in rows}, {r["group"] for r in rows if r["positive"] == "yes"}
periods = {"3m": ("2024-10", "2024-12"), "3m_before": ("2023-10", "2023-12"), "12m": ("2024-01", "2024-12"),
           "12m_before": ("2023-01", "2023-12"), "fytd": ("2024-04", "2024-12"), "fytd_before": ("2023-04", "2023-12")}
def check(out, table):
    group, positive = groups(table)
    n = collections.Counter()
    for f in sorted(glob.glob("sample_data/police_uk/*.csv.gz")):
        for i, r in enumerate(csv.DictReader(gzip.open(f, "rt")), 1):
            w = ward.get((os.path.basename(f), str(i)), "")
            if not w:
                continue
            o = r["Last outcome category"].strip()
            g = group[o.lower()] if o else "no outcome recorded"
            for p, (a, b) in periods.items():
                if a <= r["Month"] <= b:
                    for c in (w, "all"):
                        n[(c, p, g)] += 1
    rows = list(csv.DictReader(open(f"{tmp}/{out}")))
    assert {r["period"] for r in rows} == set(periods)
    checked = 0
    for r in rows:
        c, p, g = r["area_code"], r["period"], r["outcome_group"]
        assert (r["first_month"], r["last_month"]) == periods[p]
        crimes = sum(v for (cc, pp, gg), v in n.items() if cc == c and pp == p and gg != "no outcome recorded")
        want = sum(n[(c, p, x)] for x in positive) if g == "positive outcome" else n[(c, p, g)]
        assert int(r["count"]) == want, (out, c, p, g, r["count"], want)
        if g != "no outcome recorded":
            assert int(r["crimes"]) == crimes and abs(float(r["share"]) - want / crimes) < 1e-12, (out, c, p, g)
        checked += 1
    assert checked > 1000 and any(r["outcome_group"] == "no outcome recorded" and int(r["count"]) for r in rows)
    return rows
check("outcomes.csv", "docs/outcome-groups.csv")
edited = check("edited.csv", f"{tmp}/groups.csv")
assert any(r["outcome_group"] == "community resolution" and int(r["count"]) > 0 for r in edited)
EOF

# The built-in groups are docs/outcome-groups.csv's.
run given.csv --outcome-groups docs/outcome-groups.csv
cmp -s "$tmp/outcomes.csv" "$tmp/given.csv" || fail "the built-in groups differ from docs/outcome-groups.csv"
# A category missing from the table is said, and counted apart.
grep -v '^Local resolution,' docs/outcome-groups.csv > "$tmp/short_groups.csv"
run short.csv --outcome-groups "$tmp/short_groups.csv"
grep -q "not in the groups table ('Local resolution' ([0-9]*))" "$tmp/err" || fail "unmapped category not said: $(cat "$tmp/err")"
grep -q ",not in the table," "$tmp/short.csv" || fail "no 'not in the table' rows"
# A bad table stops before reading, naming its row.
sed 's/^Local resolution,out-of-court disposal,yes$/Local resolution,out-of-court disposal,maybe/' docs/outcome-groups.csv \
  > "$tmp/bad.csv"
"$bin" dashboard sample_data/police_uk "${wards[@]}" --outcome-column "Last outcome category" --outcomes "$tmp/x.csv" \
  --outcome-groups "$tmp/bad.csv" -o "$tmp/x_board.csv" -q > /dev/null 2> "$tmp/err"
[ $? -ne 0 ] && grep -q "row 20: positive is yes or no" "$tmp/err" || fail "bad groups table: $(cat "$tmp/err")"
[ -e "$tmp/x.csv" ] && fail "a partial outcomes table was left"
"$bin" dashboard sample_data/police_uk "${wards[@]}" --outcome-column "Last outcome category" -o "$tmp/y.csv" -q \
  > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "give --outcomes" "$tmp/err" || fail "--outcome-column without --outcomes: $(cat "$tmp/err")"
echo ok
