#include "hotspots/rate.hpp"

#include "geo/cells.hpp"
#include "geo/partition.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace hotspots {

std::vector<KernelPoint> spread_over_cells(const std::vector<geo::AreaInput>& areas, const Grid& grid, double h,
                                           double& total) {
    std::vector<KernelPoint> points;
    total = 0;
    for (const auto& a : areas) {
        if (a.wkb.empty() || !(a.value > 0)) continue;
        total += a.value;
        const auto inside = geo::rasterize({a.wkb}, grid);
        std::vector<std::size_t> cells;
        for (std::size_t c = 0; c < inside.size(); ++c)
            if (inside[c]) cells.push_back(c);
        if (cells.empty()) {
            const auto p = geo::point_inside(a.wkb);
            points.push_back({p.x, p.y, a.value, h});
            continue;
        }
        const double share = a.value / static_cast<double>(cells.size());
        for (auto c : cells) points.push_back({grid.centre_x(c % grid.cols), grid.centre_y(c / grid.cols), share, h});
    }
    return points;
}

RateCut divide_by(std::vector<double>& values, const std::vector<double>& denominator, double minimum) {
    RateCut cut;
    cut.minimum = minimum;
    if (minimum < 0) {
        std::vector<double> positive;
        for (double d : denominator)
            if (d > 0) positive.push_back(d);
        if (positive.empty()) throw std::invalid_argument("nothing of the denominator falls in the grid");
        std::nth_element(positive.begin(), positive.begin() + static_cast<std::ptrdiff_t>(positive.size() / 2),
                         positive.end());
        cut.minimum = floor_of_median(positive[positive.size() / 2]);
    }
    for (std::size_t c = 0; c < values.size(); ++c) {
        if (denominator[c] >= cut.minimum && denominator[c] > 0) {
            values[c] = values[c] / denominator[c] * 1000;
        } else {
            values[c] = NAN;
            ++cut.blank;
        }
    }
    return cut;
}

}  // namespace hotspots
