#pragma once
// QGIS styles (.qml) written beside outputs: QGIS loads "name.qml" automatically when it
// opens "name.tif" or "name.geojson"/"name.gpkg", so layers appear styled without any steps.
#include <string>

namespace hotspots::io {

// Pseudocolour ramp for a density raster: transparent at 0, yellow to dark red, with the
// hotspot cut (when > 0) at the red step, so the raster and the hotspot outlines agree.
std::string density_style(double max_value, double hotspot_cut, const std::string& units);

// Hotspot polygons: red outline, light fill, labelled with the `label` field.
std::string hotspot_style();

// The sidecar path: "out/density.tif" -> "out/density.qml".
std::string style_path(const std::string& output);

// Writes atomically; throws IoError.
void write_style(const std::string& path, const std::string& qml);

}  // namespace hotspots::io
