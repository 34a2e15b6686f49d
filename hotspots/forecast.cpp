#include "hotspots/forecast.hpp"

#include "geo/cells.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <stdexcept>

namespace hotspots {
namespace {

struct Offset {
    std::int64_t dr, dc;
    double weight;
};

// How far a stencil reaches, in cells, along rows and columns: its radius, and no further than
// the grid (an offset beyond it lands on no cell, so leaving it out changes nothing).
std::pair<std::int64_t, std::int64_t> reach_of(double cell, double radius, const Grid& grid) {
    const double reach = std::ceil(radius / cell);
    return {static_cast<std::int64_t>(std::min(reach, static_cast<double>(grid.rows))),
            static_cast<std::int64_t>(std::min(reach, static_cast<double>(grid.cols)))};
}

// The cells within `radius` of a cell's centre, weighted by `profile(d / radius)`; the cell
// itself always (a kernel narrower than a cell puts its weight there).
template <class Profile>
std::vector<Offset> stencil(double cell, double radius, const Grid& grid, Profile profile) {
    std::vector<Offset> out{{0, 0, profile(0.0)}};
    const auto [reach_r, reach_c] = reach_of(cell, radius, grid);
    for (std::int64_t dr = -reach_r; dr <= reach_r; ++dr)
        for (std::int64_t dc = -reach_c; dc <= reach_c; ++dc) {
            if (!dr && !dc) continue;
            const double d = cell * std::hypot(static_cast<double>(dr), static_cast<double>(dc));
            if (d < radius) out.push_back({dr, dc, profile(d / radius)});
        }
    return out;
}

// Spreads per-cell masses over the study cells with a stencil.
std::vector<double> spread(const StudyArea& area, const std::vector<double>& mass, const std::vector<Offset>& st) {
    std::vector<double> out(area.cells.size(), 0.0);
    const auto cols = static_cast<std::int64_t>(area.grid.cols), rows = static_cast<std::int64_t>(area.grid.rows);
    for (std::size_t s = 0; s < mass.size(); ++s) {
        if (mass[s] == 0) continue;
        const auto g = static_cast<std::int64_t>(area.cells[s]);
        const std::int64_t r = g / cols, c = g % cols;
        for (const auto& o : st) {
            const std::int64_t rr = r + o.dr, cc = c + o.dc;
            if (rr < 0 || cc < 0 || rr >= rows || cc >= cols) continue;
            const auto slot = area.slot[static_cast<std::size_t>(rr * cols + cc)];
            if (slot >= 0) out[static_cast<std::size_t>(slot)] += mass[s] * o.weight;
        }
    }
    return out;
}

}  // namespace

StudyArea study_area(const Grid& grid, const std::vector<std::uint8_t>& inside) {
    StudyArea a;
    a.grid = grid;
    a.slot.assign(grid.cells(), -1);
    for (std::size_t g = 0; g < grid.cells(); ++g)
        if (inside[g]) {
            a.slot[g] = static_cast<std::int32_t>(a.cells.size());
            a.cells.push_back(static_cast<std::uint32_t>(g));
        }
    return a;
}

StudyArea study_area(const Box& extent, const std::vector<Wkb>& mask, double cell) {
    const Grid grid = snapped_grid(extent, 0, cell);
    return study_area(grid, mask.empty() ? std::vector<std::uint8_t>(grid.cells(), 1) : geo::rasterize(mask, grid));
}

std::vector<ForecastIncident> forecast_incidents(const IncidentSet& set, const StudyArea& area) {
    const Grid& g = area.grid;
    std::vector<ForecastIncident> out;
    out.reserve(set.incidents.size());
    for (const auto& i : set.incidents) {
        ForecastIncident f{-1, i.from, i.x, i.y, i.weight};
        const auto c = g.col_of(i.x), r = g.row_of(i.y);
        if (g.contains(c, r)) f.slot = area.slot[static_cast<std::size_t>(r) * g.cols + static_cast<std::size_t>(c)];
        out.push_back(f);
    }
    return out;
}

Box cells_reach(const Grid& grid) {
    return {grid.xmin - grid.cell, grid.ymin() - grid.cell, grid.xmax() + grid.cell, grid.ymax + grid.cell};
}

TestedIncidents tested_incidents(const std::vector<ForecastIncident>& placed, const std::vector<int>& row_months,
                                 int months, const std::vector<std::int64_t>* unit_of) {
    std::vector<int> periods = row_months;
    std::sort(periods.begin(), periods.end());
    periods.erase(std::unique(periods.begin(), periods.end()), periods.end());
    TestedIncidents t;
    t.by_period.resize(periods.size());
    for (std::size_t i = 0; i < placed.size(); ++i) {
        if (placed[i].slot < 0 || (unit_of && (*unit_of)[i] < 0)) continue;
        const int month = month_number(placed[i].when);
        // The periods that start within `months` before its month, up to its own.
        for (auto k = static_cast<std::size_t>(std::upper_bound(periods.begin(), periods.end(), month - months) - periods.begin());
             k < periods.size() && periods[k] <= month; ++k)
            t.by_period[k].push_back(static_cast<std::uint32_t>(i));
    }
    for (const int m : row_months)
        t.period_of_row.push_back(static_cast<std::uint32_t>(std::lower_bound(periods.begin(), periods.end(), m) - periods.begin()));
    return t;
}

std::vector<std::vector<std::uint32_t>> TestedIncidents::rows() const {
    std::vector<std::vector<std::uint32_t>> out;
    for (const auto k : period_of_row) out.push_back(by_period[k]);
    return out;
}

std::string MethodConfig::label() const {
    switch (method) {
        case ForecastMethod::kde:
            return kernel == Kernel::quartic ? fmt::format("kde h={:g}", bandwidth)
                                             : fmt::format("kde h={:g} kernel={}", bandwidth, to_string(kernel));
        case ForecastMethod::grid: return fmt::format("grid cell={:g}", cell);
        case ForecastMethod::repeats: return "repeats";
        case ForecastMethod::prospective: return fmt::format("prospective decay={:g}d radius={:g}", decay_days, radius);
    }
    return "";
}

double stencil_cells(const MethodConfig& m, const StudyArea& area) {
    const double cell = area.grid.cell;
    double radius = 0;
    if (m.method == ForecastMethod::kde) radius = m.bandwidth * support_factor(m.kernel);
    else if (m.method == ForecastMethod::prospective) radius = m.radius;
    else return 0;
    const auto [r, c] = reach_of(cell, radius, area.grid);
    // The disc of the radius, within the box the grid allows.
    const double box = static_cast<double>(2 * r + 1) * static_cast<double>(2 * c + 1);
    const double disc = M_PI * (radius / cell + 1) * (radius / cell + 1);
    return std::min(box, disc);
}

std::vector<double> score_cells(const MethodConfig& m, const StudyArea& area, const std::vector<ForecastIncident>& all,
                                const std::vector<std::uint32_t>& train, Seconds window_end) {
    std::vector<double> counts(area.cells.size(), 0.0);
    const double cell = area.grid.cell;
    switch (m.method) {
        case ForecastMethod::kde: {
            for (auto i : train) counts[static_cast<std::size_t>(all[i].slot)] += all[i].weight;
            // The stencil's radius is the kernel's support; u there is d / support, kde's d / h.
            const double support = m.bandwidth * support_factor(m.kernel), f = support_factor(m.kernel);
            const auto st = stencil(cell, support, area.grid, [&](double u) { return kernel_profile(m.kernel, u * u * f * f); });
            return spread(area, counts, st);
        }
        case ForecastMethod::grid: {
            const auto k = static_cast<std::int64_t>(std::llround(m.cell / cell));
            if (k < 1 || std::fabs(static_cast<double>(k) * cell - m.cell) > 1e-6)
                throw std::invalid_argument(fmt::format("grid cell {:g} m is not a multiple of the study cell {:g} m", m.cell, cell));
            const auto cols = static_cast<std::int64_t>(area.grid.cols);
            std::map<std::pair<std::int64_t, std::int64_t>, double> blocks;
            auto block = [&](std::uint32_t g) {
                return std::pair{static_cast<std::int64_t>(g) / cols / k, static_cast<std::int64_t>(g) % cols / k};
            };
            for (auto i : train) blocks[block(area.cells[static_cast<std::size_t>(all[i].slot)])] += 1;
            for (std::size_t s = 0; s < area.cells.size(); ++s) {
                auto it = blocks.find(block(area.cells[s]));
                if (it != blocks.end()) counts[s] = it->second;
            }
            return counts;
        }
        case ForecastMethod::repeats: {
            std::map<std::pair<double, double>, std::pair<std::int32_t, double>> at;  // point -> (slot, incidents)
            for (auto i : train) {
                auto& e = at[{all[i].x, all[i].y}];
                e.first = all[i].slot;
                e.second += 1;
            }
            for (const auto& [xy, e] : at)
                if (e.second >= 2) counts[static_cast<std::size_t>(e.first)] += e.second;
            return counts;
        }
        case ForecastMethod::prospective: {
            for (auto i : train) {
                const double age = static_cast<double>(window_end - all[i].when) / seconds_per_day;
                counts[static_cast<std::size_t>(all[i].slot)] += all[i].weight * std::exp(-std::max(0.0, age) / m.decay_days);
            }
            const auto st = stencil(cell, m.radius, area.grid, [](double u) { return 1 - u; });
            return spread(area, counts, st);
        }
    }
    return counts;
}

std::vector<double> busiest_first(const std::vector<double>& test) {
    std::vector<double> sorted;
    for (double v : test)
        if (v > 0) sorted.push_back(v);
    std::sort(sorted.begin(), sorted.end(), std::greater<>());
    return sorted;
}

ForecastCatch catch_of(const std::vector<double>& score, const std::vector<double>& test, const std::vector<double>& train,
               double share) {
    return catch_of(score, test, train, share, busiest_first(test));
}

ForecastCatch catch_of(const std::vector<double>& score, const std::vector<double>& test, const std::vector<double>& train,
               double share, const std::vector<double>& sorted) {
    const std::size_t m = score.size();
    ForecastCatch c;
    if (m == 0) return c;
    const auto k = std::clamp<std::size_t>(static_cast<std::size_t>(std::llround(share * static_cast<double>(m))), 1, m);
    std::vector<std::uint32_t> order(m);
    std::iota(order.begin(), order.end(), 0U);
    std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k - 1), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return score[a] > score[b]; });
    const double cut = score[order[k - 1]];
    double above_n = 0, above_train = 0, tied_n = 0, tied_train = 0;
    std::size_t above = 0, tied = 0;
    for (std::size_t s = 0; s < m; ++s) {
        c.N += test[s];
        c.N_train += train[s];
        if (score[s] > cut) {
            ++above;
            above_n += test[s];
            above_train += train[s];
        } else if (score[s] == cut) {
            ++tied;
            tied_n += test[s];
            tied_train += train[s];
        }
    }
    const double frac = static_cast<double>(k - above) / static_cast<double>(tied);
    c.n = above_n + frac * tied_n;
    c.n_train = above_train + frac * tied_train;
    c.cells = static_cast<double>(k);
    const double area_share = c.cells / static_cast<double>(m);
    c.hit_rate = c.N > 0 ? c.n / c.N : 0;
    c.pai = c.hit_rate / area_share;
    c.rri = c.n_train > 0 && c.N_train > 0 && c.N > 0 ? (c.n / c.n_train) / (c.N / c.N_train) : 0;
    // The best any selection of k cells could do, and the fewest cells holding n.
    double best = 0;
    for (std::size_t s = 0; s < k && s < sorted.size(); ++s) best += sorted[s];
    c.pei = best > 0 ? c.n / best : 0;
    double cum = 0, fewest = 0;
    if (c.n > 0) {
        for (std::size_t s = 0; s < sorted.size(); ++s) {
            cum += sorted[s];
            if (cum >= c.n - 1e-9) {
                fewest = static_cast<double>(s + 1);
                break;
            }
        }
    }
    c.pei_star = c.n > 0 ? std::min(1.0, fewest / c.cells) : 0;
    return c;
}

double sign_test(std::size_t wins, std::size_t losses) {
    const std::size_t n = wins + losses;
    if (n == 0) return 1;
    const std::size_t lo = std::min(wins, losses);
    // P(X <= lo) for X ~ Binomial(n, 1/2), in logs for large n.
    double p = 0;
    for (std::size_t i = 0; i <= lo; ++i)
        p += std::exp(std::lgamma(static_cast<double>(n) + 1) - std::lgamma(static_cast<double>(i) + 1) -
                      std::lgamma(static_cast<double>(n - i) + 1) - static_cast<double>(n) * std::log(2.0));
    return std::min(1.0, 2 * p);
}

}  // namespace hotspots
