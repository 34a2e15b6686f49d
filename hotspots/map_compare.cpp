#include "hotspots/map_compare.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace hotspots {

std::vector<double> dual_surface(const std::vector<double>& a, const std::vector<double>& b, DualKind kind,
                                 double floor_a, double floor_b) {
    if (a.size() != b.size()) throw std::invalid_argument("dual_surface: the surfaces differ in size");
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> out(a.size(), nan);
    for (std::size_t k = 0; k < a.size(); ++k) {
        if (std::isnan(a[k]) || std::isnan(b[k])) continue;
        switch (kind) {
        case DualKind::difference: out[k] = a[k] - b[k]; break;
        case DualKind::ratio:
            if (b[k] > floor_b) out[k] = a[k] / b[k];
            break;
        case DualKind::log_ratio:
            if (a[k] > floor_a && b[k] > floor_b) out[k] = std::log(a[k] / b[k]);
            break;
        }
    }
    return out;
}

double surface_floor(const std::vector<double>& v, double share) {
    std::vector<double> positive;
    for (double x : v)
        if (std::isfinite(x) && x > 0) positive.push_back(x);
    if (positive.empty()) return 0;
    const auto mid = positive.begin() + static_cast<long>(positive.size() / 2);
    std::nth_element(positive.begin(), mid, positive.end());
    return share * *mid;
}

Agreement agreement(const std::vector<std::uint8_t>& a_hot, const std::vector<std::uint8_t>& b_hot,
                    const std::vector<std::uint8_t>& valid) {
    if (a_hot.size() != b_hot.size() || a_hot.size() != valid.size())
        throw std::invalid_argument("agreement: the maps differ in size");
    Agreement g;
    for (std::size_t k = 0; k < valid.size(); ++k) {
        if (!valid[k]) continue;
        ++g.cells;
        const bool a = a_hot[k] != 0, b = b_hot[k] != 0;
        g.a += a;
        g.b += b;
        g.both += a && b;
        g.neither += !a && !b;
    }
    if (g.cells == 0) return g;
    const double n = static_cast<double>(g.cells), na = static_cast<double>(g.a), nb = static_cast<double>(g.b);
    const double both = static_cast<double>(g.both), either = na + nb - both;
    g.a_in_b = g.a ? both / na : 0;
    g.b_in_a = g.b ? both / nb : 0;
    g.jaccard = either > 0 ? both / either : 0;
    g.observed = (both + static_cast<double>(g.neither)) / n;
    g.expected = (na / n) * (nb / n) + (1 - na / n) * (1 - nb / n);
    g.kappa = g.expected < 1 ? (g.observed - g.expected) / (1 - g.expected) : 1;
    return g;
}

}  // namespace hotspots
