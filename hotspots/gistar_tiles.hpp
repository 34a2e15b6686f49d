#pragma once
// Gi* on a grid made tile by tile (docs/statistics.md, "Gi* in tiles"): the weights, which
// hold every unit's neighbours within the band (about pi (band / cell)^2 entries of 12 bytes a
// unit), are built for one tile's units at a time, from the cells of the tile and a halo of
// the band around it, used and dropped; x-bar and S come first from every unit.
#include "hotspots/gistar.hpp"

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

}  // namespace hotspots
