#include "model/grid.hpp"

#include <fmt/format.h>

#include <cmath>

namespace hotspots {
namespace {

// Number of cells spanning `length`: whole cells, tolerant of rounding in the division.
std::size_t cells_for(double length, double cell) {
    const double n = length / cell;
    const double whole = std::round(n);
    const double k = std::abs(n - whole) < 1e-9 * std::max(1.0, n) ? whole : std::ceil(n);
    return static_cast<std::size_t>(std::max(1.0, k));
}

}  // namespace

Grid snapped_grid(const Box& extent, double margin, double cell) {
    Grid g;
    g.cell = cell;
    g.xmin = std::floor((extent.xmin - margin) / cell) * cell;
    const double ymin = std::floor((extent.ymin - margin) / cell) * cell;
    const double xmax = std::ceil((extent.xmax + margin) / cell) * cell;
    g.ymax = std::ceil((extent.ymax + margin) / cell) * cell;
    g.cols = cells_for(xmax - g.xmin, cell);
    g.rows = cells_for(g.ymax - ymin, cell);
    return g;
}

Grid exact_grid(const Box& extent, double cell) {
    Grid g;
    g.cell = cell;
    g.xmin = extent.xmin;
    g.ymax = extent.ymax;
    g.cols = cells_for(extent.width(), cell);
    g.rows = cells_for(extent.height(), cell);
    return g;
}

double round_cell(double metres) {
    if (!(metres > 0) || !std::isfinite(metres)) return metres;
    double best = 1, best_gap = INFINITY;
    const double decade = std::pow(10.0, std::floor(std::log10(metres)));
    for (double d : {decade / 10, decade, decade * 10})
        for (double step : {1.0, 2.0, 2.5, 5.0}) {
            const double v = step * d, gap = std::fabs(std::log(v / metres));
            if (gap < best_gap) {
                best_gap = gap;
                best = v;
            }
        }
    return best;
}

std::string describe(const Grid& g) {
    return fmt::format("{} x {} cells of {:g} m", g.cols, g.rows, g.cell);
}

}  // namespace hotspots
