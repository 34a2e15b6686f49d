#!/usr/bin/python3
"""The attacker of --publish (issue 25, docs/publish.md "Attacked").

Each subcommand reads a published release (PUB) and tries to give back what it hides, with its
own arithmetic (numpy, scipy's HiGHS LP/MILP, GDAL), never the engine's code. The same release
made without --publish (OPEN) holds the truth: it tells which hidden cells are real small counts
(so an attack that finds nothing has a target) and whether what the attacker recovered is right.
Exit 1 with the leaks listed when an attack recovers anything; 0 otherwise.

  publish_attack.py texts    PUB_BOARD OPEN_BOARD N         route 1: numbers in texts
  publish_attack.py scan     PUB OPEN N                     route 2: small counts anywhere
  publish_attack.py zscores  PUB.gpkg OPEN.gpkg N           route 3: Gi* z-scores as a linear system
  publish_attack.py pvalues  PUB OPEN N                     route 5: p-values inverted by enumeration
  publish_attack.py intervals SPEC.json                     route 6 (and differencing): LP and MILP
  publish_attack.py embedded REPORT.html PLANTED...         route 7: a report embeds a planted file
  publish_attack.py rows     PUB OPEN N STREETS            route 8: places and dates in hidden rows
  publish_attack.py short    PUB OPEN METRES N             figures of street segments shorter than METRES
  publish_attack.py metadata PUB OPEN N                     route 9: exact counts in metadata
  publish_attack.py cellkey  PUB1 PUB2 N                    differencing two cell-key releases
  publish_attack.py surface  ...                            route 4: blobs and differences of surfaces
  publish_attack.py front    PUB_REPORT OPEN_REPORT PUB OPEN N  route 12: the report's front page
  publish_attack.py riskfit  PUB OPEN N                     route 13: risk's model fit over its cell table
  publish_attack.py means    PUB.csv OPEN.csv N             route 14: back-tests' mean hit rates in metadata
  publish_attack.py withheld PUB OPEN                       route 15: a figure withheld by its key, under another key
  publish_attack.py totals   PUB OPEN N COLUMN              route 16: metadata figures over a table's hidden counts
  publish_attack.py total    PUB REPORT.html INPUT.csv N    routes 17, 19: a hidden step count from its input's rows (REPORT - : none)
  publish_attack.py backtestN PUB OPEN THEME CODES N        route 18: a back-test's N against a board of its mask's areas
  publish_attack.py pairs    PUB INPUT.csv N                route 20: a hidden step count from its number of pairs
  publish_attack.py keys     ROOT                           every metadata key of each run folder under ROOT
"""
import collections
import csv
import json
import math
import os
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.stats import binom

csv.field_size_limit(1 << 30)
leaks = []


def leak(msg):
    leaks.append(msg)


def finish(what, info=""):
    if info:
        print(f"{what}: {info}")
    if leaks:
        print(f"{what}: {len(leaks)} LEAKS")
        for m in leaks[:40]:
            print("  LEAK:", m)
        if len(leaks) > 40:
            print(f"  ... and {len(leaks) - 40} more")
        sys.exit(1)
    print(f"{what}: nothing recovered")


def hidden(v, n):
    return isinstance(v, str) and (v == f"<{n}" or v == "x")


def number(v):
    if v is None or v == "":
        return None
    if isinstance(v, bool) or isinstance(v, (list, dict)):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    try:
        return float(v)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# Reading every table of a release: CSV, XLSX, every layer of a GeoPackage or GeoJSON, and the
# report's embedded JSON. A table is (name, [row dicts], metadata dict or None).

def read_xlsx(path):
    ns = {"s": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    z = zipfile.ZipFile(path)
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("s:si", ns):
            shared.append("".join(t.text or "" for t in si.iter(f"{{{ns['s']}}}t")))
    tables = []
    for name in sorted(n for n in z.namelist() if n.startswith("xl/worksheets/sheet")):
        rows = []
        for row in ET.fromstring(z.read(name)).iter(f"{{{ns['s']}}}row"):
            cells = {}
            for c in row.findall("s:c", ns):
                col = re.match(r"[A-Z]+", c.get("r")).group(0)
                k = 0
                for ch in col:
                    k = k * 26 + ord(ch) - 64
                t = c.get("t")
                v = c.find("s:v", ns)
                if t == "s" and v is not None:
                    val = shared[int(v.text)]
                elif t == "inlineStr":
                    val = "".join(x.text or "" for x in c.iter(f"{{{ns['s']}}}t"))
                else:
                    val = v.text if v is not None else ""
                cells[k - 1] = val
            rows.append([cells.get(i, "") for i in range(max(cells) + 1 if cells else 0)])
        if rows:
            head = rows[0]
            tables.append((f"{os.path.basename(path)}:{name}", [dict(zip(head, r + [""] * (len(head) - len(r)))) for r in rows[1:]], None))
    return tables


def read_layers(path):
    from osgeo import gdal, ogr
    gdal.UseExceptions()
    ds = ogr.Open(path)
    out = []
    for i in range(ds.GetLayerCount()):
        layer = ds.GetLayerByIndex(i)
        meta = layer.GetMetadataItem("hotspots")
        defn = layer.GetLayerDefn()
        names = [defn.GetFieldDefn(k).GetName() for k in range(defn.GetFieldCount())]
        rows = []
        for f in layer:
            rows.append({k: f.GetField(i) for i, k in enumerate(names)})
        out.append((f"{os.path.basename(path)}:{layer.GetName()}", rows, json.loads(meta) if meta else None))
    return out


def read_geojson(path):
    d = json.load(open(path))
    rows = [f.get("properties") or {} for f in d.get("features", [])]
    return [(os.path.basename(path), rows, d.get("metadata"))]


def report_json(path):
    text = open(path, encoding="utf-8").read()
    return [json.loads(m) for m in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', text, re.S)]


def tables_of(root):
    """Every table of a file or folder: {relative name: (rows, metadata)}."""
    files = [root] if os.path.isfile(root) else sorted(
        os.path.join(d, n) for d, _, ns in os.walk(root) for n in ns)
    out = {}
    for f in files:
        rel = os.path.relpath(f, root) if os.path.isdir(root) else os.path.basename(f)
        try:
            if f.endswith(".csv"):
                meta = json.load(open(f + ".meta.json")) if os.path.exists(f + ".meta.json") else None
                out[rel] = (list(csv.DictReader(open(f, encoding="utf-8", newline=""))), meta)
            elif f.endswith(".xlsx"):
                for name, rows, meta in read_xlsx(f):
                    out[rel + ":" + name.split(":")[-1]] = (rows, meta)
            elif f.endswith(".gpkg"):
                for name, rows, meta in read_layers(f):
                    out[rel + ":" + name.split(":")[-1]] = (rows, meta)
            elif f.endswith(".geojson"):
                for name, rows, meta in read_geojson(f):
                    out[rel] = (rows, meta)
        except Exception as e:  # an unreadable output is an error of the test, said plainly
            raise SystemExit(f"cannot read {f}: {e}")
    return out


def html_objects(obj, where="json"):
    """Every object (dict) inside the report's JSON that has scalar fields: as rows."""
    if isinstance(obj, dict):
        scal = {k: v for k, v in obj.items() if not isinstance(v, (dict, list))}
        if "geojson" in obj:
            scal = {}  # a layer's descriptor: its count is of features (hotspots), not incidents
            yield where, scal
        for k, v in obj.items():
            yield from html_objects(v, f"{where}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from html_objects(v, f"{where}[]")


# What is no count, by the attacker's reading of the column names: identifiers, positions,
# sizes, rates, statistics, times. Everything else that holds a whole number is read as a count.
NOT_COUNT = re.compile(
    r"^(fid|ogc_fid|unit|row|col|bin|zone|chain|position|order|year|month|day|hour|weekday|x|y|lon|lat|"
    r"area_m2|area_ha|population|population_year|cells|units|periods|sites|stops|leg_m|distance|time|"
    r"width|height|cell|cell_m|band|class|level|rank.*|.*_of|.*_pct|.*pct.*|.*rate.*|.*ratio.*|.*_z|z|p|.*_p|p_.*|mk_.*|"
    r".*_steps|months_active|centroid_.*|peak.*|mean|median|permuted_.*|.*_days|days|share.*|pai|"
    r"incidents_per_ha|.*_low|.*_high|change.*|difference|last_z|max_abs_z|.*_move|tau|.*_m|.*_km|"
    r"missing.*|in_data|code|segment|cell|.*_code|.*_codes|name|label|id|generator|version|seconds|bytes|files|features|"
    r"rows|read|loaded|rejected|bucket|index|page|step|threshold|suppress_below|protection|fewest_values_open)$")
SMALL_IN_TEXT = re.compile(r"\((\d+)\)")


def count_like(key, value, n):
    """A small whole number under a key the attacker reads as a count."""
    if key is None or NOT_COUNT.match(str(key).lower()):
        return False
    x = value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    if isinstance(value, str) and re.fullmatch(r"\d+(\.0+)?", value.strip()):
        x = float(value)
    return x is not None and x == int(x) and 1 <= x < n


# ---------------------------------------------------------------------------------------------
# Route 2: no count 1..N-1 anywhere (every numeric field of every table and layer, the report's
# JSON, counts in brackets inside texts).

def cmd_scan(pub, opn, n):
    n = int(n)
    pt = tables_of(pub)
    ot = tables_of(opn) if opn != "-" else {}
    fields = set()
    small_open = 0
    for name, (rows, _) in pt.items():
        for i, r in enumerate(rows):
            for k, v in r.items():
                fields.add((name.split(":")[-1] if ":" in name else os.path.basename(name), k))
                if count_like(k, v, n):
                    leak(f"{name} row {i + 1} {k} = {v}")
                if isinstance(v, str):
                    for m in SMALL_IN_TEXT.finditer(v):
                        if 1 <= int(m.group(1)) < n:
                            leak(f"{name} row {i + 1} {k}: text {v!r}")
    for name, (rows, _) in ot.items():
        for r in rows:
            small_open += sum(1 for k, v in r.items() if count_like(k, v, n))
    htmls = [os.path.join(d, x) for d, _, ns in os.walk(pub) for x in ns if x.endswith(".html")] if os.path.isdir(pub) else []
    objects = 0
    for h in htmls:
        for blob in report_json(h):
            for where, obj in html_objects(blob):
                objects += 1
                if "geojson" in obj:
                    continue  # a layer's descriptor: its count is of features (hotspots), not incidents
                for k, v in obj.items():
                    if count_like(k, v, n):
                        leak(f"{os.path.basename(h)} {where}.{k} = {v}")
                    if isinstance(v, str):
                        for m in SMALL_IN_TEXT.finditer(v):
                            if 1 <= int(m.group(1)) < n:
                                leak(f"{os.path.basename(h)} {where}.{k}: text {v[:80]!r}")
    # Teeth: the unpublished release holds small counts under the same reading.
    if ot and small_open == 0:
        raise SystemExit("scan: the unpublished release has no small count under the attacker's reading: nothing to attack")
    finish("scan", f"{len(pt)} tables, {len(fields)} fields, {len(htmls)} reports ({objects} JSON objects); "
           f"{small_open} small counts in the unpublished release")


# ---------------------------------------------------------------------------------------------
# Route 1: texts hold no hidden count of their row; ranks are not shown as "<N".

def board_rows(path):
    t = tables_of(path)
    return [(name, rows) for name, (rows, _) in t.items()]


def key_of(r):
    return tuple(str(r.get(k)) for k in ("area_code", "code", "segment", "hexagon", "cell", "theme", "period", "month", "group") if k in r)


READS = [(re.compile(r"months of [^.]*? there were (\d+) cases"), "count_3m"),
         (re.compile(r"a year earlier there were (\d+)"), "count_3m_before"),
         (re.compile(r"^There were (\d+) in the 12 months"), "count_12m"),
         (re.compile(r"12 months prior there were (\d+)"), "count_12m_before")]


def is_count_column(col):
    """A dashboard's count: count, count_3m ..., or a layer's THEME_3m, THEME_12m_before ..."""
    if col == "count" or col.startswith("count_"):
        return True
    derived = ("rank", "per_100m", "change", "p_", "direction", "text", "rate", "missing", "first_month", "last_month")
    return re.search(r"_(month|3m|3m_before|12m|12m_before|fytd\w*)$", col) is not None and not col.startswith(derived) \
        and "_rank_" not in col and "_rate_" not in col and "_change" not in col and "_per_100m" not in col


# A short segment's row may keep what names it and why it is withheld; anything else that is a
# number, or a class (Gi* bin, LISA quadrant, change direction, trend category), is a figure.
SHORT_NAMES = {"segment", "lixel", "code", "name", "street", "length_m", "segments", "unit", "row", "col", "x", "y", "theme",
               "theme_name", "month", "period", "first_month", "last_month", "in_data", "missing_months"}
SHORT_CLASSES = ("bin", "quadrant", "direction", "arcgis_category", "sfhotspot_category")


def layer_lengths(root, name):
    """The length of each feature's geometry of a GeoPackage layer NAME ('file.gpkg:layer'
    under ROOT), in the layer's (projected) units; None for other tables."""
    path, _, layer = name.partition(":")
    path = os.path.join(root, path) if os.path.isdir(root) else root
    if not path.endswith(".gpkg") or not layer:
        return None
    from osgeo import gdal, ogr
    gdal.UseExceptions()
    ds = ogr.Open(path)  # kept open while its layer is read
    lyr = ds.GetLayerByName(layer)
    if lyr is None:
        return None
    if ogr.GT_Flatten(lyr.GetGeomType()) not in (ogr.wkbLineString, ogr.wkbMultiLineString):
        return None
    return [f.GetGeometryRef().Length() if f.GetGeometryRef() else None for f in lyr]


def row_lengths(root, name, table):
    """Each row's metres of street: its length_m, else its line's length (a layer)."""
    if table and "length_m" in table[0]:
        return [number(r.get("length_m")) for r in table]
    geometry = layer_lengths(root, name)
    if geometry is None or len(geometry) != len(table) or not any(g for g in geometry):
        return None
    return geometry


def is_short_count(col, board):
    return is_count_column(col) if board else col in ("count", "incidents", "before", "after", "count_second")


def short_figure(col, v, board):
    """Whether a short segment's cell VALUE of COL (not a count) publishes a figure."""
    if not v:
        return False
    if board:  # a dashboard's board, tidy table or series
        return col.startswith(("rank", "per_100m", "change", "text_", "p_", "direction", "level")) \
            and not col.startswith("rank_basis") and col != "level_change"
    return col in SHORT_CLASSES or (col not in SHORT_NAMES and number(v) is not None)


def cmd_short(pub, opn, min_length, n):
    """Short street segments (shorter than --min-street-length: their length_m, or their line's
    length in a layer without one): in every published table or layer of street segments (a
    board, tidy table or series; streets, gistar, lisa, change, trend, map), no count of such a
    row shown, and none of its rates, ranks, texts, statistics or classes; the unpublished
    tables hold counts of 0, 1..n-1 and n or more on them (else the check could not fail)."""
    n, min_length = int(n), float(min_length)
    rows = shown = 0
    truth = set()
    per_table = {}
    opened = {name: (t, meta) for name, (t, meta) in tables_of(opn).items()}
    for name, (table, _) in tables_of(pub).items():
        lengths = row_lengths(pub, name, table) if table else None
        if lengths is None:
            continue
        board = "theme" in table[0]
        for i, (r, length) in enumerate(zip(table, lengths)):
            if length is None or length >= min_length:
                continue
            rows += 1
            per_table[name] = per_table.get(name, 0) + 1
            for col, v in r.items():
                v = "" if v is None else str(v).strip()
                if is_short_count(col, board):
                    if v != "x":
                        shown += 1
                        leak(f"short: {name} row {i + 2} (segment {r.get('segment', r.get('code'))}, {length:g} m): {col} = {v!r}, not withheld")
                elif short_figure(col, v, board):
                    shown += 1
                    leak(f"short: {name} row {i + 2} (segment {r.get('segment', r.get('code'))}): {col} = {v!r} beside withheld counts")
        if name in opened:
            table = opened[name][0]
            for r, length in zip(table, row_lengths(opn, name, table) or []):
                if length is not None and length < min_length:
                    for col, v in r.items():
                        if is_short_count(col, board):
                            x = number(v)
                            if x is not None:
                                truth.add("0" if x == 0 else "small" if x < n else "large")
    if rows == 0:
        raise SystemExit(f"short: no segment shorter than {min_length:g} m in {pub}: nothing to check")
    if truth != {"0", "small", "large"}:
        raise SystemExit(f"short: the unpublished short segments hold only {sorted(truth)}: the check is toothless")
    tables = ", ".join(f"{k} {v}" for k, v in sorted(per_table.items()))
    finish("short", f"{rows} rows of segments shorter than {min_length:g} m ({tables}), {shown} figures shown on them "
                    f"(true counts 0, 1..{n - 1} and {n}+)")


def cmd_texts(pub, opn, n):
    n = int(n)
    opened = {}
    for name, rows in board_rows(opn):
        for r in rows:
            opened[key_of(r)] = r
    checked = targets = 0
    for name, rows in board_rows(pub):
        for i, r in enumerate(rows):
            o = opened.get(key_of(r))
            if o is None:
                continue
            for k, v in r.items():
                if k.startswith("rank") and hidden(v, n):
                    leak(f"{name} row {i + 1}: rank {k} shown as {v} (a rank is no count)")
            texts = [k for k in r if k.startswith("text")]
            hidden_true = {}
            for k, v in r.items():
                if hidden(v, n) and number(o.get(k)) is not None:
                    hidden_true[k] = number(o[k])
            if not texts or not hidden_true:
                continue
            for k in texts:
                # Numbers of the text, but lengths of time and dates ("the 3 months", "2024").
                said = re.sub(r"\b\d+ months?\b|\b(19|20)\d\d\b", " ", str(r[k] or ""))
                # A percentage that is a published percentage of the row, rounded, states no count.
                pcts = {round(abs(number(v))) for kk, v in r.items() if "pct" in kk and number(v) is not None}
                said = re.sub(r"(\d+)%", lambda m: " " if int(m.group(1)) in pcts else m.group(0), said)
                nums = {float(x) for x in re.findall(r"(?<![\d.<])\d+(?:\.\d+)?", said)}  # not a marker's "<5"
                checked += 1
                targets += len(hidden_true)
                # Read as a reader would: which count each sentence states.
                for rx, c in READS:
                    m = rx.search(str(r[k] or ""))
                    if m and c in hidden_true and c in r and float(m.group(1)) == hidden_true[c]:
                        leak(f"{name} row {i + 1} ({r.get('area_name', '')}, {r.get('theme', '')}): {k} states {c} "
                             f"(published {r[c]}) as {m.group(1)}: {r[k]!r}")
                shown = {number(v) for kk, v in r.items() if number(v) is not None and not kk.startswith("text")}
                for c, tv in hidden_true.items():
                    if tv in nums and tv not in shown:
                        leak(f"{name} row {i + 1} ({r.get('area_name', '')}, {r.get('theme', '')}): {k} says {tv:g}, "
                             f"the hidden {c} ({r[c]}): {r[k]!r}")
    if checked == 0:
        raise SystemExit("texts: no text beside a hidden count: nothing to attack")
    finish("texts", f"{checked} texts beside {targets} hidden counts")


# ---------------------------------------------------------------------------------------------
# Route 8: rows with a hidden count carry no dates, peaks, peak hours or streets.

PLACE_OR_TIME = re.compile(r"(date|peak|hour|days$|weekday|street|location$|top_location$|^x$|^y$|_x$|_y$|first|last_seen)")
DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def cmd_rows(pub, opn, n, streets_csv, street_col="street"):
    n = int(n)
    streets = set()
    for r in csv.DictReader(open(streets_csv, encoding="utf-8")):
        s = (r.get(street_col) or "").strip()
        if len(s) > 3:
            streets.add(s)
    pt, ot = tables_of(pub), tables_of(opn)
    hidden_rows = 0
    for name, (rows, _) in pt.items():
        orows = ot.get(name, ([], None))[0]
        for i, r in enumerate(rows):
            hid = [k for k, v in r.items() if hidden(v, n) and not k.startswith("rank")]
            if not hid:
                continue
            hidden_rows += 1
            o = orows[i] if i < len(orows) else {}
            if o and "label" in r and o.get("label") != r.get("label"):
                o = next((x for x in orows if x.get("label") == r.get("label")), {})
            truth_street = (o.get("top_location") or "").strip() if o else ""
            for k, v in r.items():
                if v in (None, "") or hidden(v, n):
                    continue
                if PLACE_OR_TIME.search(k.lower()) and k not in ("top_location_count",) and not k.endswith("_month"):
                    leak(f"{name} row {i + 1} (hidden {','.join(hid)}): {k} = {v}")
                elif isinstance(v, str) and DATE.search(v) and k not in ("period",):
                    leak(f"{name} row {i + 1} (hidden {','.join(hid)}): {k} holds a date: {v}")
                elif isinstance(v, str) and truth_street and truth_street in v:
                    leak(f"{name} row {i + 1} (hidden {','.join(hid)}): {k} = {v!r} names the street of its incidents "
                         f"({truth_street!r}, the unpublished top_location)")
    if hidden_rows == 0:
        raise SystemExit("rows: no row with a hidden count: nothing to attack")
    finish("rows", f"{hidden_rows} rows with a hidden count")


# ---------------------------------------------------------------------------------------------
# Route 9: metadata. No exact count below N, no filtered_out, no removed_in_sensitive_sites; no
# figure (or product of two figures of one object: a mean times its units) equals a hidden count.

def metadata_objects(root):
    out = []
    files = [os.path.join(d, x) for d, _, ns in os.walk(root) for x in ns] if os.path.isdir(root) else [root]
    for f in sorted(files):
        rel = os.path.relpath(f, root) if os.path.isdir(root) else os.path.basename(f)
        if f.endswith(".meta.json") or f.endswith("manifest.json"):
            out.append((rel, json.load(open(f))))
        elif f.endswith(".gpkg"):
            for name, _, meta in read_layers(f):
                if meta:
                    out.append((rel + ":" + name.split(":")[-1], meta))
        elif f.endswith(".geojson"):
            m = json.load(open(f)).get("metadata")
            if m:
                out.append((rel, m))
        elif f.endswith(".tif"):
            from osgeo import gdal
            gdal.UseExceptions()
            m = gdal.Open(f).GetMetadataItem("hotspots")
            if m:
                out.append((rel, json.loads(m)))
    return out


def walk(obj, path=""):
    if isinstance(obj, dict):
        yield path, obj
        for k, v in obj.items():
            yield from walk(v, f"{path}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from walk(v, f"{path}[{i}]")


def cmd_metadata(pub, opn, n):
    n = int(n)
    pm, om = dict(metadata_objects(pub)), dict(metadata_objects(opn))
    targets = 0
    for name, meta in pm.items():
        o = om.get(name)
        for path, obj in walk(meta):
            for k, v in obj.items():
                if k in ("filtered_out", "removed_in_sensitive_sites"):
                    leak(f"{name} {path}.{k} = {json.dumps(v)[:120]}")
                if k in ("incidents", "total_weight", "count", "repeat_places", "removed") and count_like(k, v, n):
                    leak(f"{name} {path}.{k} = {v}")
        # A hidden count of the metadata given back by arithmetic on the figures beside it.
        if o is None:
            continue
        for path, obj in walk(meta):
            ob = o
            for part in re.findall(r"\.([^.\[]+)|\[(\d+)\]", path):
                ob = ob.get(part[0]) if part[0] and isinstance(ob, dict) else (ob[int(part[1])] if isinstance(ob, list) and part[1] else None)
                if ob is None:
                    break
            if not isinstance(ob, dict):
                continue
            for k, v in obj.items():
                true = number(ob.get(k))
                if not hidden(v, n) or true is None:
                    continue
                targets += 1
                figures = {kk: number(vv) for kk, vv in obj.items() if number(vv) is not None and not isinstance(vv, bool)}
                for a, x in figures.items():
                    if abs(x - true) < 1e-6:
                        leak(f"{name} {path}: {k} is {v} but {a} = {x:g} is the hidden count")
                    for b, y in figures.items():
                        if a < b and abs(x * y - true) < 1e-6 * max(1, true) and abs(x * y - round(x * y)) < 1e-6:
                            leak(f"{name} {path}: {k} is {v}, but {a} x {b} = {x * y:.9g}: the hidden count is {true:g}")
                # loaded - filtered - removed, where the inputs say how many rows were loaded
                for path2, obj2 in walk(meta):
                    if "loaded" in obj2 and "filtered_out" in meta:
                        pass
    finish("metadata", f"{len(pm)} metadata objects; {targets} hidden counts in metadata attacked by arithmetic")


# ---------------------------------------------------------------------------------------------
# Route 5: p-values of a change test beside hidden counts, inverted by enumerating (before, after).

def binom_two_sided(k, total, prob):
    """The exact two-sided binomial p-value as minlike (the smaller tail doubled, at most 1)."""
    if total == 0:
        return 1.0
    lo = binom.cdf(k, total, prob)
    hi = binom.sf(k - 1, total, prob)
    return min(1.0, 2 * min(lo, hi))


def invert_p(row, n, prob, cap=60):
    """The (before, after) pairs consistent with the row's published p and counts."""
    p = number(row.get("p"))
    rng = {}
    for k in ("before", "after"):
        v = row.get(k)
        rng[k] = range(1, n) if v == f"<{n}" else range(n, cap) if v == "x" else range(int(number(v)), int(number(v)) + 1)
    B, A = np.meshgrid(np.array(rng["before"]), np.array(rng["after"]), indexing="ij")
    T = A + B
    ps = np.minimum(1.0, 2 * np.minimum(binom.cdf(A, T, prob), binom.sf(A - 1, T, prob)))
    ok = np.abs(ps - p) < 1e-9 * max(1, p)
    return list(zip(B[ok].tolist(), A[ok].tolist()))


def cmd_pvalues(pub, opn, n):
    n = int(n)
    pt, ot = tables_of(pub), tables_of(opn)
    targets = straw = 0
    for name, (rows, meta) in pt.items():
        if not rows or "before" not in rows[0] or "after" not in rows[0]:
            continue
        orows = {(r.get("code") or r.get("unit") or r.get("name"), ): r for r in ot.get(name, ([], None))[0]}
        m = meta or ot.get(name, ([], {}))[1] or {}
        prob = m.get("after_days", 1) / (m.get("after_days", 1) + m.get("before_days", 1)) if m else 0.5
        for r in rows:
            if not (hidden(r["before"], n) or hidden(r["after"], n)):
                continue
            o = orows.get((r.get("code") or r.get("unit") or r.get("name"), ))
            if o is None:
                continue
            targets += 1
            stats = [k for k in r if (k == "p" or k.startswith("p_") or k.endswith("_p") or k in ("z", "rate_ratio", "difference", "change_pct")) and r[k] not in ("", None)]
            if stats:
                leak(f"{name} {r.get('code')}: {','.join(stats)} published beside hidden counts {r['before']},{r['after']}")
                if number(r.get("p")) is not None:
                    pairs = invert_p(r, n, prob)
                    for k, idx in (("before", 0), ("after", 1)):
                        vals = sorted({pq[idx] for pq in pairs})
                        if hidden(r[k], n) and r[k].startswith("<") and len(vals) < 3:
                            leak(f"{name} {r.get('code')}: p = {r['p']} leaves {k} in {vals} (true {o[k]})")
            # Teeth: the same row with the unpublished p: how much the inversion would give.
            if number(o.get("p")) is not None:
                masked = dict(o)
                masked["before"], masked["after"] = r["before"], r["after"]
                pairs = invert_p(masked, n, prob)
                if pairs and any(len({pq[i] for pq in pairs}) < 3 for i in (0, 1)):
                    straw += 1
    finish("pvalues", f"{targets} rows with hidden counts; the unpublished p-values would pin {straw} of them")


# ---------------------------------------------------------------------------------------------
# Route 3: Gi* z-scores as a linear system. z_i = (sum_{j in N(i)} x_j - mean W_i) /
# (sd sqrt((n W_i - W_i^2) / (n - 1))), binary queen weights with the cell itself; mean and sd
# from the layer's metadata, or from the shown counts. Each published z is one linear equation.

def gistar_system(rows, meta, use_z_from):
    cells = {(int(r["row"]), int(r["col"])): i for i, r in enumerate(rows)}
    n = len(rows)
    mean, sd = meta.get("mean"), meta.get("sd")
    eqs = []
    for (rr, cc), i in cells.items():
        z = number(use_z_from[i].get("z"))
        if z is None or mean is None or sd is None:
            continue
        nb = [cells[(rr + a, cc + b)] for a in (-1, 0, 1) for b in (-1, 0, 1) if (rr + a, cc + b) in cells]
        w = len(nb)
        s = sd * math.sqrt(max(0.0, (n * w - w * w) / (n - 1)))
        eqs.append((nb, z * s + mean * w))
    return eqs


def cmd_zscores(pub, opn, n):
    n = int(n)
    from osgeo import ogr
    pl = {name: (rows, meta) for name, rows, meta in read_layers(pub)}
    ol = {name: (rows, meta) for name, rows, meta in read_layers(opn)}
    targets = recovered_open = published_z = 0
    for name, (rows, meta) in pl.items():
        if not rows or "z" not in rows[0] or "row" not in rows[0]:
            continue
        orows, ometa = ol[name]
        hid = [i for i, r in enumerate(rows) if hidden(r.get("count"), n)]
        targets += len(hid)
        published_z += sum(1 for r in rows if number(r.get("z")) is not None)
        for source, label in ((rows, "published"), (orows, "unpublished")):
            # The published statistics (mean, sd) are withheld: the teeth use the unpublished ones.
            eqs = gistar_system(rows, (meta if label == "published" else ometa) or {}, source)
            if not eqs or not hid:
                continue
            from scipy.sparse import coo_matrix
            from scipy.sparse.linalg import lsqr
            col = {i: k for k, i in enumerate(hid)}
            ri, ci, b = [], [], []
            for nb, rhs in eqs:
                if not any(j in col for j in nb):
                    continue  # an equation of shown cells alone
                e = len(b)
                b.append(rhs - sum(number(rows[j]["count"]) or 0 for j in nb if j not in col))
                for j in nb:
                    if j in col:
                        ri.append(e)
                        ci.append(col[j])
            if not b:
                continue
            A = coo_matrix((np.ones(len(ri)), (ri, ci)), shape=(len(b), len(hid))).tocsr()
            x = lsqr(A, np.array(b), atol=1e-12, btol=1e-12, iter_lim=20000)[0]
            got = sum(1 for k, i in enumerate(hid) if abs(x[k] - number(orows[i]["count"])) < 0.5)
            if label == "published" and got:
                leak(f"{name}: {got} of {len(hid)} hidden cells recovered from {len(eqs)} published z-scores")
            if label == "unpublished":
                recovered_open += got
    if targets == 0:
        raise SystemExit("zscores: no hidden Gi* cell: nothing to attack")
    # Teeth: with the z-scores of the unpublished run the same system recovers hidden cells.
    if recovered_open == 0:
        raise SystemExit("zscores: the system recovers nothing even from unpublished z-scores: the attack is toothless")
    finish("zscores", f"{targets} hidden cells, {published_z} published z-scores; unpublished z-scores would give back {recovered_open}")


# ---------------------------------------------------------------------------------------------
# Route 6 (and differencing): every hidden cell's interval over integer programs subject to all
# published values and the additive relations the attacker knows from the structure. A spec
# (JSON) lists the releases; each release lists its tables by kind with the published and the
# unpublished file. Cells are keyed by what they count, so the same cell in two releases is one.

class Model:
    def __init__(self, n):
        self.n = n
        self.cells = {}       # key -> [published text, true value, where]
        self.relations = []   # (coeffs {key: c}, sense, rhs)
        self.dropped = 0
        self.exact = 0
        self.floored = 0
        self.withheld = set()   # counts of short street segments: withheld whatever they are (0 or more)
        self.min_length = None  # --min-street-length of the release

    def cell(self, key, pub, true, where, length=None):
        if pub is None or true is None:
            return None
        pub = str(pub).strip()
        if self.min_length and length is not None and length < self.min_length:
            self.withheld.add(key)
        if key in self.cells:
            old = self.cells[key]
            if not hidden(pub, self.n) and hidden(old[0], self.n):
                old[0] = pub  # shown in one release: shown
            return key
        self.cells[key] = [pub, true, where]
        return key

    def relate(self, coeffs, sense="==", rhs=0.0):
        """A relation the attacker believes; kept if the truth satisfies it, else dropped."""
        coeffs = {k: c for k, c in coeffs.items() if k is not None and c}
        if None in coeffs or len(coeffs) < 2 or any(k not in self.cells for k in coeffs):
            return
        lhs = sum(c * self.cells[k][1] for k, c in coeffs.items())
        ok = {"==": abs(lhs - rhs) < 1e-6, "<=": lhs <= rhs + 1e-6, ">=": lhs >= rhs - 1e-6}[sense]
        if not ok and sense == "==" and lhs > rhs:
            sense, ok = ">=", True   # a total over parts that do not cover it: at least the parts
        if ok:
            self.relations.append((coeffs, sense, rhs))
        else:
            self.dropped += 1

    def total(self, whole, parts):
        if whole is None or any(p is None for p in parts) or not parts:
            return
        c = collections.Counter({whole: 1})
        for p in parts:
            c[p] -= 1
        self.relate(dict(c))

    def solve(self, prot, strawman=False):
        """Intervals of every hidden cell. strawman: only primary cells hidden (no secondary
        suppression, every other figure as the unpublished release has it)."""
        n = self.n
        state = {}
        for k, (pub, true, _) in self.cells.items():
            if k in self.withheld:
                state[k] = "w"
            elif strawman:
                state[k] = "p" if (hidden(pub, n) and pub.startswith("<")) or (0 < true < n and not hidden(pub, n) and False) else None
            else:
                state[k] = "p" if hidden(pub, n) and pub.startswith("<") else "s" if pub == "x" else None
        # Components of hidden cells linked by relations.
        parent = {}

        def find(a):
            while parent.setdefault(a, a) != a:
                parent[a] = parent.setdefault(parent[a], parent[a])
                a = parent[a]
            return a
        rel_of = collections.defaultdict(list)
        for r, (coeffs, _, _) in enumerate(self.relations):
            hid = [k for k in coeffs if state[k]]
            for k in hid[1:]:
                parent[find(k)] = find(hid[0])
            if hid:
                rel_of[hid[0]].append(r)
        groups = collections.defaultdict(list)
        for k in self.cells:
            if state[k]:
                groups[find(k)].append(k)
        grel = collections.defaultdict(set)
        for k0, rs in rel_of.items():
            grel[find(k0)].update(rs)
        results = []
        for g, keys in groups.items():
            if not any(state[k] in ("p", "w") for k in keys):
                continue
            idx = {k: i for i, k in enumerate(keys)}
            A, lo, hi = [], [], []
            for r in grel[g]:
                coeffs, sense, rhs = self.relations[r]
                row = np.zeros(len(keys))
                b = rhs
                for k, c in coeffs.items():
                    if state[k]:
                        row[idx[k]] += c
                    else:
                        b -= c * self.cells[k][1]
                A.append(row)
                lo.append(b if sense in ("==", ">=") else -np.inf)
                hi.append(b if sense in ("==", "<=") else np.inf)
            lb = np.array([1 if state[k] == "p" else 0 if state[k] == "w" else n for k in keys], float)
            # Finite bounds, and the bounds again as constraints: scipy 1.10's milp (HiGHS) can return
            # points outside Bounds alone.
            ub = np.array([n - 1 if state[k] == "p" else 1e6 for k in keys], float)
            cons = [LinearConstraint(np.eye(len(keys)), lb, ub)] + (
                [LinearConstraint(np.array(A), np.maximum(lo, -1e9), np.minimum(hi, 1e9))] if A else [])
            Aa = np.array(A) if A else np.zeros((0, len(keys)))
            lo_a, hi_a = np.array(lo, float), np.array(hi, float)
            A_ub = np.vstack([-Aa[np.isfinite(lo_a)], Aa[np.isfinite(hi_a)]])
            b_ub = np.concatenate([-lo_a[np.isfinite(lo_a)], hi_a[np.isfinite(hi_a)]])
            lp_bounds = [(l, None if math.isinf(u) else u) for l, u in zip(lb, ub)]
            for k in keys:
                if state[k] not in ("p", "w"):
                    continue
                c = np.zeros(len(keys))
                c[idx[k]] = 1
                box = []
                for sign in (1, -1):
                    lp = linprog(sign * c, A_ub=A_ub if len(b_ub) else None, b_ub=b_ub if len(b_ub) else None,
                                 bounds=lp_bounds, method="highs")
                    if lp.status == 0 and np.all(np.abs(lp.x - np.round(lp.x)) < 1e-7):
                        ip = lp  # an integral LP optimum is the integer program's optimum
                    else:
                        ip = milp(sign * c, constraints=cons, integrality=np.ones(len(keys), dtype=int), bounds=Bounds(lb, ub),
                                  options={"presolve": False})
                    if ip.status == 0 and ((ip.x < lb - 1e-6).any() or (ip.x > ub + 1e-6).any()):
                        raise SystemExit(f"intervals: milp returned a point outside the bounds ({ip.message})")
                    if lp.status != 0 or ip.status != 0:
                        box.append(None)
                    else:
                        box.append((sign * lp.fun, sign * ip.fun))
                if None in box:
                    results.append((k, None, None, None, None))
                    continue
                (lp_min, ip_min), (lp_max, ip_max) = box
                results.append((k, lp_min, lp_max, ip_min, ip_max))
        return results

    def floor(self, prot):
        """Values each small count keeps open when every count that is not 0 is hidden: the best
        any suppression can do. A small count inside a small total ("<5" months of a "<5"
        quarter, the months that are not 0) is pinned that far by the threshold rule itself, and
        the engine says so (docs/publish.md): there it is owed only what this leaves open."""
        best = Model(self.n)
        for k, (pub, true, where) in self.cells.items():
            best.cells[k] = [f"<{self.n}" if 0 < true < self.n else "x" if true >= self.n else "0", true, where]
        best.relations = self.relations
        best.withheld = self.withheld
        out = {}
        for k, lp_min, lp_max, ip_min, ip_max in best.solve(prot):
            if ip_min is not None:
                out[k] = math.floor(ip_max + 1e-6) - math.ceil(max(1, ip_min) - 1e-6) + 1
        return out

    def judge(self, prot, label):
        res = self.solve(prot)
        primary = [r for r in res if self.cells[r[0]][0].startswith("<") or r[0] in self.withheld]
        owed = self.floor(prot)
        self.floored = sum(1 for r in primary if owed.get(r[0], prot) < prot)
        narrow = 0
        for k, lp_min, lp_max, ip_min, ip_max in primary:
            pub, true, where = self.cells[k]
            if ip_min is None:
                leak(f"{label}: {where}: the attacker's program is infeasible (relations or markers inconsistent)")
                continue
            if not (ip_min - 1e-6 <= true <= ip_max + 1e-6):
                leak(f"{label}: {where}: true {true:g} outside the attacker's [{ip_min:g}, {ip_max:g}]: a relation is wrong")
            # A withheld count's marker says 0 or more, and no suppression pattern excuses less.
            least = 0 if k in self.withheld else 1
            values = math.floor(ip_max + 1e-6) - math.ceil(max(least, ip_min) - 1e-6) + 1
            lp_values = math.floor(lp_max + 1e-6) - math.ceil(max(least, lp_min) - 1e-6) + 1
            need = prot if k in self.withheld else min(prot, owed.get(k, prot))
            if values < need or lp_values < need:
                narrow += 1
                self.exact += values == 1
                leak(f"{label}: {where} ({pub}, true {true:g}): LP [{lp_min:.3g}, {lp_max:.3g}], integer program "
                     f"[{ip_min:g}, {ip_max:g}]: {values} values open, fewer than {need}")
        return primary, narrow


def months_between(a, b):
    y, m = map(int, a.split("-"))
    out = []
    while f"{y:04d}-{m:02d}" <= b:
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def load_pair(pub, opn, key):
    p = tables_of(pub)
    o = tables_of(opn)
    (prows, pmeta), = [v for v in p.values()][:1]
    (orows, ometa), = [v for v in o.values()][:1]
    # A dashboard on street segments, hexagons or cells: the unit's code and name as an area's.
    for r in prows + orows:
        for code, name in (("segment", "street"), ("hexagon", "name"), ("cell", "name")):
            if "area_code" not in r and code in r:
                r["area_code"], r["area_name"] = r[code], r.get(name, "")
    oi = {key(r): r for r in orows}
    return [(r, oi.get(key(r))) for r in prows], (pmeta or ometa or {})


TEXT_DIRECTION = [(re.compile(r"an increase"), ">="), (re.compile(r"a decrease"), "<="), (re.compile(r"no change"), "==")]


def add_release(m, rel, tag):
    """One release's tables into the model (cells keyed by what they count, not by release)."""
    n = m.n
    theme_of = lambda r, default: r.get("theme") or default
    for t in rel["tables"]:
        kind, default_theme = t["kind"], t.get("theme", "")
        if kind == "series":
            pairs, _ = load_pair(t["pub"], t["open"], lambda r: (r["area_code"], theme_of(r, default_theme), r["month"]))
            for r, o in pairs:
                if o:
                    m.cell(("n", r["area_code"], theme_of(r, default_theme), r["month"], r["month"]), r["count"], number(o["count"]),
                           f"{tag} series {r['area_name']} {theme_of(r, default_theme)} {r['month']}", number(r.get("length_m")))
        elif kind == "tidy":
            pairs, _ = load_pair(t["pub"], t["open"], lambda r: (r["area_code"], theme_of(r, default_theme), r["period"]))
            for r, o in pairs:
                if not o:
                    continue
                th = theme_of(r, default_theme)
                k = m.cell(("n", r["area_code"], th, r["first_month"], r["last_month"]), r["count"], number(o["count"]),
                           f"{tag} tidy {r['area_name']} {th} {r['period']}", number(r.get("length_m")))
                t.setdefault("_periods", []).append((k, r["area_code"], th, r["first_month"], r["last_month"]))
        elif kind == "board":
            # a pack's board: columns THEME_3m ...; a dashboard's: count_3m ... with a theme column.
            pairs, meta = load_pair(t["pub"], t["open"], lambda r: (r["area_code"], r.get("theme", "")))
            month = t["month"]
            span = {"month": (month, month), "3m": (months_between_back(month, 3)), "3m_before": months_between_back(month, 3, 12),
                    "12m": months_between_back(month, 12), "12m_before": months_between_back(month, 12, 12)}
            for r, o in pairs:
                if not o:
                    continue
                th = r.get("theme") or default_theme
                keys = {}
                for s, (a, b) in span.items():
                    col = f"count_{s}" if f"count_{s}" in r else f"{th}_{s}"
                    if col in r:
                        keys[s] = m.cell(("n", r["area_code"], th, a, b), r[col], number(o[col]), f"{tag} board {r['area_name']} {th} {col}",
                                         number(r.get("length_m")))
                for s, text in (("3m", "text_3m"), ("12m", "text_12m")):
                    txt = r.get(text) or ""
                    for rx, sense in TEXT_DIRECTION:
                        if rx.search(txt) and keys.get(s) and keys.get(s + "_before"):
                            m.relate({keys[s]: 1, keys[s + "_before"]: -1}, sense if sense != ">=" else ">=", 0)
                            if sense == ">=":
                                m.relate({keys[s]: 1, keys[s + "_before"]: -1}, ">=", 1)
                            if sense == "<=":
                                m.relate({keys[s]: 1, keys[s + "_before"]: -1}, "<=", -1)
                    pct = re.search(r"(?:increase|decrease) of (\d+)%", txt)
                    if pct and keys.get(s) and keys.get(s + "_before"):
                        p = float(pct.group(1)) * (1 if "increase" in txt else -1)
                        for q, sense in ((p + 0.5, "<="), (p - 0.5, ">=")):
                            m.relate({keys[s]: 1, keys[s + "_before"]: -(1 + q / 100)}, sense, 0)
        elif kind == "change":
            pairs, meta = load_pair(t["pub"], t["open"], lambda r: r["code"])
            par = meta.get("parameters", {})
            (a0, a1), (b0, b1) = [(x.split("..")[0][:7], x.split("..")[1][:7]) for x in (par["after"], par["before"])]
            for r, o in pairs:
                if o:
                    m.cell(("n", r["code"], default_theme, a0, a1), r["after"], number(o["after"]), f"{tag} change {r['name']} after")
                    m.cell(("n", r["code"], default_theme, b0, b1), r["before"], number(o["before"]), f"{tag} change {r['name']} before")
        elif kind == "trend":
            pairs, meta = load_pair(t["pub"], t["open"], lambda r: r["code"])
            par = meta.get("parameters", {})
            for r, o in pairs:
                if o:
                    m.cell(("n", r["code"], default_theme, par["from"][:7], par["to"][:7]), r["count"], number(o["count"]),
                           f"{tag} trend {r['name']} count")
        elif kind == "summary":
            pairs, _ = load_pair(t["pub"], t["open"], lambda r: (r["layer"], r["code"]))
            cols = [c for c in pairs[0][0] if c not in ("layer", "code", "name")]
            parent_of = t.get("parents", {})
            for r, o in pairs:
                for c in cols:
                    m.cell(("s", r["layer"], r["code"], c), r[c], number(o[c]), f"{tag} summary {r['layer']} {r['name']} {c}")
            cats = [c for c in cols if c not in ("incidents", "weight")]
            equal_cols = []
            shown_pairs = [(r["incidents"], r["weight"]) for r, _ in pairs if not hidden(r["incidents"], n) and not hidden(r["weight"], n)]
            if shown_pairs and all(a == b for a, b in shown_pairs):
                equal_cols.append(("incidents", "weight"))  # read off the shown rows
            for r, _ in pairs:
                key = lambda c: ("s", r["layer"], r["code"], c)
                m.total(key("incidents"), [key(c) for c in cats])
                for a, b in equal_cols:
                    m.relate({key(a): 1, key(b): -1})
            # Areas inside a bigger area (from the polygons): the children's counts add up to it.
            children = collections.defaultdict(list)
            for (layer, code), (player, pcode) in parent_of.items():
                children[(player, pcode)].append((layer, code))
            for (player, pcode), kids in children.items():
                for c in cols:
                    m.total(("s", player, pcode, c), [("s", l, k, c) for l, k in kids])
    # Relations between cells keyed by months: a period is the sum of its months where all are cells.
    bykey = collections.defaultdict(dict)
    for k in m.cells:
        if k[0] == "n":
            bykey[(k[1], k[2])][(k[3], k[4])] = k
    themes = collections.defaultdict(set)
    for (area, th), spans in bykey.items():
        for (a, b), k in spans.items():
            if a != b:
                months = months_between(a, b)
                if all((x, x) in spans for x in months):
                    m.total(k, [spans[(x, x)] for x in months])
        themes[area].add(th)
    # Types to all: a theme inside another (residential burglary in burglary): at most it, or it.
    for area, ths in themes.items():
        for t1 in ths:
            for t2 in ths:
                if t1 != t2 and t1 and t2:
                    for span, k1 in bykey[(area, t1)].items():
                        k2 = bykey[(area, t2)].get(span)
                        if k2:
                            truth_le = all(bykey[(a, t1)][s2] in m.cells and bykey[(a, t2)].get(s2) in m.cells and
                                           m.cells[bykey[(a, t1)][s2]][1] <= m.cells[bykey[(a, t2)][s2]][1]
                                           for a in themes for s2 in bykey[(a, t1)] if bykey[(a, t2)].get(s2))
                            if truth_le:
                                m.relate({k1: 1, k2: -1}, "<=", 0)


def months_between_back(month, count, back=0):
    y, mo = map(int, month.split("-"))
    end = y * 12 + mo - 1 - back
    start = end - count + 1
    f = lambda v: f"{v // 12:04d}-{v % 12 + 1:02d}"
    return f(start), f(end)


def area_parents(layers):
    """Which area of a coarser layer holds each area (its point on surface), from the polygons."""
    from osgeo import ogr
    geoms = {}
    for label, path in layers:
        ds = ogr.Open(path)
        lyr = ds.GetLayer(0)
        geoms[label] = [(f.GetField("code"), f.GetGeometryRef().Clone()) for f in lyr]
    parents = {}
    for fine, coarse in zip([l for l, _ in layers], [l for l, _ in layers][1:]):
        for code, g in geoms[fine]:
            pt = g.PointOnSurface()
            for pcode, pg in geoms[coarse]:
                if pg.Contains(pt):
                    parents[(fine, code)] = (coarse, pcode)
    return parents


def cmd_intervals(spec_path):
    spec = json.load(open(spec_path))
    n, prot = spec["n"], spec["protection"]
    m = Model(n)
    m.min_length = spec.get("min_street_length")
    for i, rel in enumerate(spec["releases"]):
        for t in rel["tables"]:
            if t["kind"] == "summary" and "areas" in t:
                t["parents"] = area_parents(t["areas"])
        add_release(m, rel, rel.get("name", f"release {i + 1}"))
    primary, narrow = m.judge(prot, spec.get("name", "intervals"))
    secondary = sum(1 for v in m.cells.values() if v[0] == "x")
    if not primary:
        raise SystemExit("intervals: no hidden count below the threshold: nothing to attack")
    # Teeth: the same program on the unpublished figures with only the small counts hidden
    # (no secondary suppression) pins some of them down.
    straw = Model(n)
    for k, (pub, true, where) in m.cells.items():
        straw.cells[k] = [f"<{n}" if hidden(pub, n) and pub.startswith("<") else str(int(true)) if true == int(true) else str(true), true, where]
    straw.relations = m.relations
    straw.withheld = m.withheld
    res = straw.solve(prot)
    pinned = sum(1 for r in res if r[3] is not None and math.floor(r[4] + 1e-6) - math.ceil(max(0 if r[0] in m.withheld else 1, r[3]) - 1e-6) + 1 < prot)
    info = (f"{narrow} hidden counts narrower than {prot} values (or than the best suppression leaves: "
            f"{m.floored} small counts inside small totals), {m.exact} of them given back exactly; "
            f"{len(m.cells)} cells, {len(m.relations)} relations ({m.dropped} dropped), {len(primary)} hidden below {n} "
            f"or withheld ({len(m.withheld)} of short streets) and {secondary} secondary or withheld; with primary suppression alone the program would pin {pinned}")
    if spec.get("require_teeth", True) and pinned == 0:
        raise SystemExit(f"intervals: {info}: the attack is toothless on these tables")
    finish(spec.get("name", "intervals"), info)


# ---------------------------------------------------------------------------------------------
# Route 7: a published report embeds no file the run did not write.

def cmd_embedded(report, baseline, *planted):
    """REPORT made with the planted files beside the run; BASELINE the same report without them."""
    text = open(report, encoding="utf-8").read()
    base = open(baseline, encoding="utf-8").read()
    probes = 0
    for p in planted:
        # The planted file's references (addresses, crimes): no output of a published run has them.
        raw = open(p, encoding="utf-8").read()
        markers = set(re.findall(r"\b[A-Z]{1,3}\d{5,}\b", raw))
        markers = {m for m in markers if m not in base}  # area codes and the like are the run's own
        # Markers of the planted file that the run's own outputs could not hold (its exact points).
        markers = {s for s in markers if s not in ("burglary", "Burglary")}
        probes += len(markers)
        found = [s for s in markers if s in text]
        if found:
            leak(f"{report} embeds {os.path.basename(p)}: {len(found)} of its {len(markers)} distinctive values, "
                 f"e.g. {sorted(found)[:3]}")
    if probes == 0:
        raise SystemExit("embedded: the planted files have nothing distinctive")
    finish("embedded", f"{probes} distinctive values of {len(planted)} planted files looked for")


# ---------------------------------------------------------------------------------------------
# Differencing two cell-key releases: the same cell (same incidents) has the same published
# count in both, and no count 1..N-1 appears.

def cmd_cellkey(pub1, pub2, n, key_cols, count_col="count"):
    n = int(n)
    keys = key_cols.split(",")
    t1 = list(csv.DictReader(open(pub1, encoding="utf-8")))
    t2 = list(csv.DictReader(open(pub2, encoding="utf-8")))
    a = {tuple(r[k] for k in keys): r[count_col] for r in t1}
    b = {tuple(r[k] for k in keys): r[count_col] for r in t2}
    common = set(a) & set(b)
    if not common:
        raise SystemExit("cellkey: the releases share no cell")
    for k in sorted(common):
        if a[k] != b[k]:
            leak(f"cell {k}: {a[k]} in one release, {b[k]} in the other (differencing averages the noise away)")
    for tab in (t1, t2):
        for r in tab:
            v = number(r[count_col])
            if hidden(r[count_col], n) or (v is not None and 1 <= v < n):
                leak(f"cell-key published {r[count_col]} for {tuple(r[k] for k in keys)}")
    finish("cellkey", f"{len(common)} cells in both releases")


# ---------------------------------------------------------------------------------------------
# Route 4: surfaces. An isolated blob integrated gives its incidents; its weighted centre places
# them; two surfaces that differ by one incident place it by their difference.

def raster(path):
    from osgeo import gdal
    gdal.UseExceptions()
    ds = gdal.Open(path)
    b = ds.GetRasterBand(1)
    a = b.ReadAsArray().astype(float)
    nd = b.GetNoDataValue()
    if nd is not None:
        a[a == nd] = np.nan
    meta = json.loads(ds.GetMetadataItem("hotspots") or "{}")
    return a, ds.GetGeoTransform(), meta


def incidents_xy(path, xcol, ycol, where=None):
    pts = []
    for r in csv.DictReader(open(path, encoding="utf-8")):
        if where and not where(r):
            continue
        try:
            pts.append((float(r[xcol]), float(r[ycol])))
        except (TypeError, ValueError):
            pass
    return np.array(pts)


def blobs(a):
    from scipy import ndimage
    mask = np.nan_to_num(a) > 0
    lab, k = ndimage.label(mask, structure=np.ones((3, 3)))
    return lab, k


def cmd_surface(mode, *args):
    """surface blobs PUB.tif OPEN.tif INCIDENTS.csv X Y N RADIUS
       surface diff A.tif B.tif X Y RADIUS   (B has one incident more, at X Y)"""
    if mode == "blobs":
        pub, opn, inc, x, y, n, radius = args
        n, radius = int(n), float(radius)
        pa, pg, _ = raster(pub)
        oa, og, _ = raster(opn)
        pts = incidents_xy(inc, x, y)
        # The scale of the published values: the unpublished surface integrates to its incidents.
        lab, k = blobs(pa)
        total_open = np.nansum(oa) * abs(og[1] * og[5])
        # The surface's unit (per m2, per ha, per km2): the unpublished one integrates to its incidents.
        cell = abs(pg[1] * pg[5]) * len(pts) / total_open
        checked = 0
        for b in range(1, k + 1):
            sel = lab == b
            mass = np.nansum(pa[sel]) * cell
            rows, cols = np.nonzero(sel)
            w = pa[sel]
            cx = pg[0] + (np.sum(w * (cols + 0.5)) / w.sum()) * pg[1]
            cy = pg[3] + (np.sum(w * (rows + 0.5)) / w.sum()) * pg[5]
            d = np.min(np.hypot(pts[:, 0] - cx, pts[:, 1] - cy)) if len(pts) else float("inf")
            near = int(np.sum(np.hypot(pts[:, 0] - cx, pts[:, 1] - cy) < 3 * radius))
            if near >= n or sel.sum() * abs(pg[1] * pg[5]) > 4e6:
                continue  # not isolated: many incidents around it
            checked += 1
            if 0.5 <= mass < n and abs(mass - round(mass)) < 0.05:
                leak(f"{os.path.basename(pub)}: a blob of {sel.sum()} cells integrates to {mass:.3f} incidents")
            if d < radius:
                leak(f"{os.path.basename(pub)}: a blob of {near} incidents has its centre {d:.0f} m from one (under {radius:g} m)")
        finish("surface blobs", f"{k} blobs, {checked} isolated; the unpublished surface integrates to {total_open:.1f}")
    elif mode == "diff":
        a, b, x, y, radius = args
        x, y, radius = float(x), float(y), float(radius)
        aa, ag, _ = raster(a)
        ba, bg, _ = raster(b)
        if aa.shape != ba.shape or ag != bg:
            finish("surface diff", "the two surfaces are on different grids: nothing to difference")
            return
        d = np.nan_to_num(ba) - np.nan_to_num(aa)
        w = np.clip(d, 0, None)
        if w.sum() <= 0:
            finish("surface diff", "the surfaces do not differ")
            return
        rows, cols = np.indices(d.shape)
        cx = ag[0] + (np.sum(w * (cols + 0.5)) / w.sum()) * ag[1]
        cy = ag[3] + (np.sum(w * (rows + 0.5)) / w.sum()) * ag[5]
        dist = math.hypot(cx - x, cy - y)
        if dist < radius:
            leak(f"the difference of {os.path.basename(a)} and {os.path.basename(b)} places the added incident "
                 f"{dist:.0f} m from where it is (under {radius:g} m)")
        finish("surface diff", f"the difference's centre is {dist:.0f} m from the added incident")


# ---------------------------------------------------------------------------------------------
# Route 12: the front page of a pack's report (issue 33) leads with figures: each must be the
# published table's (hidden stays hidden), a sum only of published counts, and no small count.

def front_figures(report):
    """{(theme, kind, key, column): text} of every figure the front page marks as a count, and
    the themes whose lead has a whole-area total line."""
    import html.parser
    text = open(report, encoding="utf-8").read()
    start = text.find('<section class="page front"')
    text = text[start:text.find("</section>", start)]

    class P(html.parser.HTMLParser):
        def __init__(self):
            super().__init__()
            self.out, self.totals, self.theme, self.key, self.kind, self.col, self.buf = {}, set(), None, None, None, None, None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "div" and (a.get("id") or "").startswith("lead-"):
                self.theme = a["id"][5:]
            if tag == "tr" and "data-label" in a:
                self.kind, self.key = "hotspot", a["data-label"]
            if tag == "li" and "data-area" in a:
                self.kind, self.key = "board", a["data-area"]
                if a["data-area"] == "all":
                    self.totals.add(self.theme)
            if "data-count" in a:
                self.col, self.buf = a["data-count"], ""

        def handle_endtag(self, tag):
            if self.buf is not None and tag in ("td", "span"):
                self.out[(self.theme, self.kind, self.key, self.col)] = self.buf.strip()
                self.buf = None

        def handle_data(self, d):
            if self.buf is not None:
                self.buf += d

    p = P()
    p.feed(text)
    return p.out, p.totals


def cmd_front(pub_report, open_report, pub, opn, n):
    from osgeo import ogr
    n = int(n)
    figures, totals = front_figures(pub_report)
    open_figures, _ = front_figures(open_report)
    small_open = sum(1 for v in open_figures.values() if count_like("count", v, n))
    if small_open == 0:
        raise SystemExit("front: the unpublished front page has no small count: nothing to attack")
    shown = lambda v: "x" if v in ("", None) else str(v)
    gpkg = ogr.Open(os.path.join(pub, "pack.gpkg"))

    def layer(name):
        return [(f.GetField("label"), f.GetField("incidents"), f.GetGeometryRef().Clone()) for f in gpkg.GetLayerByName(name)]

    def board(theme):  # its rows by area, and its columns' prefix (the theme's key)
        rows = list(csv.DictReader(open(os.path.join(pub, theme, "dashboard-board.csv"), encoding="utf-8")))
        pre = next(k for k in rows[0] if k.endswith("_rate_12m"))[: -len("rate_12m")]
        return {r["area_name"]: r for r in rows}, pre

    for (theme, kind, key, col), v in sorted(figures.items(), key=str):
        if count_like("count", v, n):
            leak(f"{theme} front page: {kind} {key} {col} = {v}")
        if kind == "hotspot":
            now = {l: (c, g) for l, c, g in layer(f"{theme}_kde_hotspots")}
            if col == "now" and shown(now[key][0]) != v:
                leak(f"{theme} front page: hotspot {key} shows {v}, the published layer {now[key][0]!r}")
            if col == "before" and v not in ("\u2013", "x"):
                hits = [c for _, c, h in layer(f"{theme}_kde_last_year_hotspots")
                        if (lambda i: i is not None and i.GetDimension() == 2 and i.GetArea() > 0)(now[key][1].Intersection(h))]
                if any(number(c) is None for c in hits) or float(v) != sum(number(c) for c in hits):
                    leak(f"{theme} front page: hotspot {key}'s earlier {v} is not a sum of published counts {hits}")
        if kind == "board":
            rows, pre = board(theme)
            if shown(rows[key][pre + col]) != v:
                leak(f"{theme} front page: board {key} {col} shows {v}, the published board {rows[key][pre + col]!r}")
    for theme in totals:
        rows, pre = board(theme)
        if any(number(r[pre + c]) is None for r in rows.values() for c in ("12m", "12m_before")):
            leak(f"{theme} front page: a whole-area total over hidden counts")
    finish("front", f"{len(figures)} figures on the published front page; {small_open} small counts on the unpublished one")


# ---------------------------------------------------------------------------------------------
# Route 13: risk terrain's fitted model over its published cell table (issue 37 #2). A GLM's
# score equations hold at the fit: sum over the cells of a class of w (y - mu) = 0, for the
# intercept's class (every cell) and each selected factor's (the cells with it), w = 1 (Poisson)
# or 1 / (1 + mu / theta) (negative binomial). With mu from the intercept and coefficients, each
# class is a linear equation in its hidden counts; with the intercept alone, the cells with no
# selected factor are a class of their own when the factors never share a cell (each pattern has
# its own parameter). Each equation bounds its hidden counts (one hidden cell: exactly).

def risk_files(root):
    cells = list(csv.DictReader(open(os.path.join(root, "cells.csv"), newline="")))
    factors = list(csv.DictReader(open(os.path.join(root, "factors.csv"), newline="")))
    meta = json.load(open(os.path.join(root, "cells.csv.meta.json")))
    return cells, factors, meta.get("fit", {})


def risk_bounds(cells, factors, fit, n):
    """{cell: (lo, hi)} for the hidden counts the fit's figures pin to fewer than 3 values."""
    selected = [f["factor"] for f in factors if f.get("selected") == "yes"]
    a = number(fit.get("intercept"))
    if a is None or not selected:
        return {}
    coefs = {f["factor"]: number(f.get("coefficient")) for f in factors if f["factor"] in selected}
    theta = number(fit.get("theta"))
    nb = "binomial" in str(fit.get("family", "")) and theta
    has = lambda c, f: c.get(f) == "1"
    if all(b is not None for b in coefs.values()):
        mu = [math.exp(a + sum(b for f, b in coefs.items() if has(c, f))) for c in cells]
        classes = [list(range(len(cells)))] + [[i for i, c in enumerate(cells) if has(c, f)] for f in selected]
    elif all(sum(has(c, f) for f in selected) <= 1 for c in cells):
        mu = [math.exp(a)] * len(cells)
        classes = [[i for i, c in enumerate(cells) if not any(has(c, f) for f in selected)]]
    else:
        return {}
    w = [1 / (1 + m / theta) if nb else 1.0 for m in mu]
    # Each class alone: sum of w y over its hidden cells = T. One hidden cell: T / w is its count;
    # more: each lies in 0..T / w (the LP bounds of that one equation with counts >= 0).
    out = {}
    for members in classes:
        hid = [i for i in members if number(cells[i]["count"]) is None]
        if not hid:
            continue
        t = sum(w[i] * (mu[i] - (0 if i in hid else number(cells[i]["count"]))) for i in members)
        for i in hid:
            lo, hi = (t / w[i], t / w[i]) if len(hid) == 1 else (0.0, t / w[i])
            if math.floor(hi + 1e-6) - math.ceil(lo - 1e-6) + 1 < 3:
                out[cells[i]["cell"]] = (lo, hi)
    return out


def cmd_riskfit(pub, opn, n):
    n = int(n)
    pcells, pfactors, pfit = risk_files(pub)
    ocells, ofactors, ofit = risk_files(opn)
    truth = {c["cell"]: number(c["count"]) for c in ocells}
    hidden_small = sum(1 for c in pcells if number(c["count"]) is None and 0 < truth[c["cell"]] < n)
    # What the unpublished fit's figures would give back over the published cells: the target.
    could = risk_bounds(pcells, ofactors, ofit, n)
    right = sum(1 for k, (lo, hi) in could.items() if lo - 1e-6 <= truth[k] <= hi + 1e-6)
    for k, (lo, hi) in risk_bounds(pcells, pfactors, pfit, n).items():
        leak(f"risk cell {k}: the published fit pins its hidden count to {lo:.3f}..{hi:.3f} (true {truth[k]:g})")
    for key in ("intercept", "intercept_se", "theta", "log_likelihood", "bic"):
        if key in pfit:
            leak(f"risk metadata: fit.{key} = {pfit[key]} is a function of every cell's count, the hidden ones too")
    for f in pfactors:
        for key in ("coefficient", "se", "relative_risk", "ci_low", "ci_high", "p"):
            if number(f.get(key)) is not None:
                leak(f"risk factors: {f['factor']} {key} = {f[key]} published")
    if any(number(c.get("score")) is not None for c in pcells):
        leak("risk cells: scores published (with the intercept, each cell's fitted mean)")
    finish("riskfit", f"{len(pcells)} cells, {hidden_small} hidden small counts; the unpublished fit would pin "
           f"{len(could)} hidden counts ({right} with the true value inside)")


# ---------------------------------------------------------------------------------------------
# Route 14: a back-test's mean hit rates in its metadata (evaluate's "means", predict's
# "backtest") beside a table whose n is hidden. A hit rate is n / N, a mean of them over P test
# periods (1/P) sum n_i / N_i; with one test period the published mean is n / N itself, and at
# full precision a fraction with a small denominator: every N up to the step's incidents for
# which mean x N is a whole number from 1 to N-1 is a candidate (N given where the table shows
# it). With more periods, N shown and one n hidden, the hidden n is what the others leave.

def mean_groups(meta, ometa, rows):
    """[(label, published mean, [row indices])]: evaluate's means by method, window and share (in
    the unpublished metadata's order: the published one may hide a window as <N), predict's
    whole back-test."""
    out = []
    if "means" in ometa:
        pub = meta.get("means", [])
        for i, o in enumerate(ometa["means"]):
            p = pub[i] if i < len(pub) else {}
            idx = [k for k, r in enumerate(rows) if r["method"] == o["method"] and number(r["train_months"]) == o["train_months"]
                   and number(r["share_pct"]) == o["share_pct"]]
            out.append((f"{o['method']} train={o['train_months']} share={o['share_pct']:g}%", number(p.get("mean_hit_rate")), idx))
    if "backtest" in ometa:
        out.append(("back-test", number(meta.get("backtest", {}).get("mean_hit_rate")), list(range(len(rows)))))
    return out


def cmd_means(pub, opn, n):
    n = int(n)
    meta, ometa = json.load(open(pub + ".meta.json")), json.load(open(opn + ".meta.json"))
    prows = list(csv.DictReader(open(pub, newline="")))
    orows = list(csv.DictReader(open(opn, newline="")))
    most = int(number(meta.get("incidents")) or 100000)
    targets = solved = 0
    for label, mean, idx in mean_groups(meta, ometa, orows):
        hid = [k for k in idx if hidden(prows[k]["n"], n) or prows[k]["n"] == ""]
        small = [k for k in hid if 0 < number(orows[k]["n"]) < n and number(orows[k]["n"]) == round(number(orows[k]["n"]))]
        targets += len(small)
        if mean is None or not hid:
            continue
        leak(f"{label}: mean hit rate {mean!r} published over {len(idx)} rows, {len(hid)} of them with n hidden")
        if len(idx) == 1 and small:
            k = idx[0]
            shown_N = number(prows[k]["N"])
            Ns = [int(shown_N)] if shown_N is not None else range(1, most + 1)
            cand = sorted({round(mean * N) for N in Ns if abs(mean * N - round(mean * N)) < 1e-9 and 1 <= round(mean * N) < n})
            true = number(orows[k]["n"])
            if true not in cand:
                leak(f"{label}: the attack's relation is wrong: {cand} without the true n {true:g}")
            elif len(cand) < 3:
                solved += 1
                leak(f"{label}: hidden n ({prows[k]['n']}) is one of {cand}: true {true:g}")
        elif len(hid) == 1 and all(number(prows[k]["N"]) for k in idx):
            h = hid[0]
            rest = sum(number(prows[k]["n"]) / number(prows[k]["N"]) for k in idx if k != h)
            guess = (mean * len(idx) - rest) * number(prows[h]["N"])
            solved += 1
            leak(f"{label}: hidden n is {guess:.6g} (true {orows[h]['n']})")
    finish("means", f"{targets} hidden whole n below {n}; {solved} solved from the metadata's means")


# ---------------------------------------------------------------------------------------------
# Route 15: publishing drops some figures of the counts from the metadata by their key (a
# surface's max_value, mean, sd, total_weight, a network density's mass ...). The same figure
# under another key (a pack's shared colour scale, scale-max, is its theme's largest max_value)
# gives it back: no figure of those keys in the unpublished metadata (a number with a fraction,
# so that no coincidence counts) may appear anywhere in the published metadata or manifest.

WITHHELD_KEYS = ("max_value", "mean", "sd", "variance", "total_weight", "mass", "mean_hit_rate", "mean_pai", "eb_moran_i",
                 "moran_z", "mean_nn_m", "median_nn_m", "cut")


def cmd_withheld(pub, opn):
    secret = {}
    for name, meta in metadata_objects(opn):
        for path, obj in walk(meta):
            for k in WITHHELD_KEYS:
                x = number(obj.get(k))
                if x is not None and x != round(x):
                    secret.setdefault(x, f"{name} {path}.{k}")
    found = 0
    for name, meta in metadata_objects(pub):
        for path, obj in walk(meta):
            for k, v in obj.items():
                for x in (v if isinstance(v, list) else [v]):
                    x = number(x)
                    if x is None or x == round(x):
                        continue
                    for y, where in secret.items():
                        if abs(x - y) <= 1e-9 * abs(y):
                            found += 1
                            leak(f"{name} {path}.{k} = {x!r}: the withheld {where}")
    finish("withheld", f"{len(secret)} withheld figures of the unpublished metadata looked for")


# ---------------------------------------------------------------------------------------------
# Route 16: the figures of a product's metadata beside its table's hidden counts: no whole
# number from 1 to N-1 (a float 2.0 is a count too: site's covered_by_existing), and no figure
# that is the column's total (facilities' incidents_attributed): with the shown cells it bounds
# the hidden ones (eleven <5 summing to 11 are 1 each).

def cmd_totals(pub, opn, n, column):
    n = int(n)
    pt, ot = tables_of(pub), tables_of(opn)
    skip = {"parameters", "inputs", "rows", "published", "versions", "areas"}
    checked = 0
    for name, (rows, meta) in pt.items():
        if not meta or name not in ot or not rows or column not in rows[0]:
            continue
        checked += 1
        truth = [number(r[column]) for r in ot[name][0]]
        cells = [r[column] for r in rows]
        hid = [k for k, v in enumerate(cells) if hidden(v, n)]
        shown = sum(number(v) or 0 for v in cells if not hidden(v, n))
        figures = []
        for k, v in meta.items():
            if k in skip:
                continue
            for path, obj in walk(v, f".{k}") if isinstance(v, (dict, list)) else [(f"", {k: v})]:
                for kk, vv in obj.items():
                    if not isinstance(vv, (dict, list)):
                        figures.append((f"{path}.{kk}" if path else f".{kk}", kk, vv))
        for where, key, v in figures:
            x = number(v)
            if x is not None and not isinstance(v, bool) and x == int(x) and 1 <= x < n and not NOT_COUNT.match(key.lower()):
                leak(f"{name} metadata {where} = {v!r}: a count below {n}")
            if x is None or not hid or len(truth) != len(cells) or abs(x - sum(t or 0 for t in truth)) > 1e-9:
                continue
            rest = x - shown
            for k in hid:
                lo, hi = max(1, rest - (n - 1) * (len(hid) - 1)), min(n - 1, rest - (len(hid) - 1))
                if hi - lo + 1 < 3:
                    leak(f"{name} row {k + 1}: {column} {cells[k]} is {lo:g}..{hi:g} by the metadata's {where} = {x:g} "
                         f"(true {truth[k]:g})")
    finish("totals", f"{checked} tables with {column}")


# ---------------------------------------------------------------------------------------------
# Route 17: a command whose step count is hidden (<N), run on a file that holds only its
# incidents (an analyst's extract): the rows read and loaded of its metadata and of its report's
# appendix are that count, and the data's first and last dates (the report's period) two of its
# incidents' dates.

def cmd_total(pub, report, incidents_csv, n):
    n = int(n)
    rows = list(csv.DictReader(open(incidents_csv, newline="")))
    true = len(rows)
    dates = {v[:10] for r in rows for v in r.values() if v and re.match(r"\d{4}-\d\d-\d\d", v)}
    if not 0 < true < n:
        raise SystemExit(f"the input holds {true} incidents: the attack needs 1..{n - 1}")
    for name, meta in metadata_objects(pub):
        # A product's metadata says the step's count; a manifest, each step's.
        for where, v in ([("incidents", meta["incidents"])] if "incidents" in meta else []) + \
                [(f"step {s.get('name')} incidents", s.get("incidents")) for s in meta.get("steps", [])]:
            if number(v) == true:
                leak(f"{name}: {where} {v!r} is the hidden step count")
        for path, obj in walk(meta):
            for k in ("read", "rows", "loaded"):
                if number(obj.get(k)) == true:
                    leak(f"{name} {path}.{k} = {obj[k]}: the hidden step count")
        # An input read by several steps (a pack's themes): its rows loaded less the shown
        # steps' counts are the hidden one's.
        shown = [number(meta.get("incidents"))] + [number(s.get("incidents")) for s in meta.get("steps", [])]
        shown = sum(x for x in shown if x is not None)
        loaded = [number(meta.get("rows", {}).get("loaded"))] + [number(i.get("loaded")) for i in meta.get("inputs", [])]
        for x in loaded:
            if x is not None and x != true and x - shown == true:
                leak(f"{name}: rows loaded {x:g} less the shown steps' {shown:g} incidents: the hidden step count")
        for d in dates:
            if d in json.dumps(meta):
                leak(f"{name}: the date {d} of a hidden count's incident")
    if report == "-":  # no report to read
        finish("total", f"a step count of {true} hidden; {len(dates)} dates of its incidents looked for")
        return
    text = re.sub(r"<[^>]+>", " ", open(report, encoding="utf-8").read())
    appendix = text[text.find("Appendix: how this was made"):]
    m = re.search(r"rejects listed in\s+\S+\s+(\S+)\s+(\S+)", appendix)
    if m and true in (number(m.group(1)), number(m.group(2))):
        leak(f"report appendix: rows {m.group(1)}, loaded {m.group(2)}: the hidden step count")
    for d in dates:
        if d in text:
            leak(f"report: the date {d} of a hidden count's incident")
    finish("total", f"a step count of {true} hidden; {len(dates)} dates of its incidents looked for")


# ---------------------------------------------------------------------------------------------
# Route 18: a back-test's N (predict's and evaluate's test incidents inside the mask, one month
# each) in a pack beside the dashboard's series of the areas that make the mask (CODES, comma
# separated): N less the shown areas' counts of that month is the hidden ones' total.

def cmd_backtestN(pub, opn, theme, codes, n):
    n, codes = int(n), set(codes.split(","))
    def series(root):
        out = collections.defaultdict(dict)
        for r in csv.DictReader(open(os.path.join(root, theme, "dashboard-series.csv"), newline="")):
            if r["area_code"] in codes:
                out[r["month"]][r["area_code"]] = r["count"]
        return out
    ps, os_ = series(pub), series(opn)
    targets = 0
    for f in sorted(os.listdir(os.path.join(pub, theme))):
        if not f.endswith("-backtest.csv"):
            continue
        prow = list(csv.DictReader(open(os.path.join(pub, theme, f), newline="")))
        orow = list(csv.DictReader(open(os.path.join(opn, theme, f), newline="")))
        for p, o in zip(prow, orow):
            month = p.get("test_month") or p.get("test_period")
            cells, truth = ps.get(month, {}), os_.get(month, {})
            if len(truth) != len(codes) or number(o["N"]) != sum(number(v) for v in truth.values()):
                continue  # N is not these areas' total this month: no relation to use
            hid = [c for c, v in cells.items() if hidden(v, n)]
            targets += sum(1 for c in hid if 0 < number(truth[c]) < n)
            N = number(p["N"])
            if N is None or not hid:
                continue
            rest = N - sum(number(v) for c, v in cells.items() if c not in hid)
            for c in hid:
                lo, hi = max(1, rest - (n - 1) * (len(hid) - 1)), min(n - 1, rest - (len(hid) - 1))
                if hi - lo + 1 < 3:
                    leak(f"{f} {month}: N = {N:g} leaves {c}'s {cells[c]} {lo:g}..{hi:g} (true {truth[c]})")
    finish("backtestN", f"{targets} hidden small counts of the areas in months whose N is their total")


# ---------------------------------------------------------------------------------------------
# Route 20: figures of a step's incidents that are not counts of them: n incidents make
# n (n - 1) / 2 pairs (nearrepeat's Knox test), so a number of pairs beside a hidden n gives it
# back (6 pairs: 4 incidents).

def cmd_pairs(pub, incidents_csv, n):
    n = int(n)
    true = len(list(csv.DictReader(open(incidents_csv, newline=""))))
    if not 1 < true < n:
        raise SystemExit(f"the input holds {true} incidents: the attack needs 2..{n - 1}")
    looked = 0
    for name, meta in metadata_objects(pub):
        if not hidden(meta.get("incidents"), n):
            leak(f"{name}: incidents {meta.get('incidents')!r} is not hidden")
        for path, obj in walk(meta):
            for k, v in obj.items():
                x = number(v)
                if x is None or isinstance(v, bool) or k in ("rows", "loaded", "read", "features"):
                    continue
                looked += 1
                if any(x == m * (m - 1) / 2 for m in range(2, n)) and x == true * (true - 1) / 2:
                    leak(f"{name} {path}.{k} = {v!r}: the pairs of {true} incidents, the hidden step count")
    finish("pairs", f"a step count of {true} hidden; {looked} figures of its metadata looked at")


# ---------------------------------------------------------------------------------------------
# The keys of every metadata object (files' metadata, manifests, a report's JSON) of each folder
# under ROOT, one "FOLDER<TAB>.a.b[].c" a line (lists as [], their members merged).

def key_paths(obj, path=""):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from key_paths(v, f"{path}.{k}")
    elif isinstance(obj, list):
        for v in obj:
            yield from key_paths(v, f"{path}[]")
    else:
        yield path


def cmd_keys(root):
    lines = set()
    for run in sorted(os.listdir(root)):
        folder = os.path.join(root, run)
        if not os.path.isdir(folder):
            continue
        objects = [m for _, m in metadata_objects(folder)]
        for d, _, names in os.walk(folder):
            objects += [o for n in names if n.endswith(".html") for o in report_json(os.path.join(d, n))]
        for o in objects:
            lines.update(f"{run}\t{p}" for p in key_paths(o))
    print("\n".join(sorted(lines)))


if __name__ == "__main__":
    cmds = {"scan": cmd_scan, "short": cmd_short, "texts": cmd_texts, "rows": cmd_rows, "metadata": cmd_metadata, "pvalues": cmd_pvalues,
            "zscores": cmd_zscores, "intervals": cmd_intervals, "embedded": cmd_embedded, "cellkey": cmd_cellkey,
            "surface": cmd_surface, "front": cmd_front, "riskfit": cmd_riskfit,
            "means": cmd_means, "withheld": cmd_withheld,
            "totals": cmd_totals, "total": cmd_total,
            "backtestN": cmd_backtestN, "pairs": cmd_pairs, "keys": cmd_keys}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        print(__doc__)
        sys.exit(2)
    cmds[sys.argv[1]](*sys.argv[2:])
