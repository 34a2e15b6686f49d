#!/usr/bin/env bash
# dashboard --publish with issue 28's columns: the financial year's counts, the seasons' weekly
# counts and the outcome groups' counts are protected as the board's are, and no new column
# (a change, a share, a total of groups, a sentence) gives a hidden count back.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
cat > "$tmp/themes.toml" << 'EOF'
[[theme]]
name = "Knife crime"
where = ["knife_enabled=Y"]

[[theme]]
name = "Residential burglary"
types = ["Burglary - residential"]
EOF
args=(sample_data/police_export.csv --crs EPSG:27700 --areas sample_data/areas/wards.geojson,as=ward
      --themes "$tmp/themes.toml" --month 2024-12 --population sample_data/ward_population.csv --financial-year
      --season summer=W22-W35)
for kind in open pub; do
  extra=(); [ $kind = pub ] && extra=(--publish)
  "$bin" dashboard "${args[@]}" -o "$tmp/$kind.csv" --weekly "$tmp/${kind}_weekly.csv" "${extra[@]}" -q > /dev/null \
    2> "$tmp/err" || fail "dashboard $kind: $(cat "$tmp/err")"
  "$bin" dashboard sample_data/police_uk --areas sample_data/areas/wards.geojson,as=ward --themes all --month 2024-12 \
    --outcome-column "Last outcome category" --outcomes "$tmp/${kind}_outcomes.csv" -o "$tmp/${kind}_b.csv" \
    "${extra[@]}" -q > /dev/null 2> "$tmp/err" || fail "dashboard outcomes $kind: $(cat "$tmp/err")"
done
$py - "$tmp" << 'EOF' || fail "a published new column gives a hidden count back"
import csv, sys, collections
d = sys.argv[1]
def num(v):
    try: return float(v)
    except ValueError: return None
# The board's year to date.
open_rows = {(r["area_code"], r["theme"]): r for r in csv.DictReader(open(f"{d}/open.csv"))}
hidden = 0
for r in csv.DictReader(open(f"{d}/pub.csv")):
    o = open_rows[(r["area_code"], r["theme"])]
    a, b = num(r["count_fytd"]), num(r["count_fytd_before"])
    for c, v in (("count_fytd", a), ("count_fytd_before", b)):
        if v is None:
            hidden += 1
            assert r[c] != "" or o[c] == "", (r["area_code"], c, "a hidden count left blank, not marked")
        else:
            assert v == float(o[c])
    if a is None or b is None:
        assert r["change_fytd"] == "" and r["change_fytd_pct"] == "" and r["text_fytd"] == "", (r["area_code"], r["theme"])
    if a is None:
        assert r["rate_fytd"] == ""
assert hidden > 0, "nothing hidden: the test shows nothing"
# The weekly counts: shown ones are the open ones, none below the threshold.
open_weeks = {(r["area_code"], r["theme"], r["week"]): r["count"] for r in csv.DictReader(open(f"{d}/open_weekly.csv"))}
shown = marked = 0
for r in csv.DictReader(open(f"{d}/pub_weekly.csv")):
    v = num(r["count"])
    if v is None:
        marked += r["count"] != ""
        continue
    assert v == float(open_weeks[(r["area_code"], r["theme"], r["week"])])
    assert v == 0 or v >= 5, ("a weekly count below the threshold", r)
    shown += 1
assert marked > 0, "no weekly count hidden"
# Outcomes: a share only beside published counts. A count below the threshold ("<5") never
# comes back as crimes less the shown groups, nor as the positive total less the other
# positive group (a secondary "x" may: it is hidden to protect the small ones, and the audit
# checks they keep their values open, docs/publish.md).
cells = collections.defaultdict(dict)
for r in csv.DictReader(open(f"{d}/pub_outcomes.csv")):
    key = (r["area_code"], r["theme"], r["period"])
    cells[key][r["outcome_group"]] = r
    if num(r["count"]) is None or num(r["crimes"]) is None:
        assert r["share"] == "", r
groups = list(dict.fromkeys(r["group"] for r in csv.DictReader(open("docs/outcome-groups.csv"))))
small = 0
for key, rows in cells.items():
    marker = {g: rows[g]["count"] for g in groups}
    hidden = [g for g, v in marker.items() if num(v) is None]
    small += sum(1 for g in hidden if marker[g].startswith("<"))
    crimes_shown = any(num(r["crimes"]) is not None for r in rows.values())
    if crimes_shown and len(hidden) == 1 and marker[hidden[0]].startswith("<"):
        raise AssertionError((key, "crimes less the shown groups gives", hidden))
    pos_hidden = [g for g in ("charged or summonsed", "out-of-court disposal") if num(marker[g]) is None]
    if num(rows["positive outcome"]["count"]) is not None and len(pos_hidden) == 1 and marker[pos_hidden[0]].startswith("<"):
        raise AssertionError((key, "the positive total less the other gives", pos_hidden))
assert small > 0, "no outcome count below the threshold: the test shows nothing"
EOF
echo ok
