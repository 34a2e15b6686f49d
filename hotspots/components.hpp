#pragma once
// Groups of hot cells that touch (8-connected: sides and corners).
#include "model/grid.hpp"

#include <cstdint>
#include <vector>

namespace hotspots {

struct CellComponent {
    std::size_t cells = 0;
    std::size_t peak_cell = 0;  // index of its highest cell (the first in row order on ties)
    double peak = 0, sum = 0;
    std::size_t row0 = 0, row1 = 0, col0 = 0, col1 = 0;  // bounding rows/cols, inclusive
};

struct Components {
    std::vector<std::int32_t> label;  // per cell: component index, or -1
    std::vector<CellComponent> list;  // numbered in the row-major order of their first cell
};

// Cells with values[i] >= cut and values[i] > 0 are hot.
Components connected_components(const std::vector<double>& values, const Grid& grid, double cut);

}  // namespace hotspots
