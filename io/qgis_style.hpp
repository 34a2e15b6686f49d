#pragma once
// QGIS styles (.qml) written beside outputs: QGIS loads "name.qml" automatically when it
// opens "name.tif" or "name.geojson"/"name.gpkg", so layers appear styled without any steps.
#include <string>
#include <vector>

namespace hotspots::io {

// Pseudocolour ramp for a density raster: transparent up to a quarter of the hotspot cut,
// then yellow to dark red, red from the cut, so the raster and the hotspot outlines agree.
std::string density_style(double max_value, double hotspot_cut, const std::string& units);

// Hotspot polygons: black outline, no fill, the 20 first labelled with the `label` field.
std::string hotspot_style();

// Gi* cells or areas: categories of `bin` (-3..3), green for cold to purple for hot, the
// non-significant ones transparent.
std::string gistar_style();
// The same bins for a raster whose band `band` (1-based) holds them (gistar --tile-size's
// mosaic): a paletted renderer, so QGIS opens the multi-band mosaic showing the classes.
std::string gistar_raster_style(int band);
// Merged Gi* hot (purple) and cold (green) spots, by `type`, labelled with `label`.
std::string gistar_hotspot_style();
// Local Moran's I: categories of `quadrant` (HH red, LL blue, HL pink, LH light blue).
std::string lisa_style();
// Emerging hot spots: categories of `arcgis_category` (reds for hot, blues for cold).
std::string trend_style();
// Change between periods: `direction` increase (reddish purple), decrease (bluish green), none
// (grey outline).
std::string change_style();
// Cocooning zones: an outline labelled with the zone and the day it expires.
std::string cocoon_style();
// Sites: existing grey, chosen red and labelled with their rank.
std::string site_style();
// Mapped incidents (map's output): one small dark grey point each, white-edged and a little
// transparent so that points on one address still show as a darker spot.
std::string incident_style();
// A walk's stops: the start, the stops and the end, numbered in walking order ...
std::string walk_stops_style();
// ... and its route along the streets.
std::string walk_route_style();
// Repeat locations: blue points sized by `incidents`, in classes from `least` to `most`.
std::string repeats_style(std::size_t least, std::size_t most);

// A choropleth of `field` in classes with these upper bounds (ascending; the first class
// starts at `lowest`), light yellow to dark red, labelled with `label_field`.
std::string choropleth_style(const std::string& title, const std::string& field, double lowest,
                             const std::vector<double>& bounds, const std::string& label_field);

// Area boundaries: an outline, no fill, labelled with `name`; grey and thin for the finest
// layer (wards), dark and heavier for `coarse` ones (boroughs).
std::string area_style(bool coarse = false);

// A context layer beneath the analysis (a pack's context = [...]): grey lines, outlines or
// points (`geometry` "Line", "Polygon" or "Point"), in the report's context colour; labelled
// with `name`, along the lines, when `named`.
std::string context_style(const std::string& geometry, bool named);

// The sidecar path: "out/density.tif" -> "out/density.qml".
std::string style_path(const std::string& output);

// Writes atomically; throws IoError.
void write_style(const std::string& path, const std::string& qml);

}  // namespace hotspots::io
