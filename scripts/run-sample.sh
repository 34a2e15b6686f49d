#!/usr/bin/env bash
# The README's first command: set up, build, run the sample's monthly TTCG pack (every theme's
# density, hotspots, Gi*, change per ward, repeats, near repeats, cocooning zones, trends, with
# a QGIS project), then map the sample incidents to the sample wards, boroughs and BCU and make
# a density surface on its own, and plan an after-dark safety-audit walk round the violence
# hot spot. Results in out/sample/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh hotspots
mkdir -p out/sample
build/hotspots pack sample_data/packs/sample.toml -o out/sample/pack --replace -q > /dev/null
echo "pack: 4 themes x 9 steps in out/sample/pack/ (open pack.qgz in QGIS; report.txt; manifest.json)"
build/hotspots report out/sample/pack -q
echo "report: out/sample/pack/report.html (open it in a browser; it works offline and prints on A4)"
build/hotspots info sample_data/police_uk
build/hotspots map sample_data/police_export.csv \
  --x easting --y northing --crs EPSG:27700 \
  --date committed_from --date-to committed_to --type offence --id crime_ref --location street \
  --areas sample_data/areas/wards.geojson,as=ward \
  --areas sample_data/areas/boroughs.geojson,as=borough \
  --areas sample_data/areas/bcu.geojson,as=bcu \
  --rejects out/sample/rejects.csv \
  --summary out/sample/summary.csv \
  -o out/sample/incidents.gpkg
build/hotspots kde sample_data/police_export.csv --crs EPSG:27700 \
  --areas sample_data/areas/wards.geojson,as=ward \
  --areas sample_data/areas/bcu.geojson,as=bcu \
  --mask sample_data/areas/bcu.geojson \
  --bandwidth 300 --cell 10 \
  -o out/sample/density.tif --hotspots out/sample/hotspots.geojson
build/hotspots walk sample_data/police_export.csv --crs EPSG:27700 --date committed_from \
  --date-to committed_to --type offence --location street --crime-type violent-crime --night \
  --network sample_data/streets.geojson --start 447067,300681 --max-length 2.5km --return \
  --lights sample_data/street_lights.csv --cameras sample_data/cameras.csv \
  -o out/sample/walk.geojson --route out/sample/route.geojson --gpx out/sample/walk.gpx --sheet out/sample/walk.html
echo "results in out/sample/: pack/ (open pack/pack.qgz in QGIS; report.txt, manifest.json), incidents.gpkg," \
  "density.tif, hotspots.geojson (styles load by themselves), summary.csv, rejects.csv, and an audit walk:" \
  "walk.html (print it), walk.gpx (for a phone), walk.geojson and route.geojson"
