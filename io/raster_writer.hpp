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

// What a mosaic of tiles adds once every tile is made, from the tiles' largest value and the
// weight they hold. Data rather than code, so that hotspots merge finishes a mosaic whose tiles
// several shards made (pack --shard-by tile) exactly as the unsharded run does.
struct MosaicFinish {
    nlohmann::json metadata;   // the mosaic's, without max_value and grid_holds_pct
    double per_cell = 1;       // a cell's value x per_cell is the weight it holds
    double total_weight = 0;   // > 0: the metadata says grid_holds_pct, the share of it the tiles hold
    bool styled = true;        // a density style (io::density_style) beside the mosaic
    double style_max = 0;      // the style's top; 0: the largest value of the tiles
    double style_cut = 0;      // where the style's ramp turns red; 0: the style's default
    std::string units;
    std::string style;         // set: this style beside the mosaic instead of a density style
    // The metadata's key for the first band's top. A signed band (Gi* z, where every value may
    // be negative) records its largest |value| (`max_abs_z`); a density its largest value.
    std::string top_key = "max_value";
    bool top_abs = false;
};

// A surface made tile by tile (io/raster_tiles.hpp): nothing holds the whole grid.
struct RasterTiles {
    std::size_t size = 0;                                 // cells per tile side
    std::vector<GridWindow> windows;                      // the tiles, in writing order
    std::function<std::vector<double>(std::size_t)> values;  // tile t's cells, row-major (NaN: nodata)
    // Tile t's mask (1 inside), when given: the weight held counts every cell, as a masked
    // single raster's does, then cells outside become nodata before the top and the writing.
    std::function<std::vector<std::uint8_t>(std::size_t)> mask;
    // Two or more: each tile holds these bands (their descriptions), values(t) giving them one
    // after the other (band-sequential); the finish's largest value and weight are the first
    // band's. Else one band, the output's description.
    std::vector<std::string> bands;
    MosaicFinish finish;
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
    std::vector<std::string> bands;  // two or more: `values` holds these bands one after the other
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
