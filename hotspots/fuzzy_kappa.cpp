#include "hotspots/fuzzy_kappa.hpp"

#include "model/parallel.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hotspots {
namespace {

struct Offset {
    long dr, dc;
    double credit;
};

// Every offset within the radius, nearest first, with its credit m(d).
std::vector<Offset> neighbourhood(const FuzzyKappaParams& p) {
    const long reach = static_cast<long>(std::floor(p.radius / p.cell));
    if ((2 * reach + 1) * (2 * reach + 1) > 1000000)
        throw std::invalid_argument("fuzzy kappa: the neighbourhood (4 halving distances) spans over a million cells: give "
                                    "a larger cell or a smaller halving distance");
    std::vector<std::pair<double, Offset>> found;
    for (long dr = -reach; dr <= reach; ++dr)
        for (long dc = -reach; dc <= reach; ++dc) {
            const double d = p.cell * std::hypot(static_cast<double>(dr), static_cast<double>(dc));
            if (d <= p.radius) found.push_back({d, {dr, dc, std::exp2(-d / p.halving)}});
        }
    std::stable_sort(found.begin(), found.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<Offset> out;
    for (const auto& f : found) out.push_back(f.second);
    return out;
}

// mu[i * k + c]: the credit of the nearest cell of category c to cell i in `map`.
std::vector<double> memberships(const std::vector<int>& map, const std::vector<bool>& valid, int k,
                                const std::vector<Offset>& offsets, const FuzzyKappaParams& p) {
    std::vector<double> mu(map.size() * static_cast<std::size_t>(k), 0.0);
    const long rows = static_cast<long>(p.rows), cols = static_cast<long>(p.cols);
    parallel_chunks(map.size(), thread_count(p.threads), [&](std::size_t begin, std::size_t end, unsigned) {
        for (std::size_t i = begin; i < end; ++i) {
            if (!valid[i]) continue;
            const long r = static_cast<long>(i) / cols, c = static_cast<long>(i) % cols;
            int left = k;
            for (const auto& o : offsets) {
                const long rr = r + o.dr, cc = c + o.dc;
                if (rr < 0 || rr >= rows || cc < 0 || cc >= cols) continue;
                const auto j = static_cast<std::size_t>(rr * cols + cc);
                if (!valid[j]) continue;
                double& m = mu[i * static_cast<std::size_t>(k) + static_cast<std::size_t>(map[j])];
                if (m > 0) continue;  // nearest first: the first found is the largest credit
                m = o.credit;
                if (--left == 0) break;
            }
        }
    });
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
    const auto offsets = neighbourhood(p);
    const auto mu_a = memberships(a, valid, k, offsets, p), mu_b = memberships(b, valid, k, offsets, p);
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
