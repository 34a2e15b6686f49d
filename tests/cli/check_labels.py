"""Checks the labels of hotspot layers (docs/labels.md): argv = PREFIX:FILE ... (CSV or any OGR
layer with a `label` column). Each label starts with its layer's prefix and rank, the labels
of all the layers given are unique together, the place named is never a bare data.police.uk
place type, and no name (the label without its prefix and rank) repeats within a layer.
Prints what it checked; exits 1 with the offending labels."""
import re
import sys
from osgeo import ogr

# Written out here, apart from hotspots/labels.cpp, so the two can disagree.
PLACE_TYPES = {"supermarket", "petrol station", "parking area", "shopping area", "sports/recreation area",
               "pedestrian subway", "further/higher educational building", "park/open space", "police station",
               "hospital", "bus/coach station", "nightclub", "conference/exhibition centre", "theatre/concert hall"}

bad, seen, total = [], set(), 0
for arg in sys.argv[1:]:
    prefixes, path = arg.split(":", 1)
    ds = ogr.Open(path)
    if ds is None:
        sys.exit(f"cannot open {path}")
    layer = ds.GetLayer(0)
    names = set()
    for f in layer:
        label = f.GetField("label")
        total += 1
        m = re.match(r"^([A-Z])([0-9]+)(?: (.*))?$", label or "")
        if not m or m.group(1) not in prefixes:
            bad.append(f"{path}: '{label}' does not start with {prefixes} and a rank")
            continue
        name = m.group(3) or ""
        place = name.split(", ")[0].lower()
        if place.removeprefix("on or near ").strip() in PLACE_TYPES:
            bad.append(f"{path}: '{label}' names a bare place type")
        if name.lower().startswith("on or near"):
            bad.append(f"{path}: '{label}' keeps 'On or near'")
        if name and (m.group(1), name) in names:
            bad.append(f"{path}: '{label}': the name '{name}' is given twice")
        names.add((m.group(1), name))
        if label in seen:
            bad.append(f"{path}: '{label}' labels two features")
        seen.add(label)
print(f"{total} labels checked")
if bad:
    print("\n".join(bad))
    sys.exit(1)
