// dashboard: the printed page: each theme's areas with the highest figures.
#include "steps/dashboard.hpp"
#include "steps/dashboard_detail.hpp"
#include "steps/dashboard_periods.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hotspots::steps {
namespace {

std::string count_text(double v) { return std::isnan(v) ? "-" : fmt::format("{:.0f}", v); }

}  // namespace

using detail::three_sentence;
using detail::twelve_sentence;

std::string DashboardStep::report(const Result& result) const {
    const auto& r = result_as<DashboardResult>(result);
    const std::size_t themes = r.themes.size();
    std::string s;
    auto out = std::back_inserter(s);
    const auto [a3, b3] = window_months(Window::three, r.month);
    fmt::format_to(out, "{}: 3 months {} against the same months a year earlier; 12 months to {} against the 12 before\n",
                   r.source_kind, months_text(a3, b3), months_text(r.month, r.month));
    for (std::size_t th = 0; th < themes; ++th) {
        const bool by_rate = r.figures.rank_by_rate[th][0];
        const auto& unit = r.unit;
        fmt::format_to(out, "\n{} (rank 1 = lowest {}{})\n", r.themes[th].name, by_rate ? "rate" : "count",
                       by_rate               ? ""
                       : unit.kind != "areas" ? fmt::format(": {} are ranked by count", unit.kind)
                                              : ": not every area has a population");
        const std::string heading = unit.streets ? "segment street" : unit.kind == "areas" ? "area" : unit.code;
        fmt::format_to(out, "{:<26} {:>6} {:>6} {:>7} {:>7} {:>7} {:>7} {:>8}  {}\n", heading, "3m", "yr ago", "change",
                       "12m", "prior", "change", unit.streets ? "/100m12m" : "rate12m", "rank 3m (a year ago -> now)");
        std::vector<std::size_t> order(r.reported.size());
        std::iota(order.begin(), order.end(), 0);
        auto key = [&](std::size_t k) {
            const auto& f = r.figures.figures[k * themes + th].at(Window::twelve);
            const double v = by_rate ? f.rate : f.count;
            return std::isnan(v) ? -1.0 : v;
        };
        std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return key(x) > key(y); });
        for (std::size_t i = 0; i < std::min(m_top, order.size()); ++i) {
            const std::size_t k = order[i];
            const auto& f = r.figures.figures[k * themes + th];
            auto pct = [](bool tested, const PeriodChange& c) {
                return tested && !std::isnan(c.change_pct) ? fmt::format("{:+.0f}%", c.change_pct) : std::string("-");
            };
            const Rank& rk = f.three_all;
            // The board's "7/32 -> 12/32" with an arrow: up is a higher rank number (worse),
            // among the areas ranked in both periods; each rank over its own period's areas.
            const std::string rank =
                rk.now ? fmt::format("{} -> {}/{} {}", rk.before ? fmt::format("{}/{}", rk.before, rk.of_before) : "-",
                                     rk.now, rk.of,
                                     !rk.has_move ? "" : rk.move > 0 ? "↑" : rk.move < 0 ? "↓" : "=")
                       : "-";
            const double rate = f.at(Window::twelve).rate;
            const auto& area = r.areas[r.reported[k]];
            fmt::format_to(out, "{:<26} {:>6} {:>6} {:>7} {:>7} {:>7} {:>7} {:>8}  {}\n",
                           (unit.streets ? area.code + " " + area.name : area.name).substr(0, 26), count_text(f.at(Window::three).count),
                           count_text(f.at(Window::three_before).count), pct(f.three_tested, f.three_change),
                           count_text(f.at(Window::twelve).count), count_text(f.at(Window::twelve_before).count),
                           pct(f.twelve_tested, f.twelve_change), std::isnan(rate) ? "-" : fmt::format("{:.2f}", rate), rank);
        }
        if (r.reported.size() <= 3)
            for (std::size_t k = 0; k < r.reported.size(); ++k) {
                const auto& f = r.figures.figures[k * themes + th];
                fmt::format_to(out, "  {}: {} {}\n", r.areas[r.reported[k]].name, three_sentence(r, r.themes[th], f),
                               twelve_sentence(r, f));
            }
    }
    return s;
}

}  // namespace hotspots::steps
