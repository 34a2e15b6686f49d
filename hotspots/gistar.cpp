#include "hotspots/gistar.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hotspots {

void Neighbours::add_row(const std::vector<std::uint32_t>& js, bool row_standardise) {
    const double w = row_standardise ? 1.0 / static_cast<double>(js.size()) : 1.0;
    for (auto j : js) {
        index.push_back(j);
        weight.push_back(w);
    }
    offsets.push_back(index.size());
}

Neighbours grid_neighbours(const Grid& g, const std::vector<std::uint8_t>& active, Contiguity c, double band_m,
                           bool row_standardise, std::vector<std::size_t>& unit_cell) {
    std::vector<std::int64_t> unit_of(g.cells(), -1);
    unit_cell.clear();
    for (std::size_t i = 0; i < g.cells(); ++i)
        if (active.empty() || active[i]) {
            unit_of[i] = static_cast<std::int64_t>(unit_cell.size());
            unit_cell.push_back(i);
        }
    // The window of neighbour offsets.
    std::vector<std::pair<int, int>> window;
    if (band_m > 0) {
        const int reach = static_cast<int>(std::floor(band_m / g.cell));
        for (int dr = -reach; dr <= reach; ++dr)
            for (int dc = -reach; dc <= reach; ++dc)
                if (std::hypot(dr * g.cell, dc * g.cell) <= band_m) window.emplace_back(dr, dc);
    } else {
        for (int dr = -1; dr <= 1; ++dr)
            for (int dc = -1; dc <= 1; ++dc)
                if (c == Contiguity::queen || dr == 0 || dc == 0) window.emplace_back(dr, dc);
    }
    Neighbours nb;
    nb.offsets.reserve(unit_cell.size() + 1);
    std::vector<std::uint32_t> js;
    for (std::size_t cell : unit_cell) {
        const auto r = static_cast<std::int64_t>(cell / g.cols), col = static_cast<std::int64_t>(cell % g.cols);
        js.clear();
        for (const auto& [dr, dc] : window) {
            if (!g.contains(col + dc, r + dr)) continue;
            const auto u = unit_of[static_cast<std::size_t>(r + dr) * g.cols + static_cast<std::size_t>(col + dc)];
            if (u >= 0) js.push_back(static_cast<std::uint32_t>(u));
        }
        nb.add_row(js, row_standardise);
    }
    return nb;
}

std::vector<double> benjamini_hochberg(const std::vector<double>& p) {
    const std::size_t n = p.size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
    std::vector<double> adjusted(n);
    double running = 1.0;
    for (std::size_t k = n; k-- > 0;) {
        const double v = std::min(1.0, p[order[k]] * static_cast<double>(n) / static_cast<double>(k + 1));
        running = std::min(running, v);
        adjusted[order[k]] = running;
    }
    return adjusted;
}

GiStar gi_star(const std::vector<double>& x, const Neighbours& w, Adjustment adjustment) {
    const std::size_t n = x.size();
    if (n < 3) throw GiStarError(fmt::format("Gi* needs at least 3 units; there are {}", n));
    GiStar out;
    double sum = 0, sum2 = 0;
    for (double v : x) {
        sum += v;
        sum2 += v * v;
    }
    const double nd = static_cast<double>(n);
    out.mean = sum / nd;
    const double var = sum2 / nd - out.mean * out.mean;
    out.sd = var > 0 ? std::sqrt(var) : 0;
    if (!(out.sd > 1e-12 * std::max(1.0, std::abs(out.mean))))
        throw GiStarError(fmt::format("every unit has the same value ({:g}): there is nothing to test; widen the period "
                                      "or the area, or check the filters", out.mean));
    out.z.resize(n);
    out.p.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        double wx = 0, wsum = 0, w2 = 0;
        for (std::size_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k) {
            wx += w.weight[k] * x[w.index[k]];
            wsum += w.weight[k];
            w2 += w.weight[k] * w.weight[k];
        }
        const double denom = out.sd * std::sqrt((nd * w2 - wsum * wsum) / (nd - 1));
        out.z[i] = denom > 0 ? (wx - out.mean * wsum) / denom : 0;
        out.p[i] = std::erfc(std::abs(out.z[i]) / std::sqrt(2.0));
    }
    if (adjustment == Adjustment::fdr) out.p_adjusted = benjamini_hochberg(out.p);
    else if (adjustment == Adjustment::bonferroni) {
        out.p_adjusted.resize(n);
        for (std::size_t i = 0; i < n; ++i) out.p_adjusted[i] = std::min(1.0, out.p[i] * nd);
    } else {
        out.p_adjusted = out.p;
    }
    out.bin.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double q = out.p_adjusted[i];
        const int level = q < 0.01 ? 3 : q < 0.05 ? 2 : q < 0.10 ? 1 : 0;
        out.bin[i] = out.z[i] > 0 ? level : -level;
    }
    return out;
}

}  // namespace hotspots
