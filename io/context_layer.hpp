#pragma once
// Context layers for the report's maps (--context FILE): any vector file GDAL reads (OS Open
// Roads, an OSM extract, a walk's street network) drawn beneath the analysis in grey, so a
// map works on a closed network. Read here, as GeoJSON in WGS84 with its names only; and cut
// into a pack's folder (write_context_copy) for its report and QGIS project.
#include <nlohmann/json.hpp>

#include <cstddef>
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

// A box of `crs` coordinates in degrees. Throws IoError when the CRS is not one.
LonLatBox lon_lat_box(const std::string& crs, double minx, double miny, double maxx, double maxy);

// The check read_context_layer and read_context_raster make of a file's place, without
// reading its features or pixels: its extent reaches `data` widened by a quarter on every
// side. Throws IoError naming the file (as check_context_layer, and when it lies far away).
void check_context_place(const std::string& file, const LonLatBox& data);

// What write_context_copy wrote.
struct ContextCopy {
    bool raster = false;
    std::string geometry;       // a vector's: "Point", "Line" or "Polygon"
    bool named = false;         // a vector with a name field (its names in the field "name")
    std::size_t features = 0;   // a vector's features written
    std::size_t other = 0;      // features left out: of another kind of geometry than the first
};

// The part of `file` that reaches `data` (widened by a quarter), in `crs`, written to `out`
// for a pack's folder (its QGIS project and report): a vector as a GeoPackage of one layer
// `layer` whose features keep their names only (the field read_context_layer names them from,
// as "name"), as multi-geometries of the first feature's kind; a raster, prepared as
// read_context_raster prepares it (a palette expanded, one band of numbers as grey), as a
// tiled, compressed GeoTIFF with alpha, at most `max_side` pixels a side. `stamp` dates the
// GeoPackage, so the same file gives the same bytes. Throws IoError naming the file.
ContextCopy write_context_copy(const std::string& file, const LonLatBox& data, const std::string& crs, const std::string& out,
                               const std::string& layer, const std::string& stamp, int max_side = 4096);

}  // namespace hotspots::io
