#!/usr/bin/env bash
# evaluate on hexagons (--cell hex:SIZE) and on street segments (--units streets): for the grid
# method and one test month of the sample's burglary, n, N, hit rate, PAI and PEI at 1% and 5%
# equal an independent computation (/usr/bin/python3: the study cells rasterised by GDAL, the
# hexagons by the nearest centre of their lattice and clipped to the BCU by OGR, the segments
# (as gistar writes them) cut by the cells with OGR, each incident snapped to its nearest
# segment with numpy); the selection takes the highest-scoring units up to the share of their
# summed area or length, the run crossing it in part. A pack makes the same rows and writes
# kde's hexagons as a layer. Also: the bad combinations are refused.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
x=(sample_data/police_export.csv --crs EPSG:27700 --crime-type burglary --mask sample_data/areas/bcu.geojson
   --methods grid:cell=250 --train 3m --shares 1%,5% --from 2024-02 --to 2024-02)
net=(--network sample_data/streets.geojson)
"$bin" evaluate "${x[@]}" --cell hex:200 -o "$tmp/hex.csv" -q > /dev/null 2> "$tmp/err" || fail "evaluate --cell hex:200: $(cat "$tmp/err")"
"$bin" evaluate "${x[@]}" --units streets "${net[@]}" -o "$tmp/streets.csv" -q > /dev/null 2> "$tmp/err" \
  || fail "evaluate --units streets: $(cat "$tmp/err")"
# One thread or three: the same rows (three test months: jobs to share).
y=(sample_data/police_export.csv --crs EPSG:27700 --crime-type burglary --mask sample_data/areas/bcu.geojson
   --methods "grid:cell=250 kde:h=200" --train 3m --from 2024-01 --to 2024-03 --cell hex:200)
"$bin" evaluate "${y[@]}" --threads 1 -o "$tmp/t1.csv" -q > /dev/null 2> "$tmp/err" &&
  "$bin" evaluate "${y[@]}" --threads 3 -o "$tmp/t3.csv" -q > /dev/null 2>> "$tmp/err" || fail "evaluate --threads: $(cat "$tmp/err")"
cmp -s "$tmp/t1.csv" "$tmp/t3.csv" || fail "evaluate on hexagons: 1 and 3 threads differ"
# The segments as every --units streets step numbers them (code = segment + 1).
"$bin" gistar sample_data/police_export.csv --crs EPSG:27700 --crime-type burglary --units streets "${net[@]}" \
  -o "$tmp/segments.gpkg" -q > /dev/null 2> "$tmp/err" || fail "gistar --units streets: $(cat "$tmp/err")"
$py - "$tmp" << 'EOF' || fail "evaluate on units against the brute force"
import csv, math, sys
import numpy as np
from osgeo import gdal, ogr
gdal.UseExceptions(); ogr.UseExceptions()
d = sys.argv[1]
cell, tol = 50.0, 30.0
rows = [r for r in csv.DictReader(open("sample_data/police_export.csv")) if r["offence"].startswith("Burglary")]
month = lambda r: r["committed_from"][:7]
P = np.array([[float(r["easting"]), float(r["northing"])] for r in rows])
M = np.array([month(r) for r in rows])
test = M == "2024-02"
train = (M >= "2023-11") & (M <= "2024-01")

# The study grid: the mask's extent snapped out to 50 m; a cell is in when GDAL burns its centre.
bcu = ogr.Open("sample_data/areas/bcu.geojson")
lyr = bcu.GetLayer()
x0, x1, y0, y1 = lyr.GetExtent()
gx, gy = math.floor(x0 / cell) * cell, math.ceil(y1 / cell) * cell
ncol, nrow = round((math.ceil(x1 / cell) * cell - gx) / cell), round((gy - math.floor(y0 / cell) * cell) / cell)
ras = gdal.GetDriverByName("MEM").Create("", ncol, nrow, 1, gdal.GDT_Byte)
ras.SetGeoTransform((gx, cell, 0, gy, 0, -cell))
gdal.RasterizeLayer(ras, [1], lyr, burn_values=[1])
inside = ras.ReadAsArray().astype(bool)
mask = ogr.Geometry(ogr.wkbMultiPolygon)
for f in lyr:
    mask = mask.Union(f.GetGeometryRef())
col = np.floor((P[:, 0] - gx) / cell).astype(int)
row = np.floor((gy - P[:, 1]) / cell).astype(int)
ok = (col >= 0) & (col < ncol) & (row >= 0) & (row < nrow)
ok[ok] = inside[row[ok], col[ok]]
# grid:cell=250: a cell scores the training incidents in its block of 5 x 5 study cells.
blocks = {}
for c, r in zip(col[ok & train], row[ok & train]):
    blocks[(r // 5, c // 5)] = blocks.get((r // 5, c // 5), 0) + 1
score = np.zeros((nrow, ncol))
for r, c in zip(*np.nonzero(inside)):
    score[r, c] = blocks.get((r // 5, c // 5), 0)

def select(s, size, t, share):
    """The highest scores up to share x total size, the run of equal scores crossing it in part."""
    target, taken, n, chosen = share * size.sum(), 0.0, 0.0, 0.0
    for v in sorted(set(s), reverse=True):
        run = s == v
        f = min(1.0, (target - taken) / size[run].sum())
        n += f * t[run].sum(); chosen += f * run.sum(); taken += f * size[run].sum()
        if taken >= target - 1e-9 * target: break
    best, filled = 0.0, 0.0   # the densest units first, the last in part
    for k in np.argsort(-(t / size), kind="stable"):
        if filled >= taken or t[k] <= 0: break
        take = min(size[k], taken - filled); best += t[k] * take / size[k]; filled += take
    return n, chosen, best

def compare(name, csvfile, units, size, s, t, scale):
    got = [r for r in csv.DictReader(open(csvfile))]
    assert len(got) == 2, got
    N = t.sum()
    for r, share in zip(got, (0.01, 0.05)):
        n, chosen, best = select(s, size, t, share)
        want = {"n": n, "N": N, units: chosen, "area_km2" if units == "hexagons" else "length_km": share * size.sum() / scale,
                "hit_rate": n / N, "pai": n / N / share, "pei": n / best}
        for k, v in want.items():
            assert abs(float(r[k]) - v) <= 1e-5 * max(1, abs(v)), (name, share, k, r[k], v)
        print(f"{name} {share:.0%}: n {n:.4g} of {N:g}, hit {n / N:.4f}, PAI {n / N / share:.3f}, PEI {n / best:.3f}: as evaluate")

# Hexagons of 200 m, pointy-topped, one centred on the origin: an incident is in the hexagon of
# the nearest lattice centre; a hexagon is a unit when it holds a study cell's centre; it
# scores their mean and weighs its area inside the BCU.
S = 200.0
def hex_of(x, y):
    r0 = round(y / (S * math.sqrt(3) / 2))
    best = None
    for r in (r0 - 1, r0, r0 + 1):
        cy = r * S * math.sqrt(3) / 2
        q0 = round(x / S - r / 2)
        for q in (q0 - 1, q0, q0 + 1):
            cx = (q + r / 2) * S
            dd = (x - cx) ** 2 + (y - cy) ** 2
            if best is None or dd < best[0]: best = (dd, q, r, cx, cy)
    return best[1:]
members, centre = {}, {}
for r, c in zip(*np.nonzero(inside)):
    q, hr, cx, cy = hex_of(gx + (c + 0.5) * cell, gy - (r + 0.5) * cell)
    members.setdefault((q, hr), []).append(score[r, c]); centre[(q, hr)] = (cx, cy)
keys = sorted(members)
index = {k: i for i, k in enumerate(keys)}
side = S / math.sqrt(3)
size = np.zeros(len(keys))
for i, k in enumerate(keys):
    cx, cy = centre[k]
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for a in range(7):
        ang = math.radians(30 + 60 * (a % 6))
        ring.AddPoint_2D(cx + side * math.cos(ang), cy + side * math.sin(ang))
    h = ogr.Geometry(ogr.wkbPolygon); h.AddGeometry(ring)
    assert abs(h.GetArea() - math.sqrt(3) / 2 * S * S) < 1e-6 * S * S
    size[i] = h.Intersection(mask).GetArea()
keep = size > 0
s = np.array([np.mean(members[k]) for k in keys])
t = np.zeros(len(keys))
for x, y in P[ok & test]:
    k = hex_of(x, y)[:2]
    if k in index: t[index[k]] += 1
compare("hexagons", f"{d}/hex.csv", "hexagons", size[keep], s[keep], t[keep], 1e6)

# Street segments: each crosses the study cells over some length; it scores the mean of their
# scores weighted by those lengths, and weighs its length inside them.
segments = ogr.Open(f"{d}/segments.gpkg")
seg = segments.GetLayer()
lines, codes = [], []
for f in seg:
    g = f.GetGeometryRef()
    lines.append(np.array(g.GetPoints())[:, :2]); codes.append(int(f.GetField("code")))
assert codes == list(range(1, len(codes) + 1))
size, s = np.zeros(len(lines)), np.zeros(len(lines))
for k, L in enumerate(lines):
    g = ogr.Geometry(ogr.wkbLineString)
    for px, py in L: g.AddPoint_2D(px, py)
    c0, c1 = int((L[:, 0].min() - gx) // cell), int((L[:, 0].max() - gx) // cell)
    r0, r1 = int((gy - L[:, 1].max()) // cell), int((gy - L[:, 1].min()) // cell)
    wsum = 0.0
    for r in range(max(r0, 0), min(r1, nrow - 1) + 1):
        for c in range(max(c0, 0), min(c1, ncol - 1) + 1):
            if not inside[r, c]: continue
            sq = ogr.CreateGeometryFromWkt(f"POLYGON(({gx + c * cell} {gy - r * cell},{gx + (c + 1) * cell} {gy - r * cell},"
                                           f"{gx + (c + 1) * cell} {gy - (r + 1) * cell},{gx + c * cell} {gy - (r + 1) * cell},"
                                           f"{gx + c * cell} {gy - r * cell}))")
            piece = g.Intersection(sq)
            length = piece.Length() if piece.GetDimension() == 1 else 0.0  # a corner touched: no length
            size[k] += length; wsum += length * score[r, c]
    s[k] = wsum / size[k] if size[k] > 0 else 0
# Each test incident inside the study cells to its nearest segment within 30 m.
A = np.concatenate([L[:-1] for L in lines]); B = np.concatenate([L[1:] for L in lines])
owner = np.concatenate([np.full(len(L) - 1, k) for k, L in enumerate(lines)])
t = np.zeros(len(lines))
ties = 0
for p in P[ok & test]:
    ab = B - A; ap = p - A
    u = np.clip((ap * ab).sum(1) / np.maximum((ab * ab).sum(1), 1e-12), 0, 1)
    dist = np.hypot(*(A + u[:, None] * ab - p).T)
    m = dist.min()
    if m > tol: continue
    near = set(owner[dist <= m + 1e-9])
    ties += len(near) > 1
    t[min(near)] += 1 if len(near) == 1 else 0
assert ties == 0, f"{ties} test incidents as near to two segments: the join is ambiguous"
keep = size > 0
compare("streets", f"{d}/streets.csv", "segments", size[keep], s[keep], t[keep], 1e3)
EOF
# A pack: evaluate on the same hexagons makes the same rows, and kde's hexagons are a layer of
# pack.gpkg (a pack asked every evaluate for a shard's part before issue 31 and was refused).
cat > "$tmp/pack.toml" << TOML
month = "2024-12"
[inputs]
files = ["$PWD/sample_data/police_export.csv"]
crs = "EPSG:27700"
[[theme]]
name = "burglary"
crime-type = "burglary"
[[step]]
run = "evaluate"
period = "2024-02..2024-02"
mask = "$PWD/sample_data/areas/bcu.geojson"
methods = "grid:cell=250"
train = "3m"
shares = "1%,5%"
cell = "hex:200"
[[step]]
run = "kde"
bandwidth = "300"
cell = "20"
aggregate = "hex:200"
TOML
"$bin" pack "$tmp/pack.toml" -o "$tmp/pack" -q > /dev/null 2> "$tmp/err" || fail "pack with evaluate on hexagons: $(cat "$tmp/err")"
cmp -s "$tmp/pack/burglary/evaluate-backtest.csv" "$tmp/hex.csv" || fail "the pack's back-test differs from the command's"
ogrinfo -ro -so -q "$tmp/pack/pack.gpkg" | grep -q "burglary_kde_hexagons (Multi Polygon)" || fail "no hexagon layer in pack.gpkg"
# Refused: streets without a network, streets with hexagons, a network without streets, tiny hexagons.
for bad in "--units streets" "--units streets ${net[*]} --cell hex:200" "${net[*]}" "--cell hex:10"; do
  # shellcheck disable=SC2086
  "$bin" evaluate "${x[@]}" $bad -o "$tmp/bad.csv" -q 2> "$tmp/err"
  [ $? -eq 2 ] || fail "evaluate $bad: not refused: $(cat "$tmp/err")"
  [ ! -e "$tmp/bad.csv" ] || fail "evaluate $bad left a file"
done
echo "ok"
