// dashboard: the board as a table (.csv, .xlsx): one row per area and theme, every figure.
#include "steps/dashboard.hpp"
#include "steps/dashboard_detail.hpp"
#include "steps/dashboard_periods.hpp"

#include <fmt/format.h>

#include <cmath>

namespace hotspots::steps {

using detail::direction;
using detail::gaps_text;
using detail::move_text;
using detail::num;
using detail::rank_value;
using detail::three_sentence;
using detail::twelve_sentence;
using detail::whole;

void DashboardStep::write_board(const DashboardResult& r, const detail::CubeMembers& cm, Writer& w) const {
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
    field(unit.group, FieldType::text, R::area);
    field("theme", FieldType::text, R::identifier);
    field("theme_name", FieldType::text, R::identifier);
    field("month", FieldType::text, R::identifier);
    for (const char* n : {"count_month", "count_3m", "count_3m_before"}) field(n, FieldType::integer, R::count);
    field("change_3m", FieldType::integer, R::rate, Derivation::difference("count_3m", "count_3m_before"));
    field("change_3m_pct", FieldType::real, R::rate, Derivation::change("count_3m", "count_3m_before"));
    for (const char* n : {"p_3m", "p_3m_adjusted"}) field(n, FieldType::real, R::statistic);
    field("direction_3m", FieldType::text, R::category);
    for (const char* n : {"count_12m", "count_12m_before"}) field(n, FieldType::integer, R::count);
    field("change_12m", FieldType::integer, R::rate, Derivation::difference("count_12m", "count_12m_before"));
    field("change_12m_pct", FieldType::real, R::rate, Derivation::change("count_12m", "count_12m_before"));
    for (const char* n : {"p_12m", "p_12m_adjusted"}) field(n, FieldType::real, R::statistic);
    field("direction_12m", FieldType::text, R::category);
    // Rates per 1,000 residents, or per 100 m of street, and their exact Poisson intervals,
    // from the window's count; none for hexagons and cells (of one size: the count is the rate).
    const std::string denominator = unit.streets ? "length_m" : "population", rate_name = unit.streets ? "per_100m" : "rate";
    const double scale = unit.streets ? 100 : 1000;
    if (!unit.grid) field(denominator, FieldType::real, R::measure);
    if (unit.kind == "areas") field("population_year", FieldType::integer, R::measure);
    for (const char* span : {"3m", "3m_before", "12m", "12m_before"}) {
        if (unit.grid) break;
        const std::string count = fmt::format("count_{}", span), rate = fmt::format("{}_{}", rate_name, span);
        field(rate, FieldType::real, R::rate, Derivation::ratio(count, denominator, scale));
        field(rate + "_low", FieldType::real, R::rate, Derivation::interval(false, count, denominator, scale, m_confidence));
        field(rate + "_high", FieldType::real, R::rate, Derivation::interval(true, count, denominator, scale, m_confidence));
        // Depends on every reported area's count: no derivation from this row's, so withheld when published.
        if (m_smooth != "none") field(rate + "_smoothed", FieldType::real, R::rate);
    }
    // Each rank with its own denominator: the areas ranked in that period, by the theme's
    // basis (rate or count); within the area's group for rank_within.
    for (const char* span : {"3m", "12m"}) {
        const std::string basis = fmt::format("{{rank_basis_{}}}_{}", span, span);
        for (const char* scope : {"rank", "rank_within"}) {
            // Units: every row is reported, and ranked within the reported (no group).
            const std::string groups = std::string(scope) == "rank" || unit.kind != "areas" ? "theme" : "theme,group";
            for (const char* when : {"", "_before"}) {
                const std::string name = fmt::format("{}_{}{}", scope, span, when), of = basis + when;
                field(name, FieldType::integer, R::rank, Derivation::rank(of, groups));
                field(name + "_of", FieldType::integer, R::measure, Derivation::rank_of(of, groups));
            }
            // A move compares ranks among the areas ranked in both periods: not remade from published figures.
            field(fmt::format("{}_{}_move", scope, span), FieldType::text, R::rank);
        }
        field(fmt::format("rank_basis_{}", span), FieldType::text, R::identifier);
    }
    field("missing_months", FieldType::text, R::identifier);
    field("text_3m", FieldType::text, R::text, Derivation::words("count_3m,count_3m_before"));
    field("text_12m", FieldType::text, R::text, Derivation::words("count_12m,count_12m_before"));
    add_fytd_fields(r, t);
    add_compare_fields(r, t);
    for (std::size_t k = 0; k < r.reported.size(); ++k) {
        const auto& area = r.areas[r.reported[k]];
        for (std::size_t th = 0; th < themes; ++th) {
            const auto& f = r.figures.figures[k * themes + th];
            const auto& b3 = f.at(Window::three_before);
            const auto& a3 = f.at(Window::three);
            const auto& b12 = f.at(Window::twelve_before);
            const auto& a12 = f.at(Window::twelve);
            std::vector<io::FieldValue> row{area.code, area.name, area.group, r.themes[th].key, r.themes[th].name, month,
                                            whole(f.at(Window::month).count), whole(a3.count), whole(b3.count),
                                            f.three_tested ? io::FieldValue{f.three_change.difference} : io::FieldValue{},
                                            f.three_tested ? num(f.three_change.change_pct) : io::FieldValue{},
                                            f.three_tested ? num(f.three_change.p) : io::FieldValue{},
                                            f.three_tested ? num(f.three_q) : io::FieldValue{},
                                            direction(f.three_tested, f.three_change, f.three_q), whole(a12.count),
                                            whole(b12.count),
                                            f.twelve_tested ? io::FieldValue{f.twelve_change.difference} : io::FieldValue{},
                                            f.twelve_tested ? num(f.twelve_change.change_pct) : io::FieldValue{},
                                            f.twelve_tested ? num(f.twelve_change.p) : io::FieldValue{},
                                            f.twelve_tested ? num(f.twelve_q) : io::FieldValue{},
                                            direction(f.twelve_tested, f.twelve_change, f.twelve_q)};
            if (!unit.grid) row.push_back(num(a12.population));  // residents, or a segment's metres
            if (unit.kind == "areas")
                row.push_back(a12.population_year ? io::FieldValue{std::int64_t(a12.population_year)} : io::FieldValue{});
            for (const auto* wf : {&a3, &b3, &a12, &b12}) {
                if (unit.grid) break;
                row.push_back(num(wf->rate));
                row.push_back(num(wf->rate_low));
                row.push_back(num(wf->rate_high));
                if (m_smooth != "none") row.push_back(num(wf->rate_smoothed));
            }
            const auto& basis = r.figures.rank_by_rate[th];
            for (int span = 0; span < 2; ++span) {
                const Rank& all = span == 0 ? f.three_all : f.twelve_all;
                const Rank& within = span == 0 ? f.three_within : f.twelve_within;
                for (const Rank* rk : {&all, &within}) {
                    // A denominator only beside a rank: an area left unranked has none.
                    row.push_back(rank_value(rk->now));
                    row.push_back(rank_value(rk->now ? rk->of : 0));
                    row.push_back(rank_value(rk->before));
                    row.push_back(rank_value(rk->before ? rk->of_before : 0));
                    row.emplace_back(move_text(*rk));
                }
                row.emplace_back(std::string(basis[static_cast<std::size_t>(span)] ? "rate" : "count"));
            }
            std::string missing = gaps_text(f);
            if (!a3.in_data || !b12.in_data) {
                if (!missing.empty()) missing += ';';
                missing += "before the data";
            }
            row.emplace_back(missing);
            row.emplace_back(three_sentence(r, r.themes[th], f));
            row.emplace_back(twelve_sentence(r, f));
            add_fytd_values(r, k, th, row);
            add_compare_values(r, k, th, row);
            t.rows.push_back(std::move(row));
            t.geometries.push_back(area.polygon);
        }
    }
    std::vector<Members> members;
    for (const auto& [column, win] : {std::pair{"count_month", Window::month}, std::pair{"count_3m", Window::three},
                                      std::pair{"count_3m_before", Window::three_before},
                                      std::pair{"count_12m", Window::twelve},
                                      std::pair{"count_12m_before", Window::twelve_before}}) {
        Members m{column, {}, cm.own_ids};
        for (std::size_t k = 0; k < r.reported.size(); ++k)
            for (std::size_t th = 0; th < themes; ++th) m.rows.push_back(window(r.reported[k], th, win));
        add_street_lengths(m, r.unit_length, r.reported, themes);
        members.push_back(std::move(m));
    }
    for (const auto& [column, months] : fytd_count_columns(r)) {
        Members m{column, {}, cm.own_ids};
        for (std::size_t k = 0; k < r.reported.size(); ++k)
            for (std::size_t th = 0; th < themes; ++th)
                m.rows.push_back(cm.of(r.reported[k], th, months.first, months.second));
        add_street_lengths(m, r.unit_length, r.reported, themes);
        members.push_back(std::move(m));
    }
    w.counts("board", std::move(members));
    w.features("board", t, "");
}

}  // namespace hotspots::steps
