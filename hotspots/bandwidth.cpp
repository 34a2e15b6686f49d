#include "hotspots/bandwidth.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hotspots {
namespace {

struct Moments {
    double total = 0, mx = 0, my = 0, sdx = 0, sdy = 0;  // weighted mean and sample sd per axis
    std::size_t n = 0;
};

Moments moments(const std::vector<WeightedPoint>& pts) {
    Moments m;
    for (const auto& p : pts) {
        m.total += p.weight;
        m.mx += p.weight * p.x;
        m.my += p.weight * p.y;
    }
    m.n = pts.size();
    if (m.total <= 0) throw BandwidthError("the total weight is not positive, so no bandwidth can be chosen from the data");
    m.mx /= m.total;
    m.my /= m.total;
    double sx = 0, sy = 0;
    for (const auto& p : pts) {
        sx += p.weight * (p.x - m.mx) * (p.x - m.mx);
        sy += p.weight * (p.y - m.my) * (p.y - m.my);
    }
    m.sdx = std::sqrt(sx / m.total);
    m.sdy = std::sqrt(sy / m.total);
    return m;
}

void require_spread(double h, const char* rule) {
    if (!(h > 0) || !std::isfinite(h))
        throw BandwidthError(fmt::format("--bandwidth {} cannot choose a bandwidth: the incidents have no spread "
                                         "(one incident, or all at one point); give --bandwidth METRES", rule));
}

// Type-7 quantile (R's default) of sorted values.
double quantile7(const std::vector<double>& sorted, double q) {
    const double pos = q * static_cast<double>(sorted.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (pos - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

// MASS::bandwidth.nrd for one axis.
double nrd(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const double n = static_cast<double>(v.size());
    const double mean = std::accumulate(v.begin(), v.end(), 0.0) / n;
    double ss = 0;
    for (double x : v) ss += (x - mean) * (x - mean);
    const double sd = std::sqrt(ss / (n - 1));
    const double iqr = quantile7(v, 0.75) - quantile7(v, 0.25);
    return 4 * 1.06 * std::min(sd, iqr / 1.34) * std::pow(n, -0.2);
}

}  // namespace

BandwidthChoice bandwidth_auto(const std::vector<WeightedPoint>& pts) {
    if (pts.size() < 2) require_spread(0, "auto");
    const Moments m = moments(pts);
    const double sd = std::sqrt(m.sdx * m.sdx + m.sdy * m.sdy);
    // Weighted median of the distances to the mean centre: the smallest distance at which
    // the cumulative weight reaches half the total.
    std::vector<std::pair<double, double>> d;
    d.reserve(pts.size());
    for (const auto& p : pts) d.emplace_back(std::hypot(p.x - m.mx, p.y - m.my), p.weight);
    std::sort(d.begin(), d.end());
    double acc = 0, dm = d.back().first;
    for (const auto& [dist, w] : d) {
        acc += w;
        if (acc >= m.total / 2) {
            dm = dist;
            break;
        }
    }
    const double h = 0.9 * std::min(sd, std::sqrt(1 / std::log(2.0)) * dm) * std::pow(m.total, -0.2);
    require_spread(h, "auto");
    return {h, "auto",
            fmt::format("standard distance {:.1f} m, median distance to the mean centre {:.1f} m, n {:g}", sd, dm, m.total)};
}

BandwidthChoice bandwidth_nrd(const std::vector<WeightedPoint>& pts, Kernel kernel) {
    if (pts.size() < 2) require_spread(0, "nrd");
    std::vector<double> xs, ys;
    xs.reserve(pts.size());
    ys.reserve(pts.size());
    for (const auto& p : pts) {
        xs.push_back(p.x);
        ys.push_back(p.y);
    }
    const double hx = nrd(std::move(xs)), hy = nrd(std::move(ys));
    double h = (hx + hy) / 2;
    if (kernel == Kernel::gaussian) h /= 4;
    require_spread(h, "nrd");
    return {h, "nrd", fmt::format("bandwidth.nrd x {:.1f} m, y {:.1f} m, n {}", hx, hy, pts.size())};
}

BandwidthChoice bandwidth_scott(const std::vector<WeightedPoint>& pts, Kernel kernel) {
    if (pts.size() < 2) require_spread(0, "scott");
    const Moments m = moments(pts);
    const double factor = std::pow(m.total, -1.0 / 6);
    const double sigma = (m.sdx + m.sdy) / 2 * factor;
    const double h = sigma / std::sqrt(kernel_axis_variance(kernel));
    require_spread(h, "scott");
    return {h, "scott", fmt::format("sd x {:.1f} m, y {:.1f} m, n {:g}, gaussian sigma {:.1f} m", m.sdx, m.sdy, m.total, sigma)};
}

}  // namespace hotspots
