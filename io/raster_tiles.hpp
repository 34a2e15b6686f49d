#pragma once
// A surface too large for one raster in memory, written tile by tile: one Cloud Optimized
// GeoTIFF per tile in a folder, and a VRT mosaic of them beside it (docs/kde.md, "Tiles").
// The tiles may also be made by several shards (pack --shard-by tile, docs/scale.md), each
// writing some of them, and the mosaic finished once from every shard's part.
#include "io/raster_writer.hpp"

namespace hotspots::io {

// What finishing a mosaic made: its style ("" for none) and, when its finish names a total
// weight, the weight its tiles hold (the VRT's grid_holds_pct is 100 held / total_weight, rounded).
struct MosaicMade {
    std::string style;
    double held = 0;
    double total_weight = 0;  // the finish's: 0 when the surface holds no weight
};

// Throws IoError unless the path ends in .vrt.
void check_mosaic_path(const std::string& path);

// The folder holding the tiles of the mosaic `path` (NAME.vrt: NAME/).
std::string tile_folder(const std::string& path);

// Writes out.tiles' tiles, one at a time (out.tiles->values(t)), each a COG named
// rRRR_cCCC.tif (tile row and column) in tile_folder(path), then the VRT `path` with
// out.tiles->finish()'s metadata (made once every tile has been computed). The folder (replacing
// an older one) and the VRT appear together, with a CommitTogether's other outputs when one is
// open, and no interrupt between the two; a failure leaves neither. Memory: one tile.
// Returns the mosaic's style, for the caller to put beside it, and the weight it holds.
MosaicMade write_raster_tiles(const std::string& path, const RasterOutput& out, const std::vector<std::string>& inputs);

// Shard `index` of `count` of the tiles: writes only the tiles t with t % count == index, as
// write_raster_tiles does, and no VRT. Returns the shard's part of the mosaic (JSON: the grid,
// every tile's window, the finish, and each tile it made with its largest value and the weight
// it holds) for finish_mosaic.
nlohmann::json write_tile_shard(const std::string& path, const RasterOutput& out, int index, int count,
                                const std::vector<std::string>& inputs);

// The tiles (their index in writing order) a part holds and how many the mosaic has.
std::vector<std::size_t> part_tiles(const nlohmann::json& part);
std::size_t part_tile_count(const nlohmann::json& part);
std::string part_tile_name(const nlohmann::json& part, std::size_t tile);

// Writes the VRT `path` from the parts of every shard (their tiles already in tile_folder(path))
// and returns its style and the weight it holds. `finish` is the part whose finish is used (the shard that made the
// step's other products). Throws std::runtime_error when the parts are not of one mosaic or a
// tile is missing or made twice. The VRT is byte for byte write_raster_tiles' one.
MosaicMade finish_mosaic(const std::string& path, const std::vector<nlohmann::json>& parts, const nlohmann::json& finish,
                          const std::vector<std::string>& inputs);

}  // namespace hotspots::io
