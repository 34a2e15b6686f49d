#include "hotspots/banded_surface.hpp"

#include "hotspots/components.hpp"

#include <algorithm>
#include <cmath>

namespace hotspots {

SurfaceBands band_surface(const std::vector<double>& values, const Grid& grid, const std::vector<std::pair<double, double>>& points,
                          std::size_t min_incidents, const std::vector<double>& quantiles) {
    SurfaceBands out;
    std::vector<double> positive;
    for (double v : values)
        if (v > 0 && std::isfinite(v)) positive.push_back(v);
    std::sort(positive.begin(), positive.end());
    for (double q : quantiles) {
        if (positive.empty()) break;
        const auto at = static_cast<std::size_t>(std::floor(q * static_cast<double>(positive.size() - 1)));
        const double b = positive[std::min(at, positive.size() - 1)];
        if (out.breaks.empty() || b > out.breaks.back()) out.breaks.push_back(b);
    }
    out.band.assign(values.size(), 0);
    for (std::size_t k = 0; k < values.size(); ++k) {
        if (!std::isfinite(values[k])) {
            out.band[k] = -1;
            continue;
        }
        out.band[k] = static_cast<int>(std::upper_bound(out.breaks.begin(), out.breaks.end(), values[k]) - out.breaks.begin());
    }
    std::vector<std::size_t> held(values.size(), 0);
    for (const auto& [x, y] : points) {
        const auto c = grid.col_of(x), r = grid.row_of(y);
        if (grid.contains(c, r)) ++held[static_cast<std::size_t>(r) * grid.cols + static_cast<std::size_t>(c)];
    }
    // From the top band down: a piece of band b or above holding too few incidents falls to b-1,
    // and is counted again with the pieces of b-1 it then joins.
    for (int b = static_cast<int>(out.breaks.size()); b >= 1; --b) {
        std::vector<double> at_least(values.size(), 0);
        for (std::size_t k = 0; k < values.size(); ++k) at_least[k] = out.band[k] >= b ? 1 : 0;
        const auto comps = connected_components(at_least, grid, 1);
        std::vector<std::size_t> incidents(comps.list.size(), 0);
        for (std::size_t k = 0; k < values.size(); ++k)
            if (comps.label[k] >= 0) incidents[static_cast<std::size_t>(comps.label[k])] += held[k];
        for (std::size_t p = 0; p < comps.list.size(); ++p) out.demoted += incidents[p] < min_incidents;
        for (std::size_t k = 0; k < values.size(); ++k)
            if (comps.label[k] >= 0 && incidents[static_cast<std::size_t>(comps.label[k])] < min_incidents) out.band[k] = b - 1;
    }
    return out;
}

}  // namespace hotspots
