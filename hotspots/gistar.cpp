#include "hotspots/gistar.hpp"

#include "model/parallel.hpp"
#include "hotspots/random.hpp"

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

namespace detail {

std::vector<std::pair<int, int>> neighbour_window(const Grid& g, Contiguity c, double band_m) {
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
    return window;
}

void add_grid_row(Neighbours& nb, const Grid& g, const std::vector<std::int64_t>& unit_of,
                  const std::vector<std::pair<int, int>>& window, std::size_t cell, bool row_standardise,
                  std::vector<std::uint32_t>& js) {
    const auto r = static_cast<std::int64_t>(cell / g.cols), col = static_cast<std::int64_t>(cell % g.cols);
    js.clear();
    for (const auto& [dr, dc] : window) {
        if (!g.contains(col + dc, r + dr)) continue;
        const auto u = unit_of[static_cast<std::size_t>(r + dr) * g.cols + static_cast<std::size_t>(col + dc)];
        if (u >= 0) js.push_back(static_cast<std::uint32_t>(u));
    }
    nb.add_row(js, row_standardise);
}

std::vector<std::int64_t> grid_units(const Grid& g, const std::vector<std::uint8_t>& active, std::vector<std::size_t>& unit_cell) {
    std::vector<std::int64_t> unit_of(g.cells(), -1);
    unit_cell.clear();
    for (std::size_t i = 0; i < g.cells(); ++i)
        if (active.empty() || active[i]) {
            unit_of[i] = static_cast<std::int64_t>(unit_cell.size());
            unit_cell.push_back(i);
        }
    return unit_of;
}

}  // namespace detail

Neighbours grid_neighbours(const Grid& g, const std::vector<std::uint8_t>& active, Contiguity c, double band_m,
                           bool row_standardise, std::vector<std::size_t>& unit_cell) {
    const auto unit_of = detail::grid_units(g, active, unit_cell);
    const auto window = detail::neighbour_window(g, c, band_m);
    Neighbours nb;
    nb.offsets.reserve(unit_cell.size() + 1);
    std::vector<std::uint32_t> js;
    for (std::size_t cell : unit_cell) detail::add_grid_row(nb, g, unit_of, window, cell, row_standardise, js);
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

namespace detail {

void gi_moments(const std::vector<double>& x, GiStar& out) {
    const std::size_t n = x.size();
    if (n < 3) throw GiStarError(fmt::format("Gi* needs at least 3 units; there are {}", n));
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
}

void gi_rows(const std::vector<double>& x, const Neighbours& w, const std::vector<std::size_t>* units, GiStar& out) {
    const double nd = static_cast<double>(x.size());
    for (std::size_t row = 0; row < w.size(); ++row) {
        const std::size_t i = units ? (*units)[row] : row;
        double wx = 0, wsum = 0, w2 = 0;
        for (std::size_t k = w.offsets[row]; k < w.offsets[row + 1]; ++k) {
            wx += w.weight[k] * x[w.index[k]];
            wsum += w.weight[k];
            w2 += w.weight[k] * w.weight[k];
        }
        const double denom = out.sd * std::sqrt((nd * w2 - wsum * wsum) / (nd - 1));
        out.z[i] = denom > 0 ? (wx - out.mean * wsum) / denom : 0;
        out.p[i] = std::erfc(std::abs(out.z[i]) / std::sqrt(2.0));
    }
}

void permutation_rows(const std::vector<double>& x, const Neighbours& w, const std::vector<std::size_t>* units,
                      int permutations, std::uint64_t seed, unsigned threads, std::vector<double>& p) {
    const std::size_t n = x.size();
    if (permutations < 1 || n < 3) return;
    parallel_chunks(w.size(), thread_count(threads), [&](std::size_t begin, std::size_t end, unsigned) {
        std::vector<std::size_t> picked;
        std::vector<double> others;  // weights of the row's entries other than the unit itself
        for (std::size_t row = begin; row < end; ++row) {
            const std::size_t i = units ? (*units)[row] : row;
            double self_w = 0, observed = 0;
            others.clear();
            for (std::size_t k = w.offsets[row]; k < w.offsets[row + 1]; ++k) {
                observed += w.weight[k] * x[w.index[k]];
                if (w.index[k] == i) self_w += w.weight[k];
                else others.push_back(w.weight[k]);
            }
            if (others.size() + 1 > n) continue;
            // The unit's own stream: the same draws whatever the threads or the tiles.
            std::uint64_t state = seed * 0xD1B54A32D192ED03ull + i + 1;
            std::size_t ge = 0, le = 0;
            for (int r = 0; r < permutations; ++r) {
                picked.clear();
                double sum = self_w * x[i];
                for (double wk : others) {
                    std::size_t j;
                    do {
                        j = static_cast<std::size_t>(random_below(state, n - 1));
                        if (j >= i) ++j;  // every unit but i
                    } while (std::find(picked.begin(), picked.end(), j) != picked.end());
                    picked.push_back(j);
                    sum += wk * x[j];
                }
                ge += sum >= observed;
                le += sum <= observed;
            }
            p[i] = std::min(1.0, 2.0 * static_cast<double>(std::min(ge, le) + 1) / static_cast<double>(permutations + 1));
        }
    });
}

}  // namespace detail

GiStar gi_star(const std::vector<double>& x, const Neighbours& w, Adjustment adjustment) {
    GiStar out;
    detail::gi_moments(x, out);
    out.z.resize(x.size());
    out.p.resize(x.size());
    detail::gi_rows(x, w, nullptr, out);
    out.bin.resize(x.size());
    set_p_values(out, out.p, adjustment);
    return out;
}

std::vector<double> permutation_p(const std::vector<double>& x, const Neighbours& w, int permutations,
                                  std::uint64_t seed, unsigned threads) {
    std::vector<double> p(x.size(), 1.0);
    detail::permutation_rows(x, w, nullptr, permutations, seed, threads, p);
    return p;
}

void set_p_values(GiStar& gi, std::vector<double> p, Adjustment adjustment) {
    const std::size_t n = p.size();
    gi.p = std::move(p);
    if (adjustment == Adjustment::fdr) gi.p_adjusted = benjamini_hochberg(gi.p);
    else if (adjustment == Adjustment::bonferroni) {
        gi.p_adjusted.resize(n);
        for (std::size_t i = 0; i < n; ++i) gi.p_adjusted[i] = std::min(1.0, gi.p[i] * static_cast<double>(n));
    } else {
        gi.p_adjusted = gi.p;
    }
    for (std::size_t i = 0; i < n; ++i) {
        const double q = gi.p_adjusted[i];
        const int level = q < 0.01 ? 3 : q < 0.05 ? 2 : q < 0.10 ? 1 : 0;
        gi.bin[i] = gi.z[i] > 0 ? level : -level;
    }
}

namespace {

// I, E[I], Var[I] (normality) and z from the sums: m2 = sum (x - mean)^2, cross = sum_i sum_j
// w_ij dev_i dev_j, links = sum w_ij, s2 = sum_i (row sum + column sum)^2.
MoranI moran_from(std::size_t n, double m2, double cross, double links, double s2) {
    MoranI m;
    const double nd = static_cast<double>(n);
    m.expected = -1.0 / (nd - 1);
    if (!(m2 > 0) || !(links > 0)) return m;
    m.i = nd / links * cross / m2;
    m.variance = (nd * nd * 2 * links - nd * s2 + 3 * links * links) / ((nd * nd - 1) * links * links) - m.expected * m.expected;
    m.z = m.variance > 0 ? (m.i - m.expected) / std::sqrt(m.variance) : 0;
    return m;
}

}  // namespace

MoranI global_moran(const std::vector<double>& x, const Neighbours& w) {
    const std::size_t n = x.size();
    double mean = 0;
    for (double v : x) mean += v;
    mean /= static_cast<double>(n);
    double m2 = 0, cross = 0, links = 0, s2 = 0;
    for (std::size_t i = 0; i < n; ++i) {
        m2 += (x[i] - mean) * (x[i] - mean);
        double k = 0;
        for (std::size_t e = w.offsets[i]; e < w.offsets[i + 1]; ++e) {
            if (w.index[e] == i) continue;
            cross += (x[i] - mean) * (x[w.index[e]] - mean);
            k += 1;
        }
        links += k;
        s2 += (2 * k) * (2 * k);  // symmetric binary weights: row sum + column sum = 2 k
    }
    return moran_from(n, m2, cross, links, s2);
}

std::vector<double> nearest_neighbour_distances(const std::vector<std::pair<double, double>>& pts) {
    // Unique places, then a grid search widening ring by ring.
    std::vector<std::pair<double, double>> places(pts);
    std::sort(places.begin(), places.end());
    places.erase(std::unique(places.begin(), places.end()), places.end());
    std::vector<double> out;
    if (places.size() < 2) return out;
    Box box = Box::nothing();
    for (const auto& [x, y] : places) box.include(x, y);
    const double xmin = box.xmin, ymin = box.ymin, xmax = box.xmax, ymax = box.ymax;
    const double area = std::max(1.0, (xmax - xmin) * (ymax - ymin));
    const double cell = std::max(1e-6, std::sqrt(area / static_cast<double>(places.size())));
    const auto cols = static_cast<std::int64_t>((xmax - xmin) / cell) + 1, rows = static_cast<std::int64_t>((ymax - ymin) / cell) + 1;
    std::vector<std::vector<std::uint32_t>> buckets(static_cast<std::size_t>(cols * rows));
    auto cx = [&](double x) { return static_cast<std::int64_t>((x - xmin) / cell); };
    auto cy = [&](double y) { return static_cast<std::int64_t>((y - ymin) / cell); };
    for (std::uint32_t i = 0; i < places.size(); ++i)
        buckets[static_cast<std::size_t>(cy(places[i].second) * cols + cx(places[i].first))].push_back(i);
    std::vector<double> place_nn(places.size());
    for (std::size_t i = 0; i < places.size(); ++i) {
        const auto [x, y] = places[i];
        const auto c0 = cx(x), r0 = cy(y);
        double best = INFINITY;
        for (std::int64_t ring = 0; ring <= std::max(cols, rows); ++ring) {
            // Every point beyond this ring is at least (ring) cells away.
            if (best <= static_cast<double>(ring - 1) * cell) break;
            for (std::int64_t r = r0 - ring; r <= r0 + ring; ++r)
                for (std::int64_t c = c0 - ring; c <= c0 + ring; ++c) {
                    if (std::max(std::abs(r - r0), std::abs(c - c0)) != ring || r < 0 || c < 0 || r >= rows || c >= cols) continue;
                    for (auto j : buckets[static_cast<std::size_t>(r * cols + c)])
                        if (j != i) best = std::min(best, std::hypot(places[j].first - x, places[j].second - y));
                }
        }
        place_nn[i] = best;
    }
    for (const auto& p : pts) {
        const auto it = std::lower_bound(places.begin(), places.end(), p);
        out.push_back(place_nn[static_cast<std::size_t>(it - places.begin())]);
    }
    return out;
}

MoranI grid_moran(const Grid& g, const std::vector<std::uint8_t>& active, const std::vector<std::size_t>& unit_cell,
                  const std::vector<double>& x, double band_m) {
    const std::size_t n = x.size();
    double mean = 0;
    for (double v : x) mean += v;
    mean /= static_cast<double>(n);
    std::vector<double> dev(g.cells(), 0.0);
    std::vector<std::uint8_t> in(g.cells(), 0);
    for (std::size_t k = 0; k < n; ++k) {
        dev[unit_cell[k]] = x[k] - mean;
        in[unit_cell[k]] = active.empty() || active[unit_cell[k]];
    }
    std::vector<std::pair<int, int>> window;
    const int reach = static_cast<int>(std::floor(band_m / g.cell));
    for (int dr = -reach; dr <= reach; ++dr)
        for (int dc = -reach; dc <= reach; ++dc)
            if ((dr || dc) && std::hypot(dr * g.cell, dc * g.cell) <= band_m) window.emplace_back(dr, dc);
    double m2 = 0, cross = 0, links = 0, s2 = 0;
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t cell = unit_cell[k];
        const auto r = static_cast<std::int64_t>(cell / g.cols), c = static_cast<std::int64_t>(cell % g.cols);
        double sum = 0, count = 0;
        for (const auto& [dr, dc] : window) {
            if (!g.contains(c + dc, r + dr)) continue;
            const std::size_t j = static_cast<std::size_t>(r + dr) * g.cols + static_cast<std::size_t>(c + dc);
            if (!in[j]) continue;
            sum += dev[j];
            count += 1;
        }
        m2 += dev[cell] * dev[cell];
        cross += dev[cell] * sum;
        links += count;
        s2 += 4 * count * count;
    }
    return moran_from(n, m2, cross, links, s2);
}

}  // namespace hotspots
