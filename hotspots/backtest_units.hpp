#pragma once
// The units evaluate ranks instead of its study cells (docs/evaluate.md, "Hexagons and
// streets"), built over a study area: hexagons, or the segments of a street network.
#include "hotspots/hexgrid.hpp"
#include "hotspots/unit_catch.hpp"
#include "model/geometry.hpp"

#include <cstdint>
#include <vector>

namespace hotspots {

struct HexBacktestUnits {
    BacktestUnits units;
    HexGrid hex;
    std::vector<HexCell> cells;  // each unit's hexagon
};

// The hexagons of `hex` holding the centre of at least one study cell, sorted by (r, q); each
// scores the plain mean of those cells, and its size is its area inside `mask` (m2; the whole
// hexagon when the mask is empty).
HexBacktestUnits hex_backtest_units(const StudyArea& area, const HexGrid& hex, const std::vector<Wkb>& mask);

// Each incident's unit (-1: its hexagon is not a unit).
std::vector<std::int64_t> hex_unit_of(const HexBacktestUnits& u, const std::vector<XY>& points);

// The length of a line (metres) inside each cell of `grid` it crosses, by grid index
// (row-major), ascending; what lies outside the grid is left out.
std::vector<std::pair<std::size_t, double>> line_in_cells(const Grid& grid, const std::vector<XY>& line);

struct StreetBacktestUnits {
    BacktestUnits units;
    std::vector<std::int64_t> unit_of_segment;  // -1: the segment crosses no study cell
    std::vector<std::size_t> segment;           // each unit's segment
};

// The segments crossing at least one study cell; each scores the mean of its cells weighted
// by its length in each, and its size is its length inside the study cells (m).
StreetBacktestUnits street_backtest_units(const StudyArea& area, const std::vector<std::vector<XY>>& segments);

}  // namespace hotspots
