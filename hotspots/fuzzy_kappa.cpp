#include "hotspots/fuzzy_kappa.hpp"

#include "model/parallel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace hotspots {
namespace {

constexpr double far_away = std::numeric_limits<double>::infinity();

// One line of the squared Euclidean distance transform (Felzenszwalb and Huttenlocher 2012):
// out[p] = min over q of (p - q)^2 + f[q], from the lower envelope of the parabolas of the
// finite f[q] (none: every out[p] is infinite).
void line_transform(const std::vector<double>& f, std::vector<double>& out, std::vector<long>& v, std::vector<double>& z) {
    const long n = static_cast<long>(f.size());
    v.clear();
    z.clear();
    for (long q = 0; q < n; ++q) {
        const auto uq = static_cast<std::size_t>(q);
        if (f[uq] == far_away) continue;
        double s = -far_away;  // where parabola q starts to be the lowest
        while (!v.empty()) {
            const long r = v.back();
            const auto ur = static_cast<std::size_t>(r);
            s = ((f[uq] + static_cast<double>(q * q)) - (f[ur] + static_cast<double>(r * r))) / static_cast<double>(2 * (q - r));
            if (s > z.back()) break;
            v.pop_back();
            z.pop_back();
            s = -far_away;
        }
        v.push_back(q);
        z.push_back(s);
    }
    std::size_t k = 0;
    for (long p = 0; p < n; ++p) {
        const auto up = static_cast<std::size_t>(p);
        if (v.empty()) {
            out[up] = far_away;
            continue;
        }
        while (k + 1 < v.size() && z[k + 1] <= static_cast<double>(p)) ++k;
        const double d = static_cast<double>(p - v[k]);
        out[up] = d * d + f[static_cast<std::size_t>(v[k])];
    }
}

// The squared distance, in cells, from every cell to the nearest valid cell of `category`:
// columns first, then rows, each line on its own (so over the threads).
std::vector<double> squared_distances(const std::vector<int>& map, const std::vector<bool>& valid, int category,
                                      const FuzzyKappaParams& p) {
    std::vector<double> d(map.size());
    for (std::size_t i = 0; i < map.size(); ++i) d[i] = valid[i] && map[i] == category ? 0.0 : far_away;
    auto pass = [&](std::size_t lines, std::size_t length, std::size_t line_step, std::size_t step) {
        parallel_chunks(lines, thread_count(p.threads), [&](std::size_t begin, std::size_t end, unsigned) {
            std::vector<double> f(length), out(length), z;
            std::vector<long> v;
            for (std::size_t l = begin; l < end; ++l) {
                for (std::size_t k = 0; k < length; ++k) f[k] = d[l * line_step + k * step];
                line_transform(f, out, v, z);
                for (std::size_t k = 0; k < length; ++k) d[l * line_step + k * step] = out[k];
            }
        });
    };
    pass(p.cols, p.rows, 1, p.cols);  // each column: cells p.cols apart
    pass(p.rows, p.cols, p.cols, 1);  // each row
    return d;
}

// mu[i * k + c]: the credit 2^(-d / halving) of the nearest cell of category c to cell i in
// `map` (0 beyond the radius).
std::vector<double> memberships(const std::vector<int>& map, const std::vector<bool>& valid, int k,
                                const FuzzyKappaParams& p) {
    const auto ku = static_cast<std::size_t>(k);
    std::vector<double> mu(map.size() * ku, 0.0);
    for (int c = 0; c < k; ++c) {
        const auto d2 = squared_distances(map, valid, c, p);
        for (std::size_t i = 0; i < map.size(); ++i) {
            if (!valid[i] || d2[i] == far_away) continue;
            const double d = p.cell * std::sqrt(d2[i]);
            if (d <= p.radius) mu[i * ku + static_cast<std::size_t>(c)] = std::exp2(-d / p.halving);
        }
    }
    return mu;
}

// E[min(X, Y)] for X and Y drawn independently from the two lists.
double mean_min(std::vector<double> x, std::vector<double> y) {
    std::sort(y.begin(), y.end());
    std::vector<double> below(y.size() + 1, 0.0);  // below[k]: sum of the k smallest y
    for (std::size_t k = 0; k < y.size(); ++k) below[k + 1] = below[k] + y[k];
    double total = 0;
    for (double v : x) {
        const auto k = static_cast<std::size_t>(std::lower_bound(y.begin(), y.end(), v) - y.begin());
        total += below[k] + v * static_cast<double>(y.size() - k);
    }
    return total / (static_cast<double>(x.size()) * static_cast<double>(y.size()));
}

}  // namespace

FuzzyKappa fuzzy_kappa(const std::vector<int>& a, const std::vector<int>& b, const FuzzyKappaParams& p) {
    if (a.size() != b.size() || a.size() != p.rows * p.cols)
        throw std::invalid_argument("fuzzy kappa: the two maps and the grid differ in size");
    if (!(p.cell > 0) || !(p.halving > 0) || !(p.radius >= 0))
        throw std::invalid_argument("fuzzy kappa: the cell and the halving distance must be above 0");
    const std::size_t n = a.size();
    std::vector<bool> valid(n);
    int k = 0;
    FuzzyKappa out;
    for (std::size_t i = 0; i < n; ++i) {
        valid[i] = a[i] >= 0 && b[i] >= 0;
        if (!valid[i]) continue;
        ++out.cells;
        k = std::max({k, a[i] + 1, b[i] + 1});
    }
    if (out.cells == 0) return out;
    const auto mu_a = memberships(a, valid, k, p), mu_b = memberships(b, valid, k, p);
    const auto ku = static_cast<std::size_t>(k);
    // Per category pair (a, b): X = mu_B(a) over B's cells of b, Y = mu_A(b) over A's cells of a.
    std::vector<std::vector<double>> x(ku * ku), y(ku * ku);
    std::vector<double> count_a(ku, 0.0), count_b(ku, 0.0);
    double s = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (!valid[i]) continue;
        const auto ca = static_cast<std::size_t>(a[i]), cb = static_cast<std::size_t>(b[i]);
        s += std::min(mu_a[i * ku + cb], mu_b[i * ku + ca]);
        count_a[ca] += 1;
        count_b[cb] += 1;
        for (std::size_t c = 0; c < ku; ++c) {
            x[c * ku + cb].push_back(mu_b[i * ku + c]);
            y[ca * ku + c].push_back(mu_a[i * ku + c]);
        }
    }
    const double cells = static_cast<double>(out.cells);
    out.similarity = s / cells;
    for (std::size_t ca = 0; ca < ku; ++ca)
        for (std::size_t cb = 0; cb < ku; ++cb)
            if (count_a[ca] > 0 && count_b[cb] > 0)
                out.expected += count_a[ca] / cells * count_b[cb] / cells * mean_min(x[ca * ku + cb], y[ca * ku + cb]);
    out.kappa = out.expected < 1 ? (out.similarity - out.expected) / (1 - out.expected) : 1.0;
    return out;
}

}  // namespace hotspots
