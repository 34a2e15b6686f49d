#!/usr/bin/env bash
# The README's first command: set up, build, map the sample incidents to the sample wards,
# boroughs and BCU, and make the density surface and ranked hotspots. Results in out/sample/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mkdir -p out/sample
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
echo "results in out/sample/: incidents.gpkg, density.tif, hotspots.geojson (open in QGIS; styles load" \
  "by themselves), summary.csv, rejects.csv"
