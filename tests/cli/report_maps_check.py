"""Checks of a report's maps, slides and print (tests/cli/test_report_maps*.sh).

python3 report_maps_check.py DIR THEME PERIOD WARDS... where DIR holds:
  report.html  the report; dom.html its DOM in Chromium; all.html the DOM with #all-layers;
  slide.html   the DOM of the slide of THEME (#only=map-THEME) at 1920 x 1080;
  slides/      the --png folder; report.pdf the --pdf.
THEME's slide must show its title, PERIOD and the marking; WARDS are names that must be
labelled on every map (the finest area layer's).
"""
import json, re, subprocess, sys
from osgeo import gdal

gdal.UseExceptions()
d, theme, period, wards = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
html = open(f"{d}/report.html").read()
data = json.loads(re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S).group(1))
dom, alldom, slide = (open(f"{d}/{f}.html").read() for f in ("dom", "all", "slide"))


def maps(page):
    """Each map's opening tag attributes and the legend entries' colours inside it."""
    out = {}
    starts = [(m.start(), m.group(1), m.group(2)) for m in re.finditer(r'<div class="map[^"]*" id="map-([\w-]+)"([^>]*)>', page)]
    for k, (at, name, attrs) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(page)
        inner = page[at:end]
        legend = inner[inner.find('class="legend'):]
        out[name] = (dict(re.findall(r'data-([a-z-]+)="([^"]*)"', attrs)),
                     re.findall(r'class="entry" data-colour="([^"]+)"', legend[:legend.find("</div></div>") + 12] if "</div></div>" in legend else legend),
                     inner)
    return out


body = re.search(r"<body([^>]*)>", dom).group(1)
assert 'data-ready="1"' in body and "data-errors" not in body and "data-blocked" not in body, body
shown = maps(dom)
everything = maps(alldom)
assert shown and set(shown) == {t["id"] for t in data["themes"] if "density" in t or t["layers"]}, sorted(shown)
for t in data["themes"]:
    name = t["id"]
    if name not in shown:
        continue
    attrs, colours, inner = shown[name]
    # By default: the density and the ranked hotspots, nothing else.
    assert int(attrs["drawn"]) <= 2, (name, attrs)
    assert len(colours) == len(set(colours)), (name, colours)
    # Every layer on: still no two legend entries alike, Gi* and repeat places included.
    all_attrs, all_colours, _ = everything[name]
    assert int(all_attrs["drawn"]) == (1 if "density" in t else 0) + len(t["layers"]), (name, all_attrs, len(t["layers"]))
    assert len(all_colours) == len(set(all_colours)), (name, all_colours)
    assert len(all_colours) >= len(colours)
    # The ward names, each labelled on the map.
    labels = set(re.findall(r'area-label fine[^>]*><span>([^<]*)</span>', inner))
    missing = [w for w in wards if w.replace("'", "&#39;") not in labels and w not in labels]
    assert not missing, (name, missing[:5], sorted(labels)[:5])
    # Repeat places: the busiest N only, none left out that has more incidents than one drawn.
    for l in t["layers"]:
        if l["view"] != "points":
            continue
        drawn = [float(f["properties"][l["size"]]) for f in l["geojson"]["features"]]
        assert len(drawn) == min(l["total"], 50), (len(drawn), l["total"])
        assert int(attrs["points"]) == len(drawn)
palette = data["palette"]
flat = palette["density"] + palette["gi_hot"] + palette["gi_cold"] + [v for k, v in palette.items() if isinstance(v, str)]
assert len(flat) == len(set(flat)), flat

# The slide's page: its title block names the theme, the period and the marking.
tb = re.search(r'<div class="[^"]*title-block[^"]*">(.*?)</div></div>', slide, re.S)
assert tb, "no title block on the slide"
text = re.sub(r"<[^>]+>", " ", tb.group(1)).replace("&middot;", " ")
title = next(t["title"] for t in data["themes"] if t["id"] == theme)
assert title in text and period in text and data["marking"] in text, text
assert 'class="legend' in slide and "leaflet-control-scale-line" in slide
# The slide itself: 16:9, and not blank (its pixels vary, and some are the density's colours).
png = gdal.Open(f"{d}/slides/map-{theme}.png")
assert (png.RasterXSize, png.RasterYSize) == (1920, 1080), (png.RasterXSize, png.RasterYSize)
r, g, b = (png.GetRasterBand(k).ReadAsArray().astype(float) for k in (1, 2, 3))
grey = (r + g + b) / 3
assert grey.std() > 20, grey.std()
assert (((r - b) > 60).sum() / r.size) > 0.0005, "no density colour on the slide"

# The PDF: no word beyond the page's printable width (a table cut at the edge would put its
# last columns there), and every map on a page of its own that it fills.
bbox = subprocess.run(["pdftotext", "-bbox", f"{d}/report.pdf", "-"], capture_output=True, text=True, check=True).stdout
pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox, re.S)
assert pages
for k, (w, h, words) in enumerate(pages):
    for x_max, word in re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', words):
        assert float(x_max) <= float(w) - 20, (k + 1, word, x_max, w)
subprocess.run(["pdftoppm", "-r", "20", "-gray", f"{d}/report.pdf", f"{d}/page"], check=True)
import glob
full = 0
for f in sorted(glob.glob(f"{d}/page-*.pgm")):
    ds = gdal.Open(f)
    img = ds.GetRasterBand(1).ReadAsArray().astype(float)
    # A map page: most of its rows have ink across most of their width.
    if ((img < 235).mean(axis=1) > 0.6).mean() > 0.6:
        full += 1
assert full >= len(shown), (full, len(shown))
print(f"{len(shown)} maps: at most 2 layers drawn by default, legends without a repeated colour, "
      f"{len(wards)} ward names on each; slide {theme} 1920x1080 with its title block; "
      f"{len(pages)} PDF pages, no word past the page width, {full} full-page maps")
