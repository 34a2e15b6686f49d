#!/usr/bin/python3
"""A synthetic national data set for the tiled-kde benchmark (docs/scale.md): the real NW BCU
burglary points (../shared/data/real, data.police.uk, OGL v3) resampled over England and
Wales. Each incident is a real BCU incident moved, with the BCU's street-level pattern around
it, to a place drawn uniformly over a ROUGH land mask of England and Wales (a hand-drawn
polygon of 29 British National Grid vertices, about 10-20 km from the true coast: no
population layer is at hand). Deterministic for N and seed. Written as CSV (crime_ref,
offence, committed_from, easting, northing), outside the repository: never commit it.

Each incident keeps the month of the real incident it copies (2010-12 to 2025-02, 171 months,
with the BCU's seasons and trend), so a back-test per force has years of history; its day is
drawn from the row number. `--year YYYY` puts every incident in that year instead (the months
round-robin), as the figures of docs/scale.md measured before 2026-12-07 were made.

Usage: /usr/bin/python3 bench/make_national.py N OUT.csv [seed] [real-data folder] [--year YYYY]
"""
import glob
import os
import sys

import numpy as np
from osgeo import ogr, osr

# England and Wales, roughly, clockwise from Berwick (easting, northing in metres, EPSG:27700).
LAND = [(400000, 655000), (430000, 600000), (460000, 540000), (520000, 470000), (540000, 420000),
        (600000, 380000), (650000, 320000), (650000, 270000), (620000, 230000), (640000, 180000),
        (620000, 140000), (540000, 110000), (440000, 80000), (340000, 75000), (270000, 60000),
        (170000, 20000), (140000, 40000), (210000, 130000), (280000, 170000), (200000, 200000),
        (170000, 250000), (250000, 290000), (230000, 340000), (250000, 390000), (330000, 380000),
        (330000, 430000), (330000, 480000), (320000, 570000), (340000, 600000)]


def inside(x, y, poly):
    """Even-odd rule, vectorised over the points."""
    result = np.zeros(x.shape, dtype=bool)
    n = len(poly)
    for i in range(n):
        x1, y1 = poly[i]
        x2, y2 = poly[(i + 1) % n]
        crosses = (y1 > y) != (y2 > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            at = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
        result ^= crosses & (x < at)
    return result


def real_points(folder):
    """The BCU's burglaries (every month), in British National Grid, as offsets from their centre,
    and each one's month ("YYYY-MM")."""
    lon, lat, months = [], [], []
    for path in sorted(glob.glob(os.path.join(folder, "crime/burglary_2010-12_to_2025-02_nwbcu/*.csv"))):
        with open(path, encoding="utf-8") as f:
            header = f.readline().rstrip("\n").split(",")
            ilon, ilat, imonth = header.index("Longitude"), header.index("Latitude"), header.index("Month")
            for line in f:
                parts = line.split(",")
                if parts[ilon] and parts[ilat]:
                    lon.append(float(parts[ilon]))
                    lat.append(float(parts[ilat]))
                    months.append(parts[imonth])
    if not lon:
        sys.exit(f"no incidents under {folder}/crime/burglary_2010-12_to_2025-02_nwbcu")
    wgs, bng = osr.SpatialReference(), osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    bng.ImportFromEPSG(27700)
    xy = np.array(osr.CoordinateTransformation(wgs, bng).TransformPoints(list(zip(lon, lat))))[:, :2]
    return xy - xy.mean(axis=0), np.array(months)


def places(rng, n):
    """n points uniform over the land mask (rejection from its bounding box)."""
    xs, ys = np.array([p[0] for p in LAND]), np.array([p[1] for p in LAND])
    out = np.empty((0, 2))
    while len(out) < n:
        x = rng.uniform(xs.min(), xs.max(), 2 * n)
        y = rng.uniform(ys.min(), ys.max(), 2 * n)
        keep = inside(x, y, LAND)
        out = np.vstack([out, np.column_stack([x[keep], y[keep]])])
    return out[:n]


def main():
    args = sys.argv[1:]
    year = None
    if "--year" in args:
        k = args.index("--year")
        if k + 1 >= len(args) or not args[k + 1].isdigit() or len(args[k + 1]) != 4:
            sys.exit("--year: give a year, e.g. --year 2024")
        year = int(args[k + 1])
        del args[k:k + 2]
    if len(args) < 2:
        sys.exit(__doc__)
    n, out = int(args[0]), args[1]
    seed = int(args[2]) if len(args) > 2 else 1
    folder = args[3] if len(args) > 3 else os.path.join(os.path.dirname(__file__), "../../shared/data/real")
    rng = np.random.default_rng(seed)
    offsets, real_months = real_points(folder)
    # One copy of the BCU's pattern per 'force-sized' place: 2,000 incidents around each.
    anchors = places(rng, max(1, n // 2000))
    chunk = 1_000_000
    with open(out, "w", encoding="utf-8") as f:
        f.write("crime_ref,offence,committed_from,easting,northing\n")
        for start in range(0, n, chunk):
            m = min(chunk, n - start)
            a = anchors[rng.integers(0, len(anchors), m)]
            pick = rng.integers(0, len(offsets), m)
            xy = np.round(a + offsets[pick], 1)
            ids = np.arange(start + 1, start + m + 1)
            day = 1 + ids % 28
            # The copied incident's month; with --year the months of that year in turn, as before.
            month = (np.char.add(f"{year}-", np.char.zfill((1 + ids % 12).astype(str), 2)) if year is not None
                     else real_months[pick])
            lines = [f"N{i:08d},Burglary,{mo}-{d:02d},{x:.1f},{y:.1f}\n"
                     for i, mo, d, x, y in zip(ids.tolist(), month.tolist(), day.tolist(), xy[:, 0].tolist(), xy[:, 1].tolist())]
            f.writelines(lines)
    span = f"the year {year}" if year is not None else f"{min(real_months.tolist())} to {max(real_months.tolist())}, their own months"
    print(f"{n} incidents, {len(anchors)} places, {len(offsets)} real BCU incidents resampled ({span}): {out}")


if __name__ == "__main__":
    main()
