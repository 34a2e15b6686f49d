#pragma once
// A raster surface aggregated to hexagons (kde --aggregate hex:SIZE, docs/kde.md): each
// hexagon's value is the mean of the cells whose centres fall in it, so that the value times
// the hexagon's area is (within the cells' discretisation) what the surface holds there.
#include "hotspots/hexgrid.hpp"
#include "model/grid.hpp"

#include <cstddef>
#include <vector>

namespace hotspots {

struct HexMeans {
    HexGrid hex;
    std::vector<HexCell> cells;      // sorted by (r, q)
    std::vector<double> mean;        // of the cells' values
    std::vector<std::size_t> count;  // cells averaged
};

// Every hexagon of `hex` holding the centre of at least one cell of `grid` with a value (NaN:
// masked, left out); `values` row-major from the top row, as the grid.
HexMeans hex_means(const Grid& grid, const std::vector<double>& values, const HexGrid& hex);

}  // namespace hotspots
