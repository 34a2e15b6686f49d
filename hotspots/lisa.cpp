#include "hotspots/lisa.hpp"

#include "hotspots/random.hpp"
#include "model/parallel.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace hotspots {

Neighbours without_self(const Neighbours& w, bool row_standardise) {
    Neighbours out;
    std::vector<std::uint32_t> js;
    for (std::size_t i = 0; i < w.size(); ++i) {
        js.clear();
        for (std::size_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k)
            if (w.index[k] != i) js.push_back(w.index[k]);
        out.add_row(js, row_standardise);
    }
    return out;
}

LocalMoran local_moran(const std::vector<double>& x, const Neighbours& w, LisaVariance variance) {
    const std::size_t n = x.size();
    if (n < 3) throw LisaError(fmt::format("local Moran's I needs at least 3 units; there are {}", n));
    if (w.size() != n) throw LisaError("local Moran's I: the weights and the values differ in length");
    LocalMoran m;
    for (double v : x) m.mean += v;
    const double nd = static_cast<double>(n);
    m.mean /= nd;
    m.dev.resize(n);
    double m4 = 0;
    for (std::size_t i = 0; i < n; ++i) {
        m.dev[i] = x[i] - m.mean;
        m.m2 += m.dev[i] * m.dev[i];
        m4 += m.dev[i] * m.dev[i] * m.dev[i] * m.dev[i];
    }
    m.m2 /= nd;
    m4 /= nd;
    if (!(m.m2 > 1e-24 * std::max(1.0, m.mean * m.mean)))
        throw LisaError(fmt::format("every unit has the same value ({:g}): there is nothing to test; widen the period "
                                    "or the area, or check the filters", m.mean));
    const double b2 = m4 / (m.m2 * m.m2);
    for (auto* v : {&m.i, &m.expected, &m.variance, &m.z, &m.p, &m.lag}) v->assign(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        double lag = 0, wi = 0, si = 0;
        for (std::size_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k) {
            lag += w.weight[k] * m.dev[w.index[k]];
            wi += w.weight[k];
            si += w.weight[k] * w.weight[k];
        }
        const double zi = m.dev[i];
        m.lag[i] = lag;
        m.i[i] = zi / m.m2 * lag;
        if (variance == LisaVariance::conditional) {
            m.expected[i] = -(zi * zi * wi) / ((nd - 1) * m.m2);
            m.variance[i] = (zi / m.m2) * (zi / m.m2) * (nd / (nd - 2)) * (si - wi * wi / (nd - 1)) * (m.m2 - zi * zi / (nd - 1));
        } else {
            m.expected[i] = -wi / (nd - 1);
            m.variance[i] = (nd - b2) / (nd - 1) * si + (2 * b2 - nd) / ((nd - 1) * (nd - 2)) * (wi * wi - si) -
                            m.expected[i] * m.expected[i];
        }
        m.z[i] = m.variance[i] > 0 ? (m.i[i] - m.expected[i]) / std::sqrt(m.variance[i]) : 0;
        m.p[i] = std::erfc(std::abs(m.z[i]) / std::sqrt(2.0));
    }
    return m;
}

std::vector<double> local_moran_permutation_p(const std::vector<double>& x, const Neighbours& w, int permutations,
                                              std::uint64_t seed, bool with_replacement, unsigned threads) {
    const std::size_t n = x.size();
    if (permutations < 1 || n < 3) return std::vector<double>(n, 1.0);
    double mean = 0, m2 = 0;
    for (double v : x) mean += v;
    mean /= static_cast<double>(n);
    std::vector<double> dev(n);
    for (std::size_t i = 0; i < n; ++i) {
        dev[i] = x[i] - mean;
        m2 += dev[i] * dev[i];
    }
    m2 /= static_cast<double>(n);
    if (!(m2 > 0)) return std::vector<double>(n, 1.0);
    std::vector<double> scale(n);
    for (std::size_t i = 0; i < n; ++i) scale[i] = dev[i] / m2;
    return detail::conditional_permutations(scale, dev, w, permutations, seed, with_replacement, threads).p;
}

namespace detail {

PermutationStats conditional_permutations(const std::vector<double>& scale, const std::vector<double>& values,
                                          const Neighbours& w, int permutations, std::uint64_t seed,
                                          bool with_replacement, unsigned threads) {
    const std::size_t n = values.size();
    PermutationStats s;
    s.p.assign(n, 1.0);
    s.mean.assign(n, std::numeric_limits<double>::quiet_NaN());
    s.variance.assign(n, std::numeric_limits<double>::quiet_NaN());
    parallel_chunks(n, thread_count(threads), [&](std::size_t begin, std::size_t end, unsigned) {
        std::vector<std::size_t> picked;
        for (std::size_t i = begin; i < end; ++i) {
            const std::size_t from = w.offsets[i], to = w.offsets[i + 1];
            if (from == to || (!with_replacement && to - from > n - 1)) continue;
            double lag = 0;
            for (std::size_t k = from; k < to; ++k) lag += w.weight[k] * values[w.index[k]];
            const double observed = scale[i] * lag;
            // Its own stream per unit: the draws do not depend on how units are spread over threads.
            std::uint64_t state = seed * 0x9E6C63D0676A9A99ull + i + 1;
            std::size_t ge = 0;
            double sum_i = 0, sum_i2 = 0;
            for (int r = 0; r < permutations; ++r) {
                picked.clear();
                double sum = 0;
                for (std::size_t k = from; k < to; ++k) {
                    std::size_t j;
                    do {
                        j = static_cast<std::size_t>(random_below(state, n - 1));
                        if (j >= i) ++j;  // any unit but i
                    } while (!with_replacement && std::find(picked.begin(), picked.end(), j) != picked.end());
                    picked.push_back(j);
                    sum += w.weight[k] * values[j];
                }
                const double simulated = scale[i] * sum;
                ge += simulated >= observed;
                sum_i += simulated;
                sum_i2 += simulated * simulated;
            }
            const std::size_t perms = static_cast<std::size_t>(permutations);
            const double m = static_cast<double>(perms);
            s.p[i] = static_cast<double>(std::min(ge, perms - ge) + 1) / (m + 1);
            s.mean[i] = sum_i / m;
            if (perms > 1) s.variance[i] = std::max(0.0, (sum_i2 - m * s.mean[i] * s.mean[i]) / (m - 1));
        }
    });
    return s;
}

}  // namespace detail

std::vector<double> adjust_p(const std::vector<double>& p, Adjustment adjustment) {
    if (adjustment == Adjustment::fdr) return benjamini_hochberg(p);
    std::vector<double> out(p);
    if (adjustment == Adjustment::bonferroni)
        for (double& v : out) v = std::min(1.0, v * static_cast<double>(p.size()));
    return out;
}

std::vector<std::string> lisa_quadrants(const LocalMoran& m, const std::vector<double>& p_adjusted, double alpha) {
    std::vector<std::string> q(m.dev.size(), "not significant");
    for (std::size_t i = 0; i < q.size(); ++i) {
        if (!(p_adjusted[i] < alpha)) continue;
        const bool high = m.dev[i] > 0, lag_high = m.lag[i] > 0;
        q[i] = std::string(high ? "H" : "L") + (lag_high ? "H" : "L");
    }
    return q;
}

}  // namespace hotspots
