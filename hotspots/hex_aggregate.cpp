#include "hotspots/hex_aggregate.hpp"

#include <cmath>
#include <map>
#include <utility>

namespace hotspots {

HexMeans hex_means(const Grid& g, const std::vector<double>& values, const HexGrid& hex) {
    // Sums in row-major order within each hexagon: the result does not depend on threads.
    std::map<std::pair<std::int64_t, std::int64_t>, std::pair<double, std::size_t>> sums;  // (r, q) -> sum, cells
    for (std::size_t row = 0; row < g.rows; ++row)
        for (std::size_t col = 0; col < g.cols; ++col) {
            const double v = values[row * g.cols + col];
            if (std::isnan(v)) continue;
            const HexCell c = hex.cell_of(g.centre_x(col), g.centre_y(row));
            auto& s = sums[{c.r, c.q}];
            s.first += v;
            ++s.second;
        }
    HexMeans out;
    out.hex = hex;
    for (const auto& [rq, s] : sums) {
        out.cells.push_back({rq.second, rq.first});
        out.mean.push_back(s.first / static_cast<double>(s.second));
        out.count.push_back(s.second);
    }
    return out;
}

}  // namespace hotspots
