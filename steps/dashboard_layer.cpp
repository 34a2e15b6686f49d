// dashboard: the board as a map layer (.gpkg, .geojson): one feature per area or unit, each
// theme's main figures as columns, styled by the first theme's 12-month figure.
#include "io/street_style.hpp"
#include "io/qgis_style.hpp"
#include "steps/dashboard.hpp"
#include "steps/dashboard_detail.hpp"
#include "steps/dashboard_periods.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace hotspots::steps {

using detail::num;
using detail::rank_value;
using detail::whole;

void DashboardStep::write_layer(const DashboardResult& r, const detail::CubeMembers& cm, Writer& w) const {
    const std::size_t themes = r.themes.size();
    const std::string month = format_month_number(r.month);
    auto window = [&](std::size_t area, std::size_t th, Window win) { return cm.in_window(area, th, win, r.month); };
    io::FeatureTable t = detail::board_table(r, m_input.work_crs);
    using io::FieldType;
    using R = ColumnRole;
    auto field = [&](const std::string& n, FieldType type, R role, Derivation d = {}) {
        t.fields.push_back({n, type, role, std::move(d)});
    };
    const auto& unit = r.unit;
    if (unit.kind != "areas") field(unit.group, FieldType::text, R::area);
    if (unit.streets) field("length_m", FieldType::real, R::measure);
    // One feature per area (a choropleth); each theme's main figures as columns.
    for (const auto& th : r.themes) {
        const std::string k = th.key;
        for (const char* c : {"_3m", "_3m_before", "_12m", "_12m_before"}) field(k + c, FieldType::integer, R::count);
        field(k + "_change_12m_pct", FieldType::real, R::rate, Derivation::change(k + "_12m", k + "_12m_before"));
        // The layer has no residents column: its rates are not published, nor ranks made from
        // them. A segment's length is published: its rate per 100 m can be made again.
        if (unit.streets)
            field(k + "_per_100m_12m", FieldType::real, R::rate, Derivation::ratio(k + "_12m", "length_m", 100));
        else if (!unit.grid)
            field(k + "_rate_12m", FieldType::real, R::rate);
        const bool by_rate = r.figures.rank_by_rate[static_cast<std::size_t>(&th - r.themes.data())][1];
        const std::string basis = by_rate ? k + "_rate_12m" : k + "_12m";
        field(k + "_rank_12m", FieldType::integer, R::rank, Derivation::rank(basis));
        field(k + "_rank_12m_of", FieldType::integer, R::measure, Derivation::rank_of(basis));
        if (!r.fytd_figures.empty()) {
            for (const char* c : {"_fytd", "_fytd_before"}) field(k + c, FieldType::integer, R::count);
            field(k + "_change_fytd_pct", FieldType::real, R::rate, Derivation::change(k + "_fytd", k + "_fytd_before"));
        }
        if (!r.group_ranks.empty())
            for (const char* c : {"_rank_group_12m", "_rank_group_12m_of"}) field(k + c, FieldType::integer, R::rank);
        if (!r.target_status.empty()) field(k + "_target_status", FieldType::text, R::category);
    }
    field("month", FieldType::text, R::identifier);
    std::vector<double> first_values;
    const bool by_rate = r.figures.rank_by_rate.front()[1];
    for (std::size_t k = 0; k < r.reported.size(); ++k) {
        const auto& area = r.areas[r.reported[k]];
        if (area.polygon.empty()) continue;
        std::vector<io::FieldValue> row{area.code, area.name};
        if (unit.kind != "areas") row.emplace_back(area.group);
        if (unit.streets) row.push_back(num(r.unit_length[r.reported[k]]));
        for (std::size_t th = 0; th < themes; ++th) {
            const auto& f = r.figures.figures[k * themes + th];
            for (Window win : {Window::three, Window::three_before, Window::twelve, Window::twelve_before})
                row.push_back(whole(f.at(win).count));
            row.push_back(f.twelve_tested ? num(f.twelve_change.change_pct) : io::FieldValue{});
            if (!unit.grid) row.push_back(num(f.at(Window::twelve).rate));
            row.push_back(rank_value(f.twelve_all.now));
            row.push_back(rank_value(f.twelve_all.now ? f.twelve_all.of : 0));
            if (!r.fytd_figures.empty()) {
                const auto& y = r.fytd_figures[k * themes + th];
                row.push_back(whole(y.now.count));
                row.push_back(whole(y.before.count));
                row.push_back(y.tested ? num(y.change.change_pct) : io::FieldValue{});
            }
            if (!r.group_ranks.empty()) {
                const auto& g = r.group_ranks[k * themes + th];
                row.push_back(rank_value(g.rank_12m));
                row.push_back(rank_value(g.rank_12m ? g.of_12m : 0));
            }
            if (!r.target_status.empty()) row.emplace_back(r.target_status[k * themes + th].status);
        }
        row.emplace_back(month);
        const auto& f0 = r.figures.figures[k * themes];
        first_values.push_back(by_rate ? f0.at(Window::twelve).rate : f0.at(Window::twelve).count);
        t.rows.push_back(std::move(row));
        t.geometries.push_back(area.polygon);
    }
    if (t.rows.empty())
        throw std::runtime_error(m_output + ": no area has a polygon; give --areas with the codes of the areas reported");
    const std::string key = r.themes.front().key + (by_rate ? "_rate_12m" : "_12m");
    std::vector<Members> members;
    std::vector<std::size_t> drawn;  // the reported units with a geometry: the layer's rows
    for (auto a : r.reported)
        if (!r.areas[a].polygon.empty()) drawn.push_back(a);
    for (std::size_t th = 0; th < themes; ++th)
        for (const auto& [suffix, win] : {std::pair{"_3m", Window::three}, std::pair{"_3m_before", Window::three_before},
                                          std::pair{"_12m", Window::twelve}, std::pair{"_12m_before", Window::twelve_before}}) {
            Members m{r.themes[th].key + suffix, {}, cm.own_ids};
            for (std::size_t k = 0; k < r.reported.size(); ++k)
                if (!r.areas[r.reported[k]].polygon.empty()) m.rows.push_back(window(r.reported[k], th, win));
            add_street_lengths(m, r.unit_length, drawn, 1);
            members.push_back(std::move(m));
        }
    for (std::size_t th = 0; th < themes; ++th)
        for (const auto& [column, months] : fytd_count_columns(r)) {
            Members m{r.themes[th].key + column.substr(5), {}, cm.own_ids};  // count_fytd -> KEY_fytd
            for (std::size_t k = 0; k < r.reported.size(); ++k)
                if (!r.areas[r.reported[k]].polygon.empty())
                    m.rows.push_back(cm.of(r.reported[k], th, months.first, months.second));
            add_street_lengths(m, r.unit_length, drawn, 1);
            members.push_back(std::move(m));
        }
    w.counts("board", std::move(members));
    // Five classes by quintile of the first theme's 12-month figure (segments: equal classes up
    // to the largest); published, of the published figures.
    const std::string title = "hotspots dashboard: " + r.themes.front().name + ", 12 months to " + month;
    ScaledStyle style{key, [=, streets = unit.streets, label = unit.name](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        if (streets) return io::segment_count_style(v.empty() ? 0 : v.back(), key, title + ", count per segment");
        std::vector<double> bounds;
        for (int q = 1; q <= 5 && !v.empty(); ++q) {
            const double b = v[std::min(v.size() - 1, v.size() * static_cast<std::size_t>(q) / 5)];
            if (bounds.empty() || b > bounds.back()) bounds.push_back(b);
        }
        return io::choropleth_style(title + (by_rate ? ", per 1,000 residents" : ", count"), key, v.empty() ? 0 : v.front(),
                                    bounds, label);
    }};
    std::vector<double> values;
    for (double x : first_values)
        if (!std::isnan(x)) values.push_back(x);
    w.features("board", t, std::move(style), values);
}

}  // namespace hotspots::steps
