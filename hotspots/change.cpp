#include "hotspots/change.hpp"

#include <cmath>
#include <map>
#include <limits>

namespace hotspots {
namespace {

double log_pmf(std::uint64_t k, std::uint64_t n, double p) {
    const double kd = static_cast<double>(k), nd = static_cast<double>(n);
    if (p <= 0) return k == 0 ? 0 : -INFINITY;
    if (p >= 1) return k == n ? 0 : -INFINITY;
    return std::lgamma(nd + 1) - std::lgamma(kd + 1) - std::lgamma(nd - kd + 1) + kd * std::log(p) +
           (nd - kd) * std::log1p(-p);
}

}  // namespace

double binomial_test(std::uint64_t k, std::uint64_t n, double p0) {
    if (n == 0) return 1;
    const double observed = log_pmf(k, n, p0);
    const double limit = observed + std::log1p(1e-7);
    double p = 0;
    for (std::uint64_t j = 0; j <= n; ++j) {
        const double l = log_pmf(j, n, p0);
        if (l <= limit) p += std::exp(l);
    }
    return std::min(1.0, p);
}

PeriodChange compare_periods(std::uint64_t before, std::uint64_t after, double days_before, double days_after) {
    PeriodChange c;
    c.before = before;
    c.after = after;
    c.difference = static_cast<std::int64_t>(after) - static_cast<std::int64_t>(before);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    c.change_pct = before ? 100.0 * static_cast<double>(c.difference) / static_cast<double>(before) : nan;
    c.rate_ratio = before ? (static_cast<double>(after) / days_after) / (static_cast<double>(before) / days_before) : nan;
    c.p = binomial_test(after, before + after, days_after / (days_before + days_after));
    return c;
}

std::vector<ChangeUnit> area_change_units(const AreaLayer& layer, const std::vector<std::int32_t>& assignment,
                                          std::vector<std::int64_t>& unit_of) {
    std::vector<ChangeUnit> units;
    unit_of.assign(assignment.size(), -1);
    std::map<std::string, std::size_t> by_code;
    auto named = [](const std::string& code, const std::string& name) {
        ChangeUnit u;
        u.code = code;
        u.name = name;
        return u;
    };
    for (std::size_t i = 0; i < assignment.size(); ++i) {
        const auto a = assignment[i];
        if (a < 0) continue;
        const auto& code = layer.code(a);
        auto [it, added] = by_code.emplace(code, units.size());
        if (added) units.push_back(named(code, layer.name(a)));
        unit_of[i] = static_cast<std::int64_t>(it->second);
    }
    const auto& gen = layer.generations().back();
    for (std::size_t i = 0; i < gen.index->size(); ++i)
        if (by_code.emplace(gen.index->code(i), units.size()).second)
            units.push_back(named(gen.index->code(i), gen.index->name(i)));
    for (std::size_t i = 0; i < gen.index->size(); ++i) units[by_code[gen.index->code(i)]].polygon = gen.index->wkb(i);
    return units;
}

std::vector<ChangeUnit> cell_change_units(const IncidentSet& set, double cell, std::vector<std::int64_t>& unit_of) {
    const Grid grid = snapped_grid(extent_of(set), 0, cell);
    std::vector<std::size_t> cell_of(set.incidents.size());
    std::map<std::size_t, std::size_t> by_cell;
    for (std::size_t i = 0; i < set.incidents.size(); ++i) {
        const auto& inc = set.incidents[i];
        cell_of[i] = static_cast<std::size_t>(grid.row_of(inc.y)) * grid.cols + static_cast<std::size_t>(grid.col_of(inc.x));
        by_cell.emplace(cell_of[i], 0);
    }
    std::vector<ChangeUnit> units;
    for (auto& [c, k] : by_cell) {
        k = units.size();
        ChangeUnit u;
        u.row = c / grid.cols;
        u.col = c % grid.cols;
        u.x = grid.centre_x(u.col);
        u.y = grid.centre_y(u.row);
        units.push_back(u);
    }
    unit_of.resize(set.incidents.size());
    for (std::size_t i = 0; i < set.incidents.size(); ++i) unit_of[i] = static_cast<std::int64_t>(by_cell[cell_of[i]]);
    return units;
}

PeriodCounts count_periods(const IncidentSet& set, const std::vector<std::int64_t>& unit_of, const Period& before,
                           const Period& after, std::vector<ChangeUnit>& units) {
    PeriodCounts n;
    for (std::size_t i = 0; i < set.incidents.size(); ++i) {
        const Seconds t = set.incidents[i].from;
        const bool b = t >= before.from && t <= before.to, a = t >= after.from && t <= after.to;
        if (!a && !b) {
            ++n.neither;
            continue;
        }
        if (unit_of[i] < 0) {
            ++n.no_unit;
            continue;
        }
        auto& u = units[static_cast<std::size_t>(unit_of[i])];
        (b ? u.before : u.after) += 1;
        (b ? u.before_members : u.after_members).push_back(static_cast<std::uint32_t>(i));
        (b ? n.before : n.after) += 1;
    }
    return n;
}

}  // namespace hotspots
