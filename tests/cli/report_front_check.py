#!/usr/bin/python3
"""Checks a pack report's front page (docs/report.md "Front page") against the pack's own files,
recomputing each figure independently of the engine (GDAL's OGR for the overlaps, scipy's exact
binomial test, Benjamini-Hochberg written here).

  report_front_check.py PACK_FOLDER REPORT.html [DOM.html]

For each theme: its lead is on the front page, before any map (in the page, and in the DOM
Chromium rendered when DOM.html is given); the top hotspots are the first rows of the theme's
first hotspot layer, with their label and incidents; the earlier period's incidents, change and
class equal those recomputed from the two hotspot layers; the areas listed as changed are
exactly those whose direction is increase or decrease; the board's first line is the area of
the highest 12-month rate with its rank "N of M" and its count; a part the theme's steps did
not make says so in one line. Exits 1 listing every difference."""
import csv
import html.parser
import json
import math
import os
import re
import sys
from datetime import date

from osgeo import ogr
from scipy.stats import binomtest

ogr.UseExceptions()
folder, report = sys.argv[1], sys.argv[2]
dom = sys.argv[3] if len(sys.argv) > 3 else None
problems = []
m = json.load(open(os.path.join(folder, "manifest.json")))
page = open(report, encoding="utf-8").read()


class Lead(html.parser.HTMLParser):
    """Each lead's hotspot rows, changed areas and board lines, as text."""

    def __init__(self):
        super().__init__()
        self.leads, self.cur, self.row, self.cell, self.li, self.table = {}, None, None, None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div" and (a.get("id") or "").startswith("lead-"):
            self.cur = self.leads.setdefault(a["id"][5:], {"hotspots": [], "changed": [], "board": [], "text": ""})
        if self.cur is None:
            return
        if tag == "table":
            self.table = a.get("class", "")
        if tag == "tr":
            self.row = []
        if tag in ("td", "th"):
            self.cell = ""
        if tag == "li":
            self.li = {"area": a.get("data-area"), "text": ""}

    def handle_endtag(self, tag):
        if self.cur is None:
            return
        if tag in ("td", "th") and self.row is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        if tag == "tr" and self.row is not None:
            if "lead-hotspots" in (self.table or "") and self.row and self.row[0] != "hotspot":
                self.cur["hotspots"].append(self.row)
            if "lead-change" in (self.table or "") and self.row and self.row[0] != "name":
                self.cur["changed"].append(self.row[0])
            self.row = None
        if tag == "li" and self.li:
            self.cur["board"].append(self.li)
            self.li = None
        if tag == "table":
            self.table = None

    def handle_data(self, d):
        if self.cur is not None:
            self.cur["text"] += d
        if self.cell is not None:
            self.cell += d
        if self.li is not None:
            self.li["text"] += d


def front_of(text):
    start = text.find('<section class="page front"')
    return text[start:text.find("</section>", start)] if start >= 0 else ""


def days(period):
    a, b = period.split("..")
    return (date.fromisoformat(b) - date.fromisoformat(a)).days + 1


def layer(name):
    ds = ogr.Open(os.path.join(folder, "pack.gpkg"))
    lyr = ds.GetLayerByName(name)
    return [(f.GetField("label"), f.GetField("incidents"), f.GetGeometryRef().Clone()) for f in lyr]


def interiors_meet(a, b):
    """Shared area, not a shared edge: the intersection of two cell-made polygons may be a line."""
    i = a.Intersection(b)
    return i is not None and i.GetDimension() == 2 and i.GetArea() > 0


def bh(p):
    n, order = len(p), sorted(range(len(p)), key=lambda i: p[i])
    out, best = [0.0] * n, 1.0
    for r in range(n - 1, -1, -1):
        best = min(best, p[order[r]] * n / (r + 1))
        out[order[r]] = best
    return out


def expected_hotspots(theme):
    """[(label, incidents, before text, class)] of the theme's first hotspot layer, or None."""
    runs = [s for s in m["steps"] if s["theme"] == theme and s["run"] == "kde" and not s.get("skipped")]
    if not runs:
        return None
    now = runs[0]
    lay = lambda s: f"{theme}_{s['name'].replace('-', '_')}_hotspots"
    cur = layer(lay(now))
    start = now["parameters"]["period"].split("..")[0]
    earlier = [s for s in runs[1:] if s["parameters"]["period"].split("..")[1] < start]
    if not earlier:
        return [(l, str(n), None, None) for l, n, _ in cur]
    then = max(earlier, key=lambda s: s["parameters"]["period"].split("..")[1])
    old = layer(lay(then))
    dn, db = days(now["parameters"]["period"]), days(then["parameters"]["period"])
    out, tested = [], []
    for l, n, g in cur:
        hits = [int(o) for _, o, h in old if interiors_meet(g, h)]
        if not hits:
            out.append([l, str(n), "\u2013", "new"])
            continue
        before = sum(hits)
        p = binomtest(int(n), int(n) + before, dn / (dn + db)).pvalue
        tested.append((len(out), p, int(n) / dn > before / db))
        out.append([l, str(n), str(before), None])
    for (k, _, up), q in zip(tested, bh([p for _, p, _ in tested])):
        out[k][3] = "persistent" if q >= 0.05 else "intensifying" if up else "diminishing"
    return out


def read_csv(path):
    return list(csv.DictReader(open(os.path.join(folder, path), encoding="utf-8")))


def output(theme, run, role):
    for o in m["outputs"]:
        s = next((s for s in m["steps"] if s["theme"] == theme and s["name"] == o.get("step")), None)
        if o.get("theme") == theme and s and s["run"] == run and o.get("role") == role and o["file"].endswith(".csv"):
            return o["file"]
    return None


front = front_of(page)
p = Lead()
p.feed(front)
first_map = page.find('<div class="map"')
for t in m["themes"]:
    name = t["name"]
    lead = p.leads.get(name)
    if lead is None:
        problems.append(f"{name}: no lead on the front page")
        continue
    if first_map >= 0 and page.find(f'id="lead-{name}"') > first_map:
        problems.append(f"{name}: the lead comes after the first map")
    want = expected_hotspots(name)
    if want is None:
        if "Ranked hotspots:" not in lead["text"]:
            problems.append(f"{name}: no hotspot step, and no line saying so")
    else:
        if not lead["hotspots"]:
            problems.append(f"{name}: no hotspot listed")
        for k, row in enumerate(lead["hotspots"]):
            w = want[k]
            got = [row[0], row[1]] + ([row[2], row[4]] if w[2] is not None else [])
            exp = [w[0], w[1]] + ([w[2], w[3]] if w[2] is not None else [])
            if got != exp:
                problems.append(f"{name}: hotspot {k + 1} is {got}, recomputed {exp}")
        if len(lead["hotspots"]) != min(5, len(want)):
            problems.append(f"{name}: {len(lead['hotspots'])} hotspots listed, of {len(want)}")
    change = output(name, "change", "units")
    if change:
        sig = {r["name"] for r in read_csv(change) if r["direction"] in ("increase", "decrease")}
        if set(lead["changed"]) != sig or (not sig and "None: no" not in lead["text"]):
            problems.append(f"{name}: changed areas {sorted(lead['changed'])}, the change table's {sorted(sig)}")
    elif "Change by area:" not in lead["text"]:
        problems.append(f"{name}: no change step, and no line saying so")
    board = output(name, "dashboard", "board")
    if board:
        rows = read_csv(board)
        rate = next(k for k in rows[0] if k.endswith("_rate_12m"))
        key = rate[: -len("rate_12m")]
        top = max(rows, key=lambda r: float(r[rate]))
        first = lead["board"][0] if lead["board"] else {"area": None, "text": ""}
        line = re.sub(r"\s+", " ", first["text"])
        for part in (top["area_name"], f"rank {top[key + 'rank_12m']} of {top[key + 'rank_12m_of']}",
                     f"{top[key + '12m']} crimes in the last 12 months", f"{float(top[rate]):.1f} per 1,000"):
            if part not in line:
                problems.append(f"{name}: the board's first line {line!r} does not say {part!r}")
    elif "board's lines: no step of this theme makes them" not in lead["text"]:
        problems.append(f"{name}: no board, and no line saying so")

if dom:
    d = open(dom, encoding="utf-8").read()
    found = re.search(r'<div[^>]*class="map[^"]*leaflet-container', d)
    leaflet = found.start() if found else -1
    for t in m["themes"]:
        at = d.find(f'id="lead-{t["name"]}"')
        if at < 0 or (leaflet >= 0 and at > leaflet):
            problems.append(f"{t['name']}: in the rendered page the lead is missing or after the first map")
    if leaflet < 0:
        problems.append("the rendered page has no map")

for x in problems:
    print("FRONT:", x)
print(f"front page: {len(p.leads)} leads checked" + (" (and the rendered DOM)" if dom else ""))
sys.exit(1 if problems else 0)
