// dashboard: its products (the board, the tidy table, the monthly series) and the helpers their
// files share (steps/dashboard_detail.hpp).
#include "io/gdal_util.hpp"
#include "io/qgis_style.hpp"
#include "io/street_style.hpp"
#include "io/table_writer.hpp"
#include "steps/dashboard.hpp"
#include "steps/dashboard_detail.hpp"
#include "steps/dashboard_periods.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>


namespace hotspots::steps {
namespace {

const char* month_names[] = {"January", "February", "March",     "April",   "May",      "June",
                             "July",    "August",   "September", "October", "November", "December"};

std::string lower_first(std::string s) {
    // "Residential burglary" -> "residential burglary"; "ASB" stays.
    if (s.size() > 1 && std::isupper(static_cast<unsigned char>(s[0])) && std::islower(static_cast<unsigned char>(s[1])))
        s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
    return s;
}

}  // namespace

namespace detail {

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

std::vector<std::uint32_t> CubeMembers::of(std::size_t a, std::size_t th, int first, int last) const {
    std::vector<std::uint32_t> out;
    for (int m = std::max(first, cube->first_month); m <= last && m < cube->first_month + cube->months; ++m) {
        const auto& c = cell[(a * cube->themes + th) * std::size_t(cube->months) + std::size_t(m - cube->first_month)];
        out.insert(out.end(), c.begin(), c.end());
    }
    return out;
}

std::vector<std::uint32_t> CubeMembers::in_window(std::size_t a, std::size_t th, Window win, int month) const {
    const auto [first, last] = window_months(win, month);
    return of(a, th, first, last);
}

io::FeatureTable board_table(const DashboardResult& r, const std::string& crs) {
    io::FeatureTable t;
    t.layer = "dashboard";
    t.crs = crs;
    t.metadata = r.metadata;
    t.fields.push_back({r.unit.code, io::FieldType::text, ColumnRole::area, {}});
    t.fields.push_back({r.unit.name, io::FieldType::text, ColumnRole::area, {}});
    return t;
}

}  // namespace detail

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

namespace detail {

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

}  // namespace detail

void DashboardStep::write(const Result& result, Writer& w) const {
    const auto& r = result_as<DashboardResult>(result);
    const auto cm = detail::cube_members(r);
    if (!m_output.empty()) {
        const bool spatial = io::driver_for(m_output) == "GPKG" || io::driver_for(m_output) == "GeoJSON";
        if (spatial) write_layer(r, cm, w);
        else write_board(r, cm, w);
    }
    if (!m_tidy.empty()) write_tidy(r, cm, w);
    write_weekly(r, w);
    write_outcomes(r, w);
    write_repeats(r, w);
    if (!m_series.empty()) write_series(r, cm, w);
}

void DashboardStep::write_tidy(const DashboardResult& r, const detail::CubeMembers& cm, Writer& w) const {
    const std::size_t themes = r.themes.size();
    auto window = [&](std::size_t area, std::size_t th, Window win) { return cm.in_window(area, th, win, r.month); };
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
                const std::string gaps = detail::months_list(f.gaps);
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
    add_street_lengths(m, r.unit_length, r.reported, themes * std::size(all_windows));
    w.counts("tidy", {std::move(m)});
    w.table("tidy", header, rows, r.metadata);
}

void DashboardStep::write_series(const DashboardResult& r, const detail::CubeMembers& cm, Writer& w) const {
    const std::size_t themes = r.themes.size();
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
    add_street_lengths(m, r.unit_length, r.reported, themes * static_cast<std::size_t>(r.cube.months));
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

}  // namespace hotspots::steps
