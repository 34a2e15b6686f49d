#pragma once
// Hotspots of a surface made in tiles (docs/kde.md, "Hotspots from tiles"): the threshold over
// every cell and the groups of hot cells joined across tile edges, with memory bounded by one
// tile (plus the hot cells' row runs and a few bytes per incident), never the grid.
#include "hotspots/hotspot_polygons.hpp"
#include "hotspots/kde_tiles.hpp"
#include "hotspots/threshold.hpp"

#include <functional>
#include <stdexcept>

namespace hotspots {

// Tile t's cells, row-major (layout.window(t)); asked for once per pass, so it must give the
// same values every time (a tile is made again rather than kept).
using TileValues = std::function<std::vector<double>(std::size_t)>;

// The cut of `t` over every cell of the tiled surface, equal to apply_threshold on the whole
// grid (NaN and cells <= 0 are not eligible); `hot` is left 0 (count the groups' cells).
//  top:P%    exact: a radix selection on the values' bits, 16 bits a pass over the tiles
//            (at most 4 passes), then the cells left in the chosen bin (at most `budget`
//            values) are kept and the k-th largest picked. The same cut bit for bit.
//  mean+Ksd  two passes (the sum, then the squared deviations), tile by tile: the same terms
//            summed in another order, so mean and sd may differ from the whole grid's in the
//            last bits (|relative difference| <= 2 (n - 1) u, u = 2^-53).
//  value:X   one pass (to count the eligible cells).
//  share:P%  exact: the same radix descent, each bin with its exact sum beside its count
//            (integer sums of significands: a bin of the first digit holds one exponent),
//            the total exact too (ExactSum), so the cut is apply_threshold's bit for bit,
//            whatever the tiling; one pass more than top:P% at most.
// `passes`, when given, receives how many times every tile was asked for.
ThresholdResult threshold_over_tiles(const TileLayout& layout, const TileValues& tile, const Threshold& t,
                                     std::size_t budget = std::size_t{1} << 20, std::size_t* passes = nullptr);

// The k-th largest (1-based) of the positive cells of every tile, by top:P%'s radix selection
// (exact: the value std::nth_element finds over the whole grid). `k_of` is given the number of
// positive cells after the first pass and returns k; k = 0 (or none positive) gives infinity.
double kth_largest_over_tiles(const TileLayout& layout, const TileValues& tile,
                              const std::function<std::size_t(std::size_t)>& k_of,
                              std::size_t budget = std::size_t{1} << 20, std::size_t* passes = nullptr);

// Hot cells (> 0 and >= cut) of the tiles, grouped 8-connected across tile edges: the groups
// connected_components finds over the whole grid, numbered alike (row-major order of their
// first cell), with the same cells, peak, peak cell, bounds and row runs; `sum` adds the same
// terms, in the same order for a group inside one tile and in another order for one that
// spans tiles. `cell_of(i)` is incident i's cell in the grid (row-major) or -1 (outside): the
// incident belongs to its cell's group. One pass over the tiles.
HotGroups groups_over_tiles(const TileLayout& layout, const TileValues& tile, double cut, std::size_t incidents,
                            const std::function<std::int64_t(std::size_t)>& cell_of);

// Hot cells in all the groups.
std::size_t hot_cells(const HotGroups& groups);

}  // namespace hotspots
