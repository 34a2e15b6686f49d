#pragma once
// GeoTIFF output of a surface: Float32, deflate with the floating-point predictor, tiled,
// nodata, the working CRS, and the run's metadata as a GDAL metadata item "hotspots".
#include "model/grid.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace hotspots::io {

inline constexpr double raster_nodata = -9999.0;

// A surface made tile by tile (io/raster_tiles.hpp): nothing holds the whole grid.
struct RasterTiles {
    std::size_t size = 0;                                 // cells per tile side
    std::vector<GridWindow> windows;                      // the tiles, in writing order
    std::function<std::vector<double>(std::size_t)> values;  // tile t's cells, row-major (NaN: nodata)
    std::function<nlohmann::json()> finish;               // the mosaic's metadata, once every tile is made
    std::function<std::string()> style;                   // the mosaic's style, once every tile is made
};

struct RasterOutput {
    const Grid* grid = nullptr;
    const std::vector<double>* values = nullptr;  // NaN: nodata
    std::string crs;
    std::shared_ptr<void> srs;  // crs made ready by make_srs (else made while writing)
    std::string description;  // band description, e.g. "density (incidents per km2)"
    nlohmann::json metadata;
    bool cog = false;  // Cloud Optimized GeoTIFF (overviews, COG layout)
    unsigned threads = 0;
    const RasterTiles* tiles = nullptr;  // set: `values` is null and the surface comes in tiles
};

// The CRS as GDAL's spatial reference (null when the definition is unknown). A lookup in
// PROJ's database and a parse, which take milliseconds: a caller can make it ahead, on
// another thread.
std::shared_ptr<void> make_srs(const std::string& crs);

// Throws IoError unless the path ends in .tif or .tiff.
void check_raster_path(const std::string& path);

void write_geotiff(const std::string& path, const RasterOutput& out, const std::vector<std::string>& inputs);

// The same written straight to `file` (inside a folder that appears whole, io/folder.hpp);
// `path` names it in messages.
void write_geotiff_in_place(const std::string& file, const RasterOutput& out, const std::string& path);

}  // namespace hotspots::io
