#!/usr/bin/env bash
# --publish makes every rate, interval, change and rank again from the published counts (the
# columns' declared derivations, docs/publish.md), and a text only where every count it states
# is published: checked here, on the sample's dashboard, against an independent computation
# from the published table and against the same run unpublished.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
cat > "$tmp/themes.toml" << 'EOF'
[[theme]]
name = "Residential burglary"
types = ["Burglary - residential"]
minor = ["Burglary - residential"]

[[theme]]
name = "Violence with injury"
types = ["Assault ABH"]
minor = ["Assault ABH"]
EOF
args=(sample_data/police_export.csv --crs EPSG:27700 --areas sample_data/areas/wards.geojson,as=ward
      --areas sample_data/areas/boroughs.geojson,as=borough --per ward --themes "$tmp/themes.toml" --month 2024-12
      --population sample_data/ward_population.csv)
"$bin" dashboard "${args[@]}" -o "$tmp/open.csv" -q > /dev/null 2> "$tmp/err" || fail "dashboard: $(cat "$tmp/err")"
"$bin" dashboard "${args[@]}" -o "$tmp/pub.csv" --publish -q > /dev/null 2> "$tmp/err" || fail "dashboard --publish: $(cat "$tmp/err")"
$py - "$tmp" << 'EOF' || fail "the published board's derived figures"
import csv, math, sys
d = sys.argv[1]
open_rows = {(r["area_code"], r["theme"]): r for r in csv.DictReader(open(f"{d}/open.csv"))}
pub = list(csv.DictReader(open(f"{d}/pub.csv")))
assert len(pub) == len(open_rows) > 0
def n(v):
    try: return float(v)
    except ValueError: return None
hidden_cells = texts_kept = texts_withheld = rates = 0
for r in pub:
    o = open_rows[(r["area_code"], r["theme"])]
    pop = n(r["population"])
    for span in ("3m", "3m_before", "12m", "12m_before"):
        c = n(r[f"count_{span}"])
        if c is None:
            hidden_cells += r[f"count_{span}"] in ("x", "<5")
            for s in ("", "_low", "_high"):
                assert r[f"rate_{span}{s}"] == "", (r["area_name"], span, "a rate beside a hidden count")
            continue
        assert c == float(o[f"count_{span}"])
        if pop:
            rate = n(r[f"rate_{span}"])
            assert rate is not None and math.isclose(rate, c / pop * 1000, rel_tol=1e-9), (r["area_name"], span)
            # The interval made from the published count is the dashboard's own.
            for s in ("_low", "_high"):
                assert math.isclose(n(r[f"rate_{span}{s}"]), float(o[f"rate_{span}{s}"]), rel_tol=1e-9, abs_tol=1e-12), (r["area_name"], span, s)
            rates += 1
    for span in ("3m", "12m"):
        a, b = n(r[f"count_{span}"]), n(r[f"count_{span}_before"])
        if a is None or b is None:
            assert r[f"change_{span}"] == "" and r[f"change_{span}_pct"] == ""
            assert r[f"text_{span}"] == "", (r["area_name"], span, "a text stating a hidden count: " + r[f"text_{span}"])
            texts_withheld += o[f"text_{span}"] != ""
        else:
            assert n(r[f"change_{span}"]) == a - b
            if b > 0: assert math.isclose(n(r[f"change_{span}_pct"]), (a - b) / b * 100, rel_tol=1e-9)
            assert r[f"text_{span}"] == o[f"text_{span}"], (r[f"text_{span}"], o[f"text_{span}"])
            texts_kept += 1
        for p in (f"p_{span}", f"p_{span}_adjusted"):
            assert r[p] == "", "a p-value was published"
# Ranks: competition ranks (1 = lowest) of the published basis within each theme (and group).
def ranks(rows, col):
    v = sorted(n(r[col]) for r in rows if n(r[col]) is not None)
    return {id(r): 1 + sum(1 for x in v if x < n(r[col])) for r in rows if n(r[col]) is not None}
ranked = 0
for span in ("3m", "12m"):
    for when in ("", "_before"):
        for theme in {r["theme"] for r in pub}:
            rows = [r for r in pub if r["theme"] == theme]
            basis = {r[f"rank_basis_{span}"] for r in rows}
            assert len(basis) == 1
            col = f"{basis.pop()}_{span}{when}"
            want = ranks(rows, col)
            for r in rows:
                got = r[f"rank_{span}{when}"]
                if id(r) in want:
                    assert int(got) == want[id(r)], (r["area_name"], span, when, got, want[id(r)])
                    assert int(r[f"rank_{span}{when}_of"]) == len(want)
                    ranked += 1
                else:
                    assert got == "" and r[f"rank_{span}{when}_of"] == "", (r["area_name"], "a rank without its figure")
assert hidden_cells >= 3 and texts_withheld > 0 and texts_kept > 0 and rates > 0 and ranked > 0, (hidden_cells, texts_withheld, texts_kept, rates, ranked)
print(f"{hidden_cells} hidden counts; {rates} rates and {ranked} ranks made again; {texts_kept} texts kept, {texts_withheld} withheld")
EOF
echo ok
