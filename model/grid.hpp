#pragma once
// A north-up raster grid in the working CRS: row 0 is the northern edge, as in GeoTIFF.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

namespace hotspots {

struct Box {
    double xmin = 0, ymin = 0, xmax = 0, ymax = 0;
    double width() const { return xmax - xmin; }
    double height() const { return ymax - ymin; }
    // An inverted, infinite box that the first include() makes a point.
    static Box nothing() { return {INFINITY, INFINITY, -INFINITY, -INFINITY}; }
    void include(double x, double y) {
        xmin = std::min(xmin, x);
        ymin = std::min(ymin, y);
        xmax = std::max(xmax, x);
        ymax = std::max(ymax, y);
    }
};

struct Grid {
    double xmin = 0, ymax = 0, cell = 1;
    std::size_t cols = 0, rows = 0;

    std::size_t cells() const { return cols * rows; }
    double xmax() const { return xmin + static_cast<double>(cols) * cell; }
    double ymin() const { return ymax - static_cast<double>(rows) * cell; }
    double centre_x(std::size_t col) const { return xmin + (static_cast<double>(col) + 0.5) * cell; }
    double centre_y(std::size_t row) const { return ymax - (static_cast<double>(row) + 0.5) * cell; }
    // The cell holding (x, y), as signed numbers: outside the grid they are < 0 or >= cols/rows.
    std::int64_t col_of(double x) const { return static_cast<std::int64_t>(std::floor((x - xmin) / cell)); }
    std::int64_t row_of(double y) const { return static_cast<std::int64_t>(std::floor((ymax - y) / cell)); }
    bool contains(std::int64_t col, std::int64_t row) const {
        return col >= 0 && row >= 0 && static_cast<std::size_t>(col) < cols && static_cast<std::size_t>(row) < rows;
    }
};

// A rectangle of a grid's cells: rows [row0, row0 + rows), columns [col0, col0 + cols).
struct GridWindow {
    std::size_t row0 = 0, col0 = 0, rows = 0, cols = 0;
};

// The grid covering `extent` grown by `margin` on every side, its edges snapped outwards to
// multiples of `cell`, so grids with the same cell size from different runs line up.
Grid snapped_grid(const Box& extent, double margin, double cell);

// The grid starting exactly at the extent's top-left corner, with as many whole cells as are
// needed to cover it (the last column and row may reach past xmax and ymin).
Grid exact_grid(const Box& extent, double cell);

// The value of the ladder 1, 2, 2.5, 5 x 10^k (metres) nearest to `metres` on a log scale, so
// automatic cell sizes are round and the grids of runs over different extents line up.
double round_cell(double metres);

// "1,234 x 567 cells of 10 m"
std::string describe(const Grid& g);

}  // namespace hotspots
