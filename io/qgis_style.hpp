#pragma once
// QGIS styles (.qml) written beside outputs: QGIS loads "name.qml" automatically when it
// opens "name.tif" or "name.geojson"/"name.gpkg", so layers appear styled without any steps.
#include <string>

namespace hotspots::io {

// Pseudocolour ramp for a density raster: transparent up to a quarter of the hotspot cut,
// then yellow to dark red, red from the cut, so the raster and the hotspot outlines agree.
std::string density_style(double max_value, double hotspot_cut, const std::string& units);

// Hotspot polygons: red outline, light fill, the 20 first labelled with the `label` field.
std::string hotspot_style();

// The sidecar path: "out/density.tif" -> "out/density.qml".
std::string style_path(const std::string& output);

// Writes atomically; throws IoError.
void write_style(const std::string& path, const std::string& qml);

}  // namespace hotspots::io
