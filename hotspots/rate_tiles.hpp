#pragma once
// A dual kernel rate made in tiles (docs/kde.md, "Rates in tiles"): the incidents' tiles divided
// by the denominator's, with the floor found over every tile, so that the mosaic is bit for bit
// the rate divide_by makes over the whole grid, and memory holds a tile, never the grid.
#include "geo/area_index.hpp"
#include "hotspots/kde_tiles.hpp"
#include "hotspots/tile_hotspots.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace hotspots {

// spread_over_cells for a grid never whole in memory: each area's cells kept as runs per grid
// row (geo::MaskRuns of the area, by the same scanline), with its number of cells and its
// share of residents; an area holding no cell centre keeps its one point inside. Memory: 12
// bytes a run (one per area and row it crosses, more for ragged edges) plus 24 a grid row.
class SpreadRuns {
public:
    SpreadRuns(const std::vector<geo::AreaInput>& areas, const Grid& grid, double h);
    double total() const { return m_total; }
    bool empty() const { return m_share.empty(); }
    // The points spread_over_cells makes (the same values) whose kernel, reaching `reach_cells`,
    // may touch the window (one cell of slack), in spread_over_cells's order within each grid
    // row: a subsequence of its points as accumulate_window orders them.
    std::vector<KernelPoint> near(const GridWindow& w, double reach_cells) const;
    // Cells of area k of the areas kept (those above 0, in their order).
    std::size_t cells(std::size_t k) const { return m_cells[k]; }

private:
    struct Run {
        std::uint32_t c0, c1, area;
    };
    struct Lone {
        std::int64_t row;
        std::uint32_t area;
        KernelPoint point;
    };
    Grid m_grid;
    double m_h = 0, m_total = 0;
    std::vector<std::vector<Run>> m_rows;  // per grid row, by area then column
    std::vector<double> m_share;           // per area kept: its value / its cells
    std::vector<std::size_t> m_cells;
    std::vector<Lone> m_lone;              // by row, then area
};

// The residents' kernel sums over tile t of `layout`: accumulate_window over the points near it,
// each cell bit for bit accumulate_kernels over spread_over_cells's points on the whole grid.
TileValues spread_tiles(std::shared_ptr<const SpreadRuns> spread, const TileLayout& layout, Kernel kernel, double h,
                        unsigned threads);

// The rate's tiles: incidents' tile / denominator's tile x 1,000 where the denominator is at
// least the floor, NaN elsewhere (divide_by on each tile). With `minimum` < 0 the floor is
// floor_of_median of the denominator's positive cells over every tile, found by
// kth_largest_over_tiles: bit for bit divide_by's over the whole grid. Throws
// std::invalid_argument when no cell of the denominator is positive (and the floor is automatic).
class TiledRate {
public:
    TiledRate(std::shared_ptr<const TiledKde> incidents, TileValues denominator, double minimum);
    std::vector<double> tile(std::size_t t) const;
    double minimum() const { return m_minimum; }
    double median() const { return m_median; }        // NaN when the floor was given
    std::size_t positive() const { return m_positive; }  // the denominator's positive cells (automatic floor)
    std::size_t passes() const { return m_passes; }      // over the denominator's tiles, for the floor

private:
    std::shared_ptr<const TiledKde> m_incidents;
    TileValues m_denominator;
    double m_minimum = 0, m_median = 0;
    std::size_t m_positive = 0, m_passes = 0;
};

}  // namespace hotspots
