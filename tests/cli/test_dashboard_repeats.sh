#!/usr/bin/env bash
# dashboard --repeat-key (issue 28): repeat victims (the sample export's address key, and its
# planted victim and caller keys: sample_data/truth/repeat_keys.csv) per theme for the 12 months
# and the last 4 weeks equal a groupby made here with Python's csv module; the keys are never
# written; --publish keeps no count below 5.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
cat > "$tmp/themes.toml" << 'EOF'
[[theme]]
name = "Residential burglary"
types = ["Burglary - residential"]

[[theme]]
name = "Domestic abuse"
where = ["domestic=Y"]

[[theme]]
name = "ASB"
categories = ["anti-social-behaviour"]
EOF
for key in address_ref victim_key caller_key; do
args=(sample_data/police_export.csv --crs EPSG:27700 --areas sample_data/areas/wards.geojson,as=ward --themes "$tmp/themes.toml"
        --month 2024-12 --repeat-key "$key")
  "$bin" dashboard "${args[@]}" --repeats "$tmp/repeats.csv" -o "$tmp/board.csv" -q > /dev/null 2> "$tmp/err" ||
    fail "dashboard --repeat-key: $(cat "$tmp/err")"
  "$bin" map sample_data/police_export.csv --crs EPSG:27700 --areas sample_data/areas/wards.geojson,as=ward \
    -o "$tmp/mapped.csv" -q || fail "map"
  $py - "$tmp" "$key" << 'EOF' || fail "$key: repeat figures differ from the python groupby"
import csv, sys, datetime, collections
tmp, key = sys.argv[1], sys.argv[2]
ward = {r["id"]: r["ward_code"] for r in csv.DictReader(open(f"{tmp}/mapped.csv"))}
rules = {"residential-burglary": lambda r: r["offence"] == "Burglary - residential",
         "domestic-abuse": lambda r: r["domestic"] == "Y",
         "asb": lambda r: r["offence"].startswith("Anti-social behaviour")}
periods = {"12m": (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
           "4w": (datetime.date(2024, 12, 4), datetime.date(2024, 12, 31))}
rows = [r for r in csv.DictReader(open("sample_data/police_export.csv")) if ward.get(r["crime_ref"])]
got = {(r["theme"], r["period"]): r for r in csv.DictReader(open(f"{tmp}/repeats.csv"))}
for theme, rule in rules.items():
    mine = [(r[key].strip(), datetime.date.fromisoformat(r["committed_from"][:10]), i)
            for i, r in enumerate(rows) if rule(r)]
    by_key = collections.defaultdict(list)
    for k, d, i in mine:
        if k:
            by_key[k].append((d, i))
    for name, (a, b) in periods.items():
        inside = [(k, d, i) for k, d, i in mine if a <= d <= b]
        keyed = [(k, d, i) for k, d, i in inside if k]
        per_key = collections.Counter(k for k, _, _ in keyed)
        def repeats(days):
            n = 0
            for k, d, i in keyed:
                n += any(0 <= (d - e).days <= days and (e, j) < (d, i) for e, j in by_key[k])
            return n
        want = {"incidents": len(keyed), "victims": len(per_key), "repeat_victims": sum(1 for v in per_key.values() if v >= 2),
                "repeats_28d": repeats(28), "repeats_365d": repeats(365), "without_key": len(inside) - len(keyed)}
        g = got[(theme, name)]
        for col, v in want.items():
            assert int(g[col]) == v, (theme, name, col, g[col], v)
        if want["victims"]:
            assert abs(float(g["repeat_victim_share"]) - want["repeat_victims"] / want["victims"]) < 1e-12
        assert (g["first_day"], g["last_day"]) == (a.isoformat(), b.isoformat())
        print(key, theme, name, {k: g[k] for k in ("victims", "repeat_victims", "repeats_28d", "repeats_365d")})
# The keys never reach an output.
keys = {r[key] for r in rows if r[key]}
text = open(f"{tmp}/repeats.csv").read() + open(f"{tmp}/board.csv").read()
assert not any(k in text for k in keys), "a key was written"
EOF
done
args=(sample_data/police_export.csv --crs EPSG:27700 --areas sample_data/areas/wards.geojson,as=ward --themes "$tmp/themes.toml"
      --month 2024-12 --repeat-key address_ref)
"$bin" dashboard "${args[@]}" --repeats "$tmp/pub.csv" -o "$tmp/pub_board.csv" --publish -q > /dev/null 2> "$tmp/err" ||
  fail "dashboard --repeat-key --publish: $(cat "$tmp/err")"
$py - "$tmp" << 'EOF' || fail "a published repeat count below the threshold"
import csv, sys
for r in csv.DictReader(open(f"{sys.argv[1]}/pub.csv")):
    for c in ("incidents", "victims", "repeat_victims", "repeats_28d", "repeats_365d", "without_key"):
        v = r[c]
        assert not v.isdigit() or int(v) == 0 or int(v) >= 5, (r["theme"], r["period"], c, v)
EOF
"$bin" dashboard "${args[@]}" -o "$tmp/x.csv" -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "give --repeats" "$tmp/err" || fail "--repeat-key without --repeats: $(cat "$tmp/err")"
echo ok
