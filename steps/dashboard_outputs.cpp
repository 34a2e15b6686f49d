// dashboard: the board table, the tidy table, the monthly series and the printed page.
#include "io/gdal_util.hpp"
#include "io/qgis_style.hpp"
#include "io/street_style.hpp"
#include "io/table_writer.hpp"
#include "steps/dashboard.hpp"
#include "steps/dashboard_periods.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hotspots::steps {
namespace {

const char* month_names[] = {"January", "February", "March",     "April",   "May",      "June",
                             "July",    "August",   "September", "October", "November", "December"};

io::FieldValue num(double v) { return std::isnan(v) ? io::FieldValue{} : io::FieldValue{v}; }
io::FieldValue whole(double v) { return std::isnan(v) ? io::FieldValue{} : io::FieldValue{static_cast<std::int64_t>(v)}; }
io::FieldValue rank_value(int r) { return r > 0 ? io::FieldValue{std::int64_t(r)} : io::FieldValue{}; }

// Rank numbers going up mean a higher rate than the others: worse. The move is among the
// areas ranked in both periods (Rank::move), never between ranks of two sets.
std::string move_text(const Rank& r) {
    if (!r.has_move) return "";
    return r.move > 0 ? "up (worse)" : r.move < 0 ? "down (better)" : "same";
}

std::string direction(bool tested, const PeriodChange& c, double q) {
    if (!tested || q >= 0.05) return "";
    return c.after > c.before ? "increase" : "decrease";
}

// "2016-03;2016-04"
std::string months_list(const std::vector<int>& months) {
    std::string s;
    for (int m : months) {
        if (!s.empty()) s += ';';
        s += format_month_number(m);
    }
    return s;
}

// Every missing month in any of the figure's periods.
std::string gaps_text(const AreaThemeFigures& f) {
    std::vector<int> g;
    for (const auto& w : f.windows) g.insert(g.end(), w.gaps.begin(), w.gaps.end());
    std::sort(g.begin(), g.end());
    g.erase(std::unique(g.begin(), g.end()), g.end());
    return months_list(g);
}

std::string lower_first(std::string s) {
    // "Residential burglary" -> "residential burglary"; "ASB" stays.
    if (s.size() > 1 && std::isupper(static_cast<unsigned char>(s[0])) && std::islower(static_cast<unsigned char>(s[1])))
        s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
    return s;
}

std::string count_text(double v) { return std::isnan(v) ? "-" : fmt::format("{:.0f}", v); }

// What each cell of the cube counts: its incidents, or, from count tables, ids of its units of
// count (consecutive per cell), so that the board, the tidy table and the series say which
// counts add up to which.
struct CubeMembers {
    const CountCube* cube = nullptr;
    bool own_ids = false;
    std::vector<std::vector<std::uint32_t>> cell;  // as CountCube::counts

    std::vector<std::uint32_t> of(std::size_t a, std::size_t th, int first, int last) const {
        std::vector<std::uint32_t> out;
        for (int m = std::max(first, cube->first_month); m <= last && m < cube->first_month + cube->months; ++m) {
            const auto& c = cell[(a * cube->themes + th) * std::size_t(cube->months) + std::size_t(m - cube->first_month)];
            out.insert(out.end(), c.begin(), c.end());
        }
        return out;
    }
};

CubeMembers cube_members(const DashboardResult& r) {
    CubeMembers cm;
    cm.cube = &r.cube;
    cm.cell.resize(r.cube.counts.size());
    const auto& cube = r.cube;
    if (r.in) {
        const auto& set = r.in->set;
        const auto masks = theme_masks(r.themes, *r.in);
        for (std::size_t i = 0; i < set.incidents.size(); ++i) {
            if (r.unit_of[i] < 0) continue;
            const auto& inc = set.incidents[i];
            const int m = month_number(inc.from) - cube.first_month;
            if (m < 0 || m >= cube.months) continue;
            const auto a = static_cast<std::size_t>(r.unit_of[i]);
            for (std::size_t th = 0; th < r.themes.size(); ++th)
                if (theme_takes(r.themes[th], inc.category, set.text(inc.crime_type), (inc.flags & masks[th]) == masks[th]))
                    cm.cell[(a * cube.themes + th) * std::size_t(cube.months) + std::size_t(m)].push_back(static_cast<std::uint32_t>(i));
        }
        return cm;
    }
    cm.own_ids = true;
    std::uint32_t next = 0;
    for (std::size_t k = 0; k < cube.counts.size(); ++k)
        for (double n = 0; n < cube.counts[k]; ++n) cm.cell[k].push_back(next++);
    return cm;
}

}  // namespace

std::string months_text(int first, int last) {
    auto name = [](int m) { return std::string(month_names[m % 12]); };
    if (first == last) return name(last) + " " + std::to_string(last / 12);
    if (first / 12 == last / 12) return name(first) + " to " + name(last) + " " + std::to_string(last / 12);
    return name(first) + " " + std::to_string(first / 12) + " to " + name(last) + " " + std::to_string(last / 12);
}

std::string change_words(double before, double after) {
    if (std::isnan(before) || std::isnan(after) || before == 0) return "";
    const double pct = 100 * (after - before) / before;
    const long rounded = std::lround(std::abs(pct));
    if (rounded == 0) return after == before ? "no change" : "a change of less than 1%";
    return fmt::format("{} of {}%", after > before ? "an increase" : "a decrease", rounded);
}

namespace {

std::string three_sentence(const DashboardResult& r, const Theme& t, const AreaThemeFigures& f) {
    const auto [a, b] = window_months(Window::three, r.month);
    const double n = f.at(Window::three).count;
    if (std::isnan(n)) return "";
    std::string s = fmt::format("In the 3 months of {} there were {:.0f} cases of {}.", months_text(a, b), n, lower_first(t.name));
    const double m = f.at(Window::three_before).count;
    if (!std::isnan(m)) {
        const std::string w = change_words(m, n);
        s += fmt::format(" In the same months a year earlier there were {:.0f}{}.", m, w.empty() ? "" : "; " + w);
    }
    return s;
}

std::string twelve_sentence(const DashboardResult& r, const AreaThemeFigures& f) {
    const double n = f.at(Window::twelve).count, m = f.at(Window::twelve_before).count;
    if (std::isnan(n)) return "";
    std::string s = fmt::format("There were {:.0f} in the 12 months up to {}.", n, months_text(r.month, r.month));
    if (!std::isnan(m)) {
        s += fmt::format(" In the 12 months prior there were {:.0f}.", m);
        const std::string w = change_words(m, n);
        if (!w.empty()) s += " This is " + w + ".";
    }
    return s;
}

}  // namespace

void DashboardStep::write(const Result& result, Writer& w) const {
    const auto& r = result_as<DashboardResult>(result);
    const std::size_t themes = r.themes.size();
    const std::string month = format_month_number(r.month);
    const auto cm = cube_members(r);
    auto window = [&](std::size_t area, std::size_t th, Window win) {
        const auto [a, b] = window_months(win, r.month);
        return cm.of(area, th, a, b);
    };
    if (!m_output.empty()) {
        const bool spatial = !m_output.empty() && (io::driver_for(m_output) == "GPKG" || io::driver_for(m_output) == "GeoJSON");
        io::FeatureTable t;
        t.layer = "dashboard";
        t.crs = m_input.work_crs;
        t.metadata = r.metadata;
        using io::FieldType;
        using R = ColumnRole;
        auto field = [&](const std::string& n, FieldType type, R role, Derivation d = {}) {
            t.fields.push_back({n, type, role, std::move(d)});
        };
        const auto& unit = r.unit;
        field(unit.code, FieldType::text, R::area);
        field(unit.name, FieldType::text, R::area);
        if (spatial) {
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
            // Five classes by quintile of the first theme's 12-month figure.
            std::vector<double> v;
            for (double x : first_values)
                if (!std::isnan(x)) v.push_back(x);
            std::sort(v.begin(), v.end());
            std::vector<double> bounds;
            for (int q = 1; q <= 5 && !v.empty(); ++q) {
                const double b = v[std::min(v.size() - 1, v.size() * static_cast<std::size_t>(q) / 5)];
                if (bounds.empty() || b > bounds.back()) bounds.push_back(b);
            }
            const std::string key = r.themes.front().key + (by_rate ? "_rate_12m" : "_12m");
            std::vector<Members> members;
            for (std::size_t th = 0; th < themes; ++th)
                for (const auto& [suffix, win] : {std::pair{"_3m", Window::three}, std::pair{"_3m_before", Window::three_before},
                                                  std::pair{"_12m", Window::twelve}, std::pair{"_12m_before", Window::twelve_before}}) {
                    Members m{r.themes[th].key + suffix, {}, cm.own_ids};
                    for (std::size_t k = 0; k < r.reported.size(); ++k)
                        if (!r.areas[r.reported[k]].polygon.empty()) m.rows.push_back(window(r.reported[k], th, win));
                    members.push_back(std::move(m));
                }
            for (std::size_t th = 0; th < themes; ++th)
                for (const auto& [column, months] : fytd_count_columns(r)) {
                    Members m{r.themes[th].key + column.substr(5), {}, cm.own_ids};  // count_fytd -> KEY_fytd
                    for (std::size_t k = 0; k < r.reported.size(); ++k)
                        if (!r.areas[r.reported[k]].polygon.empty())
                            m.rows.push_back(cm.of(r.reported[k], th, months.first, months.second));
                    members.push_back(std::move(m));
                }
            w.counts("board", std::move(members));
            const double highest = v.empty() ? 0 : v.back();
            w.features("board", t,
                       unit.streets ? io::segment_count_style(highest, key, "hotspots dashboard: " + r.themes.front().name +
                                                                                ", 12 months to " + month + ", count per segment")
                                    : io::choropleth_style("hotspots dashboard: " + r.themes.front().name + ", 12 months to " + month +
                                                (by_rate ? ", per 1,000 residents" : ", count"),
                                            key, v.empty() ? 0 : v.front(), bounds, unit.name));
        } else {
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
                members.push_back(std::move(m));
            }
            for (const auto& [column, months] : fytd_count_columns(r)) {
                Members m{column, {}, cm.own_ids};
                for (std::size_t k = 0; k < r.reported.size(); ++k)
                    for (std::size_t th = 0; th < themes; ++th)
                        m.rows.push_back(cm.of(r.reported[k], th, months.first, months.second));
                members.push_back(std::move(m));
            }
            w.counts("board", std::move(members));
            w.features("board", t, "");
        }
    }
    if (!m_tidy.empty()) {
        using R = ColumnRole;
        const auto& unit = r.unit;
        std::vector<Column> header{{unit.code, R::area},     {unit.name, R::area},      {"theme", R::identifier},
                                   {"period", R::identifier},   {"first_month", R::identifier},
                                   {"last_month", R::identifier}, {"count", R::count}};
        // Residents and rates per 1,000; a segment's length and rates per 100 m; none for cells.
        if (unit.kind == "areas")
            header.insert(header.end(), {{"population", R::measure}, {"population_year", R::measure},
                                         {"rate", R::rate, Derivation::ratio("count", "population", 1000)},
                                         {"rate_low", R::rate, Derivation::interval(false, "count", "population", 1000, m_confidence)},
                                         {"rate_high", R::rate, Derivation::interval(true, "count", "population", 1000, m_confidence)}});
        else if (unit.streets)
            header.insert(header.end(), {{"length_m", R::measure},
                                         {"per_100m", R::rate, Derivation::ratio("count", "length_m", 100)},
                                         {"per_100m_low", R::rate, Derivation::interval(false, "count", "length_m", 100, m_confidence)},
                                         {"per_100m_high", R::rate, Derivation::interval(true, "count", "length_m", 100, m_confidence)}});
        header.insert(header.end(), {{"in_data", R::identifier}, {"missing_months", R::identifier}});
        std::vector<std::vector<std::string>> rows;
        auto real = [](double v) { return std::isnan(v) ? std::string() : fmt::format("{}", v); };
        for (std::size_t k = 0; k < r.reported.size(); ++k)
            for (std::size_t th = 0; th < themes; ++th)
                for (Window win : all_windows) {
                    const auto& f = r.figures.figures[k * themes + th].at(win);
                    const auto [a, b] = window_months(win, r.month);
                    const std::string gaps = months_list(f.gaps);
                    std::vector<std::string> row{r.areas[r.reported[k]].code, r.areas[r.reported[k]].name, r.themes[th].key,
                                                 window_name(win), format_month_number(a), format_month_number(b), real(f.count)};
                    if (!unit.grid) row.push_back(real(f.population));
                    if (unit.kind == "areas") row.push_back(f.population_year ? std::to_string(f.population_year) : "");
                    if (!unit.grid) row.insert(row.end(), {real(f.rate), real(f.rate_low), real(f.rate_high)});
                    row.insert(row.end(), {f.in_data ? "yes" : "no", gaps});
                    rows.push_back(std::move(row));
                }
        Members m{"count", {}, cm.own_ids};
        for (std::size_t k = 0; k < r.reported.size(); ++k)
            for (std::size_t th = 0; th < themes; ++th)
                for (Window win : all_windows) m.rows.push_back(window(r.reported[k], th, win));
        w.counts("tidy", {std::move(m)});
        w.table("tidy", header, rows, r.metadata);
    }
    write_weekly(r, w);
    write_outcomes(r, w);
    write_repeats(r, w);
    if (!m_series.empty()) {
        // A million lines for London's wards: formatted straight into one buffer.
        std::string lines;
        auto out = std::back_inserter(lines);
        for (std::size_t k = 0; k < r.reported.size(); ++k) {
            const std::size_t a = r.reported[k];
            const auto& gaps = r.figures.gaps[k];
            std::string area;
            io::append_csv_field(area, r.areas[a].code);
            area += ',';
            io::append_csv_field(area, r.areas[a].name);
            for (std::size_t th = 0; th < themes; ++th) {
                // The theme's key is a crime type as the data spell it: quoted and neutralised
                // like the names (a type "=cmd|..." or "a, b").
                std::string key;
                io::append_csv_field(key, r.themes[th].key);
                const auto& levels = r.changes[k * themes + th];
                for (int m = 0; m < r.cube.months; ++m) {
                    const int month_n = r.cube.first_month + m;
                    const bool gap = std::binary_search(gaps.begin(), gaps.end(), month_n);
                    const double pop = population_for(r.population[a], month_n / 12).first;
                    const double c = r.cube.count(a, th, m);
                    fmt::format_to(out, "{},{},{:04d}-{:02d},", area, key, month_n / 12, month_n % 12 + 1);
                    if (!gap) fmt::format_to(out, "{:.0f}", c);
                    if (!r.unit.grid) {  // residents and the rate per 1,000, or metres and per 100 m
                        lines += ',';
                        if (!std::isnan(pop) && r.unit.streets) fmt::format_to(out, "{:.1f}", pop);
                        else if (!std::isnan(pop)) fmt::format_to(out, "{:.0f}", pop);
                        lines += ',';
                        if (!std::isnan(pop) && !gap) fmt::format_to(out, "{:.6g}", c / pop * (r.unit.streets ? 100 : 1000));
                    }
                    lines += gap ? ",yes," : ",no,";
                    // The level: the Poisson mean of the months between two changes (docs/dashboard.md).
                    if (const double level = levels.level[std::size_t(m)]; !std::isnan(level)) fmt::format_to(out, "{:.4g}", level);
                    const bool change = std::binary_search(levels.starts.begin(), levels.starts.end(), m);
                    lines += change ? ",yes\n" : ",\n";
                }
            }
        }
        Members m{"count", {}, cm.own_ids};
        for (std::size_t k = 0; k < r.reported.size(); ++k)
            for (std::size_t th = 0; th < themes; ++th)
                for (int mo = 0; mo < r.cube.months; ++mo) {
                    const int n = r.cube.first_month + mo;
                    m.rows.push_back(cm.of(r.reported[k], th, n, n));
                }
        w.counts("series", {std::move(m)});
        using R = ColumnRole;
        std::vector<Column> header{{r.unit.code, R::area}, {r.unit.name, R::area}, {"theme", R::identifier},
                                   {"month", R::identifier}, {"count", R::count}};
        if (r.unit.streets)
            header.insert(header.end(), {{"length_m", R::measure}, {"per_100m", R::rate, Derivation::ratio("count", "length_m", 100)}});
        else if (!r.unit.grid)
            header.insert(header.end(), {{"population", R::measure},
                                         {"rate_per_1000", R::rate, Derivation::ratio("count", "population", 1000)}});
        header.insert(header.end(), {{"missing", R::identifier}, {"level", R::rate}, {"level_change", R::category}});
        w.csv("series", header, lines, r.metadata);
    }
}

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
