#pragma once
// Gi* on a grid made tile by tile (docs/statistics.md, "Gi* in tiles"): the weights, which
// hold every unit's neighbours within the band (about pi (band / cell)^2 entries of 12 bytes a
// unit), are built for one tile's units at a time, from the cells of the tile and a halo of
// the band around it, used and dropped; x-bar and S come first from every unit.
#include "hotspots/gistar.hpp"
#include "hotspots/kde_tiles.hpp"

#include <cstdint>
#include <vector>

namespace hotspots {

struct GridGiOptions {
    Contiguity contiguity = Contiguity::queen;
    double band_m = 0;           // > 0: every active cell within this distance (centre to centre)
    bool row_standardise = false;
    Adjustment adjustment = Adjustment::fdr;
    int permutations = 0;        // > 0: conditional permutation p-values
    std::uint64_t seed = 1;
    unsigned threads = 0;
};

// Gi* of the active cells' values x (units numbered in row-major order of the active cells, as
// grid_neighbours numbers them; unit_cell receives each unit's cell), in square tiles of
// `tile` cells from the grid's top-left corner. Equal to gi_star (and permutation_p) over
// grid_neighbours' weights bit for bit: every unit's row lists the same neighbours in the same
// order and is summed by the same code, the mean and S are the same sums over all units, and
// each unit's permutations draw from its own stream. Throws std::invalid_argument when
// tile is 0, GiStarError as gi_star.
GiStar grid_gi_star_tiled(const Grid& g, const std::vector<std::uint8_t>& active, const std::vector<double>& x,
                          std::size_t tile, const GridGiOptions& options, std::vector<std::size_t>& unit_cell);

// Tile t of the layout (window(t), row-major), a per-unit value at each unit's cell and `empty`
// elsewhere. `unit_cell` is ascending (units in row-major order of their cells, as
// grid_neighbours numbers them), so a tile's units are found by a search per row: memory
// holds the tile, never the grid.
std::vector<double> tile_of_units(const TileLayout& layout, const std::vector<std::size_t>& unit_cell, std::size_t t,
                                  const std::vector<double>& value, double empty);

// The bands of gistar's tiled mosaic for tile t, one after the other: z, p, adjusted p and bin,
// NaN (nodata) at cells that are no unit.
inline constexpr std::size_t gi_tile_bands = 4;
std::vector<double> gi_tile(const TileLayout& layout, const std::vector<std::size_t>& unit_cell, const GiStar& gi,
                            std::size_t t);

// Tile t of the surface whose groups are the merged hot (sign 1) or cold (sign -1) spots: |z|
// at units with sign x bin >= 2 (95% or better), 0 elsewhere; the untiled run groups the same
// values over the whole grid.
std::vector<double> gi_spot_tile(const TileLayout& layout, const std::vector<std::size_t>& unit_cell, const GiStar& gi,
                                 int sign, std::size_t t);

}  // namespace hotspots
