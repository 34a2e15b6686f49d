"""The sample data with an attacker's text in every value that reaches an output: script
payloads for the report (HTML text and attributes, popups, JSON in script) and formulas for
spreadsheets. Used by test_report_inject.sh and test_csv_inject.sh.

    inject_data.py SAMPLE_DATA OUT

writes into OUT: the incidents (streets, offences, address and crime references), wards and
boroughs (names), a population table, addresses, street lights, a dashboard themes file and a pack file, several of
them under file names that are payloads themselves, and names.json (what each file is called,
the payload labels, and which marker number stands for which field).

Each payload carries a marker number n: an element it would inject has id "pwN", and code it
would run sets data-pwned="N" on the page, so a failure says which field leaked.
"""
import csv
import json
import os
import sys

sample, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)

FIELDS = {
    10: "street (location) of an incident",
    11: "crime type (offence) of an incident, a dashboard theme's name and key",
    12: "address reference of an incident",
    13: "crime reference of an incident",
    20: "ward name in the boundary file",
    21: "borough name in the boundary file",
    30: "as= label of a command's --areas layer",
    31: "as label of a pack's [[areas]]",
    40: "pack title",
    41: "theme title",
    50: "incident file name",
    51: "boundary file name",
    52: "population file name",
    53: "rejects file name",
    60: "marking",
    70: "street light name (its id)",
}


def act(n):
    return f"document.documentElement.dataset.pwned={n}"


def payloads(n, slash=True):
    """Every way out of a context, each marked n; without '/' (for file names) when slash is False."""
    p = [
        f"<img src=x id=pw{n} onerror={act(n)}>",
        f"\"><svg id=pw{n} onload={act(n)}>",
        f"'><b id=pw{n} onmouseover={act(n)}>",
        f"@SUM(1+1)*pw{n}",
    ]
    if slash:
        p += [
            f"</script><script id=pw{n}>{act(n)}</script>",
            f"<!--<script id=pw{n}>{act(n)}</script>",
            f"javascript:{act(n)}//pw{n}",
            f"=HYPERLINK(\"http://127.0.0.1:9/pw{n}\";\"pw{n}\")",
        ]
    return p


def one(n, k=0, slash=True):
    p = payloads(n, slash)
    return p[k % len(p)]


# Incidents: every street and address reference carries a payload (cycling through them, so
# that each kind reaches hotspot labels, popups and tables), one row in twenty an unknown
# offence that is a payload (kept as the raw crime type), every crime reference one.
rows = list(csv.DictReader(open(f"{sample}/police_export.csv", newline="")))
streets = sorted({r["street"] for r in rows})
street_of = {s: f"{one(10, k)} {s}" for k, s in enumerate(streets)}
refs = sorted({r["address_ref"] for r in rows if r["address_ref"]})
ref_of = {a: f"{one(12, k)}{a}" for k, a in enumerate(refs)}
for k, r in enumerate(rows):
    r["street"] = street_of[r["street"]]
    if r["address_ref"]:
        r["address_ref"] = ref_of[r["address_ref"]]
    if k % 20 == 7:
        r["offence"] = one(11, k // 20)
    r["crime_ref"] = f"{one(13, k)}{r['crime_ref']}"
incidents = f"{one(50, 0, False)}.csv"
with open(f"{out}/{incidents}", "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    w.writeheader()
    w.writerows(rows)
# A row that is rejected, so that the rejects file is written and named on the front page.
with open(f"{out}/{incidents}", "a", newline="") as f:
    csv.writer(f).writerow(["SX999999", "Burglary - residential", "not a date", "", "1", "1", "", "x", "N", "N"])

# Wards and boroughs: payload names (codes kept, so the population still joins); the wards
# under a payload file name.
wards_file = f"{one(51, 1, False)}.geojson"
for src, dst, n in (("wards", wards_file, 20), ("boroughs", "boroughs.geojson", 21)):
    layer = json.load(open(f"{sample}/areas/{src}.geojson"))
    for k, feat in enumerate(layer["features"]):
        feat["properties"]["name"] = f"{one(n, k)} {feat['properties']['name']}"
    json.dump(layer, open(f"{out}/{dst}", "w"))
ward_names = {f["properties"]["code"]: f["properties"]["name"] for f in json.load(open(f"{out}/{wards_file}"))["features"]}
population = f"{one(52, 2, False)}.csv"
with open(f"{out}/{population}", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["code", "name", "borough_code", "population"])
    for r in csv.DictReader(open(f"{sample}/ward_population.csv", newline="")):
        w.writerow([r["code"], ward_names[r["code"]], r["borough_code"], r["population"]])

# Addresses (their references as in the incidents) and street lights with payload names.
with open(f"{out}/addresses.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["address_ref", "street", "easting", "northing"])
    for r in csv.DictReader(open(f"{sample}/addresses.csv", newline="")):
        w.writerow([ref_of.get(r["address_ref"], r["address_ref"]), street_of.get(r["street"], r["street"]), r["easting"],
                    r["northing"]])
with open(f"{out}/lights.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["light_id", "street", "easting", "northing"])
    for k, r in enumerate(csv.DictReader(open(f"{sample}/street_lights.csv", newline=""))):
        w.writerow([f"{one(70, k)} {r['light_id']}", r["street"], r["easting"], r["northing"]])

# A dashboard themes file: a theme of the payload crime type (and the commonest categories,
# so that it leads the board and its chart), named and keyed by it.
offence = one(11, 0)
open(f"{out}/themes.toml", "w").write(f"""[[theme]]
name = "Burglary"
categories = ["burglary"]

[[theme]]
name = {json.dumps(offence)}
key = {json.dumps(offence)}
types = [{json.dumps(offence)}]
categories = ["violent-crime", "anti-social-behaviour"]
""")

# Labels: a command's as= (no comma: the spec is split at commas) and a pack's as.
command_label = one(30, 0)
pack_label = one(31, 1)


def toml(s):
    return json.dumps(s)  # a JSON string is a TOML basic string


pack = f"""title = {toml("Pack " + one(40, 0))}
month = "2024-12"
period = "last 3 months"

[inputs]
files = [{toml(incidents)}]
crs = "EPSG:27700"
date = "committed_from"
date-to = "committed_to"
type = "offence"
id = "crime_ref"
location = "street"

[[areas]]
path = {toml(wards_file)}
as = {toml(pack_label)}

[[areas]]
path = "boroughs.geojson"
as = "borough"

[[theme]]
name = "burglary"
title = {toml("Burglary " + one(41, 1))}
crime-type = ["burglary"]

[[theme]]
name = "violence"
title = {toml("Violence " + one(41, 4))}
crime-type = ["violent-crime"]

[[step]]
run = "kde"
bandwidth = 300
cell = 50

[[step]]
run = "gistar"
period = "last 12 months"
per = {toml(pack_label)}

[[step]]
run = "change"
per = {toml(pack_label)}

[[step]]
run = "repeats"
themes = ["burglary"]
period = "last 12 months"
by = "address_ref"

[[step]]
run = "cocoon"
themes = ["burglary"]
since = "last 28 days"
addresses = "addresses.csv"

[[step]]
run = "trend"
themes = ["burglary"]
period = "last 24 months"
per = {toml(pack_label)}
step = "quarter"

[[step]]
run = "dashboard"
themes = ["burglary", "violence"]
period = "last 24 months"
per = {toml(pack_label)}
population = {toml(population)}
"""
open(f"{out}/pack.toml", "w").write(pack)

json.dump({"incidents": incidents, "wards": wards_file, "population": population,
           "rejects": f"{one(53, 3, False)}.csv", "marking": "OFFICIAL " + one(60, 0),
           "command_label": command_label, "pack_label": pack_label, "fields": FIELDS},
          open(f"{out}/names.json", "w"), indent=1)
