#include "hotspots/lisa_bv.hpp"

#include <fmt/format.h>

#include <cmath>

namespace hotspots {
namespace {

// R's scale(): (v - mean) / sd with the n - 1 divisor.
std::vector<double> standardised(const std::vector<double>& v, const char* what) {
    const double n = static_cast<double>(v.size());
    double mean = 0, ss = 0;
    for (double a : v) mean += a;
    mean /= n;
    for (double a : v) ss += (a - mean) * (a - mean);
    const double sd = std::sqrt(ss / (n - 1));
    if (!(sd > 1e-12 * std::max(1.0, std::abs(mean))))
        throw LisaError(fmt::format("bivariate local Moran's I: every unit has the same {} ({:g}): there is nothing "
                                    "to relate; widen the period or the area",
                                    what, mean));
    std::vector<double> z(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) z[i] = (v[i] - mean) / sd;
    return z;
}

}  // namespace

LocalMoranBv local_moran_bv(const std::vector<double>& x, const std::vector<double>& y, const Neighbours& w,
                            int permutations, std::uint64_t seed, bool with_replacement, unsigned threads) {
    const std::size_t n = x.size();
    if (n < 3) throw LisaError(fmt::format("bivariate local Moran's I needs at least 3 units; there are {}", n));
    if (y.size() != n || w.size() != n)
        throw LisaError("bivariate local Moran's I: the two variables and the weights differ in length");
    LocalMoranBv m;
    m.zx = standardised(x, "value of the first variable");
    const auto zy = standardised(y, "value of the second variable");
    m.lag_zy.assign(n, 0.0);
    m.i.assign(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k) m.lag_zy[i] += w.weight[k] * zy[w.index[k]];
        m.i[i] = m.zx[i] * m.lag_zy[i];
    }
    if (permutations > 0) {
        auto s = detail::conditional_permutations(m.zx, zy, w, permutations, seed, with_replacement, threads);
        m.p = std::move(s.p);
        m.expected = std::move(s.mean);
        m.variance = std::move(s.variance);
    }
    return m;
}

LocalMoran as_local_moran(const LocalMoranBv& m) {
    LocalMoran out;
    const std::size_t n = m.i.size();
    out.i = m.i;
    out.dev = m.zx;
    out.lag = m.lag_zy;
    out.expected = m.expected.empty() ? std::vector<double>(n, NAN) : m.expected;
    out.variance = m.variance.empty() ? std::vector<double>(n, NAN) : m.variance;
    out.z.assign(n, 0.0);
    out.p.assign(n, 1.0);
    for (std::size_t i = 0; i < n; ++i) {
        if (!(out.variance[i] > 0)) continue;
        out.z[i] = (out.i[i] - out.expected[i]) / std::sqrt(out.variance[i]);
        out.p[i] = std::erfc(std::abs(out.z[i]) / std::sqrt(2.0));
    }
    return out;
}

}  // namespace hotspots
