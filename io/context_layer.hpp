#pragma once
// Context layers for the report's maps (--context FILE): any vector file GDAL reads (OS Open
// Roads, an OSM extract, a walk's street network) drawn beneath the analysis in grey, so a
// map works on a closed network. Read here, as GeoJSON in WGS84 with its names only.
#include <nlohmann/json.hpp>

#include <string>

namespace hotspots::io {

// A box in degrees (WGS84 longitude and latitude).
struct LonLatBox {
    double west = 0, south = 0, east = 0, north = 0;
    bool valid() const { return east > west && north > south; }
};

struct ContextLayer {
    std::string file;
    std::string name_field;  // the field its names came from; "" when it has none
    nlohmann::json geojson;  // features with one property, "name", when named
};

// The first layer of `file`, reprojected to WGS84, its features cut to those that reach
// `near` (the data's box, widened by a quarter of its size on every side), each with only its
// name (the first of the fields name, name1, road_name, roadname, street, street_name,
// whatever their case). Throws IoError naming the file when it cannot be read, has no CRS,
// or lies far from the data (its extent does not reach `near`: the wrong area or a wrong CRS).
ContextLayer read_context_layer(const std::string& file, const LonLatBox& near);

// The same checks that need no data (it opens, has a layer with features and a CRS), for a
// command to run before it reads anything. Throws IoError naming the file.
void check_context_layer(const std::string& file);

// A raster base layer (--context with a GeoTIFF, an MBTiles file, or a GeoPackage of tiles and
// no features): an image beneath the analysis instead of grey lines.
bool is_context_raster(const std::string& file);

struct ContextImage {
    std::string file, png_base64;  // RGBA or grey with alpha, in Web Mercator (EPSG:3857)
    double west = 0, south = 0, east = 0, north = 0;  // its corners in degrees
    int width = 0, height = 0;
};

// The raster cut to `near` (the data's box widened by a quarter on every side), reprojected
// through GDAL to Web Mercator, the maps' CRS, so that an image overlay stretched between its
// corners lies where it should; at most `max_side` pixels a side (averaged when reduced, a
// palette expanded first, one band of numbers stretched to grey). Throws IoError naming the
// file when it cannot be read, has no CRS or lies far from the data.
ContextImage read_context_raster(const std::string& file, const LonLatBox& near, int max_side = 2048);

// The checks that need no data: it opens as a raster with a CRS. Throws IoError naming it.
void check_context_raster(const std::string& file);

}  // namespace hotspots::io
