#pragma once
// A surface too large for one raster in memory, written tile by tile: one Cloud Optimized
// GeoTIFF per tile in a folder, and a VRT mosaic of them beside it (docs/kde.md, "Tiles").
#include "io/raster_writer.hpp"

namespace hotspots::io {

// Throws IoError unless the path ends in .vrt.
void check_mosaic_path(const std::string& path);

// The folder holding the tiles of the mosaic `path` (NAME.vrt: NAME/).
std::string tile_folder(const std::string& path);

// Writes out.tiles' tiles, one at a time (out.tiles->values(t)), each a COG named
// rRRR_cCCC.tif (tile row and column) in tile_folder(path), then the VRT `path` with
// out.tiles->finish()'s metadata (made once every tile has been computed). The folder (replacing
// an older one) and the VRT appear together, with a CommitTogether's other outputs when one is
// open, and no interrupt between the two; a failure leaves neither. Memory: one tile.
void write_raster_tiles(const std::string& path, const RasterOutput& out, const std::vector<std::string>& inputs);

}  // namespace hotspots::io
