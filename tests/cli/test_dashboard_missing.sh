#!/usr/bin/env bash
# Issue 26 items 2 and 3, on the sample: missing data is a month absent from the inputs (or an
# area absent from the count table that gives a month), decided per input; a zero is a zero;
# each rank has its own denominator and the move compares ranks of one set of areas.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
wards=(--areas sample_data/areas/wards.geojson,as=ward)

# 1. A month absent from the inputs (no file for 2023-07) is missing for every ward, whatever
# the theme's counts: burglary (2 or 3 a month a ward) was counted as 0 there.
mkdir "$tmp/uk"
cp sample_data/police_uk/*.csv.gz "$tmp/uk/"
rm "$tmp/uk/2023-07-sample-street.csv.gz"
"$bin" dashboard "$tmp/uk" "${wards[@]}" --crime-type burglary --month 2024-07 -o "$tmp/gap.csv" > /dev/null \
  2> "$tmp/err" || fail "dashboard without 2023-07: $(cat "$tmp/err")"
grep -q "2023-07 is not in the inputs" "$tmp/err" || fail "no word of the absent month: $(cat "$tmp/err")"
$py - "$tmp/gap.csv" << 'EOF' || fail "the absent month was counted"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 21
for r in rows:
    assert r["count_3m_before"] == "" and r["count_12m_before"] == "", r  # 2023-05..07 and 2022-08..2023-07
    assert "2023-07" in r["missing_months"], r
    assert r["count_3m"] != "" and r["count_12m"] != "", r
assert sum(int(r["count_3m"]) for r in rows) > 0
EOF

# 2. A real zero: Underhill (16 incidents in a median month) with none in 2024-06 is 0 in that
# month and in its periods, and on the board; it was taken for missing data.
"$bin" map sample_data/police_export.csv --crs EPSG:27700 --id crime_ref "${wards[@]}" -o "$tmp/mapped.csv" -q ||
  fail "map"
$py - "$tmp/mapped.csv" sample_data/police_export.csv "$tmp/zero.csv" << 'EOF' || fail "cannot make the zero month"
import csv, sys
drop = {r["id"] for r in csv.DictReader(open(sys.argv[1])) if r["ward_name"] == "Underhill" and r["date_from"][:7] == "2024-06"}
assert drop
with open(sys.argv[2]) as f, open(sys.argv[3], "w", newline="") as out:
    rows = csv.reader(f)
    w = csv.writer(out)
    head = next(rows)
    w.writerow(head)
    for r in rows:
        if r[0] not in drop:
            w.writerow(r)
EOF
"$bin" dashboard "$tmp/zero.csv" --crs EPSG:27700 "${wards[@]}" --themes all --month 2024-07 --top 30 \
  -o "$tmp/zero_board.csv" --series "$tmp/zero_series.csv" > "$tmp/page" 2> "$tmp/err" || fail "dashboard: $(cat "$tmp/err")"
grep -q "missing data" "$tmp/err" && fail "a zero month was taken for missing data: $(cat "$tmp/err")"
$py - "$tmp/zero_board.csv" "$tmp/zero_series.csv" "$tmp/mapped.csv" << 'EOF' || fail "Underhill's zero"
import csv, sys
r = next(r for r in csv.DictReader(open(sys.argv[1])) if r["area_name"] == "Underhill")
kept = [m for m in csv.DictReader(open(sys.argv[3])) if m["ward_name"] == "Underhill"]
n = lambda months: sum(1 for m in kept if m["date_from"][:7] in months)
assert r["missing_months"] == "before the data", r["missing_months"]  # 12m_before starts in 2022-08
assert int(r["count_3m"]) == n({"2024-05", "2024-07"}), r["count_3m"]
assert r["rank_3m"] != "" and r["rank_3m_of"] == "21"
s = next(s for s in csv.DictReader(open(sys.argv[2])) if s["area_name"] == "Underhill" and s["month"] == "2024-06")
assert s["count"] == "0" and s["missing"] == "no", s
EOF
grep -q "^Underhill " "$tmp/page" || fail "Underhill is not on the printed board"

# 3. Count tables: a ward that the 2024 table leaves out is missing in 2024, not 0; each rank
# counts its own period's wards, and the move compares ranks among the wards of both periods.
$py - "$tmp/mapped.csv" "$tmp" << 'EOF' || fail "cannot make the tables"
import csv, sys, collections
n = collections.Counter(); names = {}
for r in csv.DictReader(open(sys.argv[1])):
    if r["ward_code"]:
        n[(r["ward_code"], r["date_from"][:4] + r["date_from"][5:7])] += 1
        names[r["ward_code"]] = r["ward_name"]
for year in ("2023", "2024"):
    months = [f"{year}{m:02d}" for m in range(1, 13)]
    with open(f"{sys.argv[2]}/table_{year}.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["area_code", "area_name", "category"] + months)
        for code in sorted(names):
            if year == "2024" and names[code] == "Underhill":
                continue
            w.writerow([code, names[code], "all"] + [n[(code, m)] for m in months])
EOF
"$bin" dashboard "$tmp/table_2023.csv" "$tmp/table_2024.csv" --themes all --month 2024-12 -o "$tmp/t.csv" --top 30 \
  > "$tmp/page" 2> "$tmp/err" || fail "dashboard on the tables: $(cat "$tmp/err")"
grep -q "has no row for 1 area (Underhill)" "$tmp/err" || fail "no word of Underhill's absence: $(cat "$tmp/err")"
$py - "$tmp/t.csv" << 'EOF' || fail "ranks and missing months"
import csv, sys
rows = {r["area_name"]: r for r in csv.DictReader(open(sys.argv[1]))}
u = rows["Underhill"]
assert u["count_3m"] == "" and u["rank_3m"] == "" and u["rank_3m_of"] == "" and u["rank_3m_move"] == "", u
assert "2024-10" in u["missing_months"] and "2024-12" in u["missing_months"]
assert u["count_3m_before"] != "" and u["rank_3m_before_of"] == "21"
others = [r for r in rows.values() if r["area_name"] != "Underhill"]
assert all(r["rank_3m_of"] == "20" and r["rank_3m_before_of"] == "21" for r in others)
# The move: ranks among the 20 wards of both periods (competition ranks by count).
def ranks(key):
    v = {r["area_name"]: int(r[key]) for r in others}
    return {a: 1 + sum(1 for b in v.values() if b < x) for a, x in v.items()}
now, before = ranks("count_3m"), ranks("count_3m_before")
for r in others:
    a = r["area_name"]
    want = "up (worse)" if now[a] > before[a] else "down (better)" if now[a] < before[a] else "same"
    assert r["rank_3m_move"] == want, (a, r["rank_3m_move"], want, before[a], now[a])
    assert int(r["rank_3m"]) == now[a]
EOF
grep -qE "/21 -> [0-9]+/20" "$tmp/page" || fail "the printed ranks do not carry their own denominators: $(head -8 "$tmp/page")"
echo ok
