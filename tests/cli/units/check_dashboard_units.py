"""Independent checks of `hotspots dashboard` on street segments and hexagons (/usr/bin/python3).

streets: every incident is joined to its nearest segment of the board's own layer by brute force
(numpy: the distance to every piece of every segment; ties to the lower segment number; none
beyond the tolerance) and counted by the month of its start into the board's periods (the
month, 3 months and the same 3 a year earlier, 12 months and the 12 before); every segment's
counts in the layer and in the tidy table must equal them, its length the line's, its rate per
100 m and change in per cent the arithmetic of those counts, and its rank among all segments a
competition rank of the 12-month count (1 = lowest, ties share the lowest).
hex: every incident is counted in the hexagon polygon of the board's layer that contains it (ray
casting over the polygon's own vertices, not the engine's hexagon arithmetic; a point exactly on
an edge of two may be in either); the counts must equal the layer's, every incident must be in a
hexagon, and the ranks and changes must be those of the counts.
hot: the top segments of the vehicle-crime board by 12-month count lie on the planted hot
streets (sample_data/truth/hot_streets.csv), both of them.
Usage: check_dashboard_units.py streets BOARD.gpkg TIDY.csv INCIDENTS.csv TOLERANCE YYYY-MM
       check_dashboard_units.py hex BOARD.gpkg INCIDENTS.csv YYYY-MM
       check_dashboard_units.py hot BOARD.csv TRUTH.csv TOP
"""
import csv
import math
import sys

import numpy as np
from osgeo import ogr

KEY = "all"  # --themes all


def month_no(text):
    return int(text[:4]) * 12 + int(text[5:7]) - 1


def windows(m):
    return {"month": (m, m), "3m": (m - 2, m), "3m_before": (m - 14, m - 12), "12m": (m - 11, m),
            "12m_before": (m - 23, m - 12)}


def read_incidents(path):
    pts, months = [], []
    with open(path, newline="") as fh:
        for row in csv.DictReader(fh):
            pts.append((float(row["easting"]), float(row["northing"])))
            months.append(month_no(row["committed_from"]))
    return np.array(pts), np.array(months)


def read_layer(path, code_field):
    ds = ogr.Open(path)
    layer = ds.GetLayer(0)
    rows = {}
    for f in layer:
        g = f.GetGeometryRef()
        r = {k: f.GetField(k) for k in [layer.GetLayerDefn().GetFieldDefn(i).GetName()
                                        for i in range(layer.GetLayerDefn().GetFieldCount())]}
        while g.GetPointCount() == 0 and g.GetGeometryCount() > 0:  # a polygon's outer ring
            g = g.GetGeometryRef(0)
        r["_xy"] = np.array([g.GetPoint_2D(i) for i in range(g.GetPointCount())])
        rows[str(r[code_field])] = r
    return rows


def counts_by_window(unit_of, months, n, month):
    out = {}
    for name, (a, b) in windows(month).items():
        keep = (unit_of >= 0) & (months >= a) & (months <= b)
        out[name] = np.bincount(unit_of[keep], minlength=n)
    return out


def competition_ranks(values):
    v = np.asarray(values)
    return np.array([1 + int((v < x).sum()) for x in v])


def check_counts_and_ranks(layer, codes, mine, what):
    bad = []
    ranks = competition_ranks(mine["12m"])
    for k, c in enumerate(codes):
        r = layer[c]
        for w in ("3m", "3m_before", "12m", "12m_before"):
            if r[f"{KEY}_{w}"] != mine[w][k]:
                bad.append(f"{what} {c} {w}: board {r[f'{KEY}_{w}']}, join {mine[w][k]}")
        if r[f"{KEY}_rank_12m"] != ranks[k] or r[f"{KEY}_rank_12m_of"] != len(codes):
            bad.append(f"{what} {c} rank: board {r[f'{KEY}_rank_12m']}/{r[f'{KEY}_rank_12m_of']}, "
                       f"brute force {ranks[k]}/{len(codes)}")
        before, after = mine["12m_before"][k], mine["12m"][k]
        pct = r[f"{KEY}_change_12m_pct"]
        if before > 0 and (pct is None or abs(pct - 100 * (after - before) / before) > 1e-9):
            bad.append(f"{what} {c} change_12m_pct: board {pct}, counts {after} against {before}")
        if before == 0 and pct is not None:
            bad.append(f"{what} {c} change_12m_pct {pct} on a year before of 0")
    return bad


def streets(board, tidy, inc, tol, month):
    layer = read_layer(board, "segment")
    codes = sorted(layer, key=int)
    lines = [layer[c]["_xy"] for c in codes]
    a = np.concatenate([l[:-1] for l in lines])
    d = np.concatenate([l[1:] for l in lines]) - a
    owner = np.concatenate([np.full(len(l) - 1, k) for k, l in enumerate(lines)])
    dd = (d ** 2).sum(axis=1)
    pts, months = read_incidents(inc)
    unit_of = np.full(len(pts), -1)
    for s in range(0, len(pts), 500):
        p = pts[s:s + 500]
        # The foot of each point on each piece, clamped to the piece.
        t = ((p[:, None, 0] - a[:, 0]) * d[:, 0] + (p[:, None, 1] - a[:, 1]) * d[:, 1]) / np.where(dd > 0, dd, 1)
        t = np.clip(t, 0, 1)
        dist = np.hypot(p[:, None, 0] - a[:, 0] - t * d[:, 0], p[:, None, 1] - a[:, 1] - t * d[:, 1])
        best = dist.min(axis=1)
        for i in np.nonzero(best <= tol)[0]:
            unit_of[s + i] = owner[dist[i] <= best[i] + 1e-9].min()
    mine = counts_by_window(unit_of, months, len(codes), month_no(month))
    bad = check_counts_and_ranks(layer, codes, mine, "segment")
    for k, c in enumerate(codes):
        r = layer[c]
        length = float(np.hypot(*np.diff(lines[k], axis=0).T).sum())
        if abs(r["length_m"] - length) > 1e-6 * max(1, length):
            bad.append(f"segment {c} length_m {r['length_m']}, its line {length}")
        rate = r[f"{KEY}_per_100m_12m"]
        if abs(rate - 100 * mine["12m"][k] / length) > 1e-9 * max(1, rate):
            bad.append(f"segment {c} per_100m_12m {rate}, 100 x {mine['12m'][k]} / {length}")
    index = {c: k for k, c in enumerate(codes)}
    rows = 0
    with open(tidy, newline="") as fh:
        for r in csv.DictReader(fh):
            rows += 1
            want = mine[r["period"]][index[r["segment"]]]
            if int(r["count"]) != want:
                bad.append(f"tidy segment {r['segment']} {r['period']}: {r['count']}, join {want}")
            rate = 100 * want / float(r["length_m"])
            if abs(float(r["per_100m"]) - rate) > 1e-9 * max(1, rate):
                bad.append(f"tidy segment {r['segment']} {r['period']}: per_100m {r['per_100m']}, {rate}")
    if rows != 5 * len(codes):
        bad.append(f"tidy: {rows} rows for {len(codes)} segments x 5 periods")
    if bad:
        bad.sort(key=lambda b: "rank" in b)
        sys.exit(f"FAIL: {len(bad)} differences, e.g.\n  " + "\n  ".join(bad[:8]))
    print(f"streets: {len(codes)} segments, {int((unit_of >= 0).sum())} incidents snapped, "
          f"{int((unit_of < 0).sum())} unsnapped: counts, tidy, lengths, rates, changes and ranks equal")


def inside(poly, p):
    """Ray casting: whether each point of p lies in the closed ring poly."""
    x, y = p[:, 0], p[:, 1]
    hit = np.zeros(len(p), dtype=bool)
    for (x1, y1), (x2, y2) in zip(poly[:-1], poly[1:]):
        crosses = (y1 > y) != (y2 > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            xc = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
        hit ^= crosses & (x < xc)
    return hit


def on_ring(poly, p, eps=1e-6):
    """Whether each point of p lies on the ring (within eps of an edge)."""
    a, d = poly[:-1], poly[1:] - poly[:-1]
    t = ((p[:, None, 0] - a[:, 0]) * d[:, 0] + (p[:, None, 1] - a[:, 1]) * d[:, 1]) / (d ** 2).sum(axis=1)
    t = np.clip(t, 0, 1)
    return (np.hypot(p[:, None, 0] - a[:, 0] - t * d[:, 0], p[:, None, 1] - a[:, 1] - t * d[:, 1]) <= eps).any(axis=1)


def hexagons(board, inc, month):
    # A point exactly on an edge shared by two hexagons is in one of them (docs/statistics.md:
    # always the same one, by the engine's rounding); the join counts it as "either", so each
    # hexagon's count must lie between its interior's and its interior's with its edges', and
    # the counts of every period must add up to the incidents of that period.
    layer = read_layer(board, "hexagon")
    codes = sorted(layer)
    pts, months = read_incidents(inc)
    places = np.zeros(len(pts), dtype=int)  # hexagons holding each incident, edges included
    interior, edge = [], []
    for k, c in enumerate(codes):
        ring = layer[c]["_xy"]
        lo, hi = ring.min(axis=0) - 1, ring.max(axis=0) + 1
        near = np.nonzero((pts[:, 0] >= lo[0]) & (pts[:, 0] <= hi[0]) & (pts[:, 1] >= lo[1]) & (pts[:, 1] <= hi[1]))[0]
        on = on_ring(ring, pts[near])
        ins = inside(ring, pts[near]) & ~on
        interior.append(near[ins])
        edge.append(near[on])
        places[near[ins | on]] += 1
    if (places == 0).any():
        sys.exit(f"FAIL: {int((places == 0).sum())} incidents are in no hexagon of the board")
    strict = int((places == 1).sum())
    bad = []
    ties = 0
    for name, (a, b) in windows(month_no(month)).items():
        if name == "month":
            continue
        in_window = (months >= a) & (months <= b)
        total = 0
        for k, c in enumerate(codes):
            n = layer[c][f"{KEY}_{name}"]
            total += n
            low = int(in_window[interior[k]].sum())
            high = low + int(in_window[edge[k]].sum())
            ties += high - low
            if not low <= n <= high:
                bad.append(f"hexagon {c} {name}: board {n}, the point-in-polygon count {low}..{high}")
        if total != int(in_window.sum()):
            bad.append(f"{name}: the hexagons hold {total} incidents, the period {int(in_window.sum())}")
    # Ranks and changes from the board's own counts (checked above), by brute force.
    mine = {w: np.array([layer[c][f"{KEY}_{w}"] for c in codes]) for w in ("3m", "3m_before", "12m", "12m_before")}
    bad += check_counts_and_ranks(layer, codes, mine, "hexagon")
    if bad:
        sys.exit(f"FAIL: {len(bad)} differences, e.g.\n  " + "\n  ".join(bad[:8]))
    print(f"hexagons: {len(codes)}; every incident in one ({strict} inside one, {len(pts) - strict} on an edge of two): "
          f"counts equal the point-in-polygon count; changes and ranks equal")


def hot(board, truth, top):
    planted = {r["street"] for r in csv.DictReader(open(truth, newline="", encoding="utf-8"))}
    rows = list(csv.DictReader(open(board, newline="", encoding="utf-8")))
    rows.sort(key=lambda r: -int(r["count_12m"]))
    first = rows[:int(top)]
    streets_found = {r["street"] for r in first}
    if streets_found != planted:
        sys.exit(f"FAIL: the top {top} segments are on {sorted(streets_found)}, the planted hot streets are {sorted(planted)}")
    if int(first[0]["rank_12m"]) != int(first[0]["rank_12m_of"]):
        sys.exit(f"FAIL: the top segment is ranked {first[0]['rank_12m']} of {first[0]['rank_12m_of']}")
    print(f"hot streets: the top {top} segments (12 months: {', '.join(r['count_12m'] for r in first)}) are on "
          f"{', '.join(sorted(planted))}")


mode = sys.argv[1]
if mode == "streets":
    streets(sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]), sys.argv[6])
elif mode == "hex":
    hexagons(sys.argv[2], sys.argv[3], sys.argv[4])
elif mode == "hot":
    hot(sys.argv[2], sys.argv[3], sys.argv[4])
else:
    sys.exit("usage: see the docstring")
