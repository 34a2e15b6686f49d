#!/usr/bin/python3
"""Compares the hotspot polygons of a tiled kde with the untiled run's (docs/kde.md, "Hotspots
from tiles"): the same features in the same order, every field equal except `mean` (equal to
within 2 (cells - 1) u of itself: its cells summed in another order when a hotspot spans tiles),
the geometries' WKB byte for byte, and the layers' `hotspots` metadata member (threshold, cut,
hot cells, groups, dropped) equal (the cut of mean+Ksd to within 2 (n - 1) u). Prints one line; exits 1 on a difference.
Usage: compare_hotspots.py TILED.gpkg WHOLE.gpkg"""
import json
import sys

from osgeo import ogr

ogr.UseExceptions()


def read(path):
    ds = ogr.Open(path)
    layer = ds.GetLayer(0)
    meta = json.loads(layer.GetMetadataItem("hotspots"))
    rows = []
    for f in layer:
        rows.append((f.items(), bytes(f.GetGeometryRef().ExportToWkb())))
    return meta, rows


(tm, tiled), (wm, whole) = read(sys.argv[1]), read(sys.argv[2])
problems = []
# The cut: bit for bit for top:P% and value:X; within 2 (n - 1) u for mean+Ksd (n cells).
grid = wm["parameters"]["grid"]
cut_bound = 2 * grid["cols"] * grid["rows"] * 2.0 ** -53 * abs(wm["hotspots"]["cut"])
if abs(tm["hotspots"]["cut"] - wm["hotspots"]["cut"]) > (cut_bound if wm["hotspots"]["threshold"].startswith("mean") else 0):
    problems.append(f"cut {tm['hotspots']['cut']!r} vs {wm['hotspots']['cut']!r}")
if {k: v for k, v in tm["hotspots"].items() if k != "cut"} != {k: v for k, v in wm["hotspots"].items() if k != "cut"}:
    problems.append(f"metadata differs: {tm['hotspots']} vs {wm['hotspots']}")
if len(tiled) != len(whole):
    problems.append(f"{len(tiled)} polygons, not {len(whole)}")
worst = 0.0
for k, ((a, ga), (b, gb)) in enumerate(zip(tiled, whole)):
    for name in b:
        if name == "mean":
            rel = abs(a[name] - b[name]) / b[name]
            worst = max(worst, rel)
            cells = b["area_m2"] / (wm["parameters"]["cell_m"] ** 2)
            if rel > 2 * cells * 2.0 ** -53:
                problems.append(f"polygon {k + 1}: mean {a[name]!r} vs {b[name]!r}")
        elif a[name] != b[name]:
            problems.append(f"polygon {k + 1}: {name} {a[name]!r} vs {b[name]!r}")
    if ga != gb:
        problems.append(f"polygon {k + 1} ({b['label']}): geometry differs")
if problems:
    sys.exit("; ".join(problems[:5]))
print(f"{len(whole)} polygons equal, geometries byte for byte, max relative difference of mean {worst:.3g}")
